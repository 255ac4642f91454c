import LLALTensor

/// A handle on a node of one `ModelGraph`: its position in the graph.
public struct NodeID: Hashable, Sendable, Comparable {
  /// The node's index in `ModelGraph.nodes` (topological order).
  public let index: Int
  /// The handle of node `index`.
  public init(_ index: Int) { self.index = index }
  /// Earlier nodes first.
  public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
}

/// A tensor with its checkpoint name (`"c1.weight"`).
public struct NamedTensor {
  /// The name, `node.local` for a graph's tensors.
  public let name: String
  /// The tensor (parameters are updated in place by optimizers).
  public let tensor: Tensor
  /// Pairs `name` with `tensor`.
  public init(_ name: String, _ tensor: Tensor) {
    self.name = name
    self.tensor = tensor
  }
}

/// One named node of a model graph: a layer applied to earlier nodes, with the output
/// shape inferred when it was added and the tensors the layer owns.
public final class GraphNode {
  /// The node's handle.
  public let id: NodeID
  /// The node's unique name within its graph (tap and checkpoint names use it).
  public internal(set) var name: String
  /// The layer, or nil for the graph's input node.
  public let layer: (any Layer)?
  /// The nodes this one reads, in argument order.
  public let inputs: [NodeID]
  /// The per-sample output shape.
  public let outputShape: [Int]
  /// The specs the parameters were made from (names, shapes, initialisers).
  public let parameterSpecs: [ParameterSpec]
  /// The specs the buffers were made from.
  public let bufferSpecs: [ParameterSpec]
  /// Trainable tensors, in spec order (leaves with `requiresGrad`).
  public let parameters: [Tensor]
  /// Non-trainable state (running statistics), in spec order.
  public let buffers: [Tensor]

  init(
    id: NodeID, name: String, layer: (any Layer)?, inputs: [NodeID], outputShape: [Int],
    parameterSpecs: [ParameterSpec], bufferSpecs: [ParameterSpec], parameters: [Tensor],
    buffers: [Tensor]
  ) {
    self.id = id
    self.name = name
    self.layer = layer
    self.inputs = inputs
    self.outputShape = outputShape
    self.parameterSpecs = parameterSpecs
    self.bufferSpecs = bufferSpecs
    self.parameters = parameters
    self.buffers = buffers
  }

  /// The layer's kind, or `"input"`.
  public var kind: String { layer?.kind ?? "input" }

  /// The layer as written (`conv2d(16, 3, pad: 1)`), or `input`.
  public var layerDescription: String { layer?.description ?? "input" }

  /// The number of trainable scalars the node owns.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Parameters named `node.local`, in spec order.
  public var namedParameters: [NamedTensor] {
    zip(parameterSpecs, parameters).map { NamedTensor("\(name).\($0.name)", $1) }
  }

  /// Buffers named `node.local`, in spec order.
  public var namedBuffers: [NamedTensor] {
    zip(bufferSpecs, buffers).map { NamedTensor("\(name).\($0.name)", $1) }
  }
}
