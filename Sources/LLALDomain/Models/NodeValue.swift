import LLALLanguage
import LLALNN
import LLALTensor

/// A named node of a model graph as the language sees it: `x`, `c1` inside a `model`
/// block, or `Net.c1` afterwards (a reference for taps and features).
///
/// Members: `name`, `shape` (per sample), `channels` (its first axis), `layer`, `model`.
/// `a + b` on two nodes of the model being built adds a residual `add()` node.
final class NodeValue: OperatorHostObject {
  /// The build the node belongs to.
  let build: ModelBuild
  /// The node's handle in `build.graph`.
  let id: NodeID

  /// The node `id` of `build`.
  init(build: ModelBuild, id: NodeID) {
    self.build = build
    self.id = id
  }

  /// The graph node (the handle came from this graph, so the look-up cannot fail).
  var node: GraphNode { build.graph.nodes[id.index] }

  var typeName: String { "node" }

  /// `Net.c2`: how a node of a finished model is written.
  var spelling: String? { "\(build.name).\(node.name)" }

  var description: String {
    let shape = describeShape(node.outputShape)
    return "node \(node.name) of \(build.name): \(node.layerDescription) \(shape)"
  }

  var memberNames: [String] { ["name", "shape", "channels", "layer", "model"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "name": return .string(node.name)
    case "shape": return .list(node.outputShape.map { .int($0) })
    case "channels": return .int(node.outputShape[0])
    case "layer": return .string(node.layerDescription)
    case "model": return .string(build.name)
    default: return nil
    }
  }

  func binary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value? {
    guard op == .add, case .host(let l) = left, case .host(let r) = right,
      let a = l as? NodeValue, let b = r as? NodeValue
    else { return nil }
    return try LayerApplication.add(Add(), inputs: [a, b])
  }
}
