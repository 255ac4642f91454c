import LLALLanguage
import LLALNN
import LLALRender
import LLALTensor

/// A model built by a `model` block: its graph of named nodes, displayed as a table of
/// nodes, layers, output shapes and parameter counts (an HTML table on a notebook page, a
/// pipe table in Markdown).
///
/// `Net.c1` is the node named `c1` (for taps and features); `Net.graph` (and `:graph Net`
/// in the REPL) shows how the nodes connect. Calling the model builds it again with other
/// arguments: `ResNet18(classes: 100)`, `Net(x: [3, 32, 32])`.
final class ModelValue: CallableHostObject, Displayable, GraphDisplayable {
  /// The finished build (closed).
  let build: ModelBuild
  /// The block it was built from, to build it again with other arguments.
  let definition: BlockDefinition

  /// A model value over a closed `build` of `definition`.
  init(build: ModelBuild, definition: BlockDefinition) {
    self.build = build
    self.definition = definition
  }

  /// The graph.
  var graph: ModelGraph { build.graph }

  var typeName: String { "model" }

  var description: String { graph.summary().description }

  var memberNames: [String] {
    graph.nodes.map(\.name) + [
      "nodes", "parameters", "input_shape", "output_shape", "graph", "save",
    ]
  }

  /// A node by name; then the model's own properties (a node's name wins).
  func member(_ name: String) throws -> Value? {
    if let node = graph.nodes.first(where: { $0.name == name }) {
      return .host(NodeValue(build: build, id: node.id))
    }
    switch name {
    case "nodes": return .list(graph.nodes.map { .string($0.name) })
    case "parameters": return .int(graph.parameterCount)
    case "input_shape": return .list(graph.inputShape.map { .int($0) })
    case "output_shape": return .list(graph.outputShape.map { .int($0) })
    case "graph": return .host(graphDisplay())
    case "save":
      return .function(FunctionValue(.method(WeightFiles.modelSave, receiver: .host(self))))
    default: return nil
    }
  }

  var callSignature: Signature { definition.signature }

  /// Builds the block again; arguments left out take the block's defaults.
  func call(_ arguments: Arguments) throws -> Value {
    let given = (0..<callSignature.parameters.count).map { i -> Value? in
      arguments.ranges[i] == nil ? nil : arguments[i]
    }
    return .host(
      try arguments.interpreter.buildModel(definition, arguments: given, at: arguments.callRange))
  }

  /// The summary as an HTML table.
  func rendering(_ format: DisplayFormat) -> String? {
    format == .html ? summaryTable.html() : nil
  }

  /// The summary as a pipe table.
  func markdown() -> String? { summaryTable.markdown() }

  /// The graph table: each node with its inputs and the nodes that read it.
  func graphDisplay() -> any Displayable { TableValue(graphTable, typeName: "graph") }
}
