import LLALTensor

/// A model as a DAG of named nodes, built one node at a time.
///
/// Each `add` applies a layer to earlier nodes, infers the per-sample output shape at
/// once (a mismatch is a `ModelError` naming the node and both shapes) and creates the
/// layer's parameters with PyTorch's default initialisation. Nodes are stored in the
/// order they were added, which is a topological order.
///
/// ```swift
/// let g = try ModelGraph(name: "Net", inputShape: [1, 8, 8])
/// var h = try g.add(Conv2d(outChannels: 16, kernel: 3, padding: 1, bias: false), g.input)
/// h = try g.add(BatchNorm(), h)
/// let c1 = try g.add(ReLU(), h, name: "c1")
/// let out = try g.add(Linear(outFeatures: 10), try g.add(GlobalAvgPool(), c1))
/// let r = try g.forward(x, mode: .train, taps: [c1])   // r.output, r.taps[0]
/// ```
public final class ModelGraph {
  /// The model's name, shown in summaries.
  public let name: String
  /// The nodes in the order they were added; `nodes[0]` is the input.
  public private(set) var nodes: [GraphNode] = []
  /// The node whose value `forward` returns; the last node added unless set.
  public private(set) var output: NodeID
  /// The seed the parameters were last initialised from.
  public private(set) var seed: UInt64
  private var outputWasSet = false

  /// A graph with one input node of per-sample shape `inputShape` (e.g. `[1, 8, 8]`).
  public init(name: String = "model", inputShape: [Int], inputName: String = "x", seed: UInt64 = 0)
    throws
  {
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
      throw ModelError(
        node: inputName, layer: "input",
        "the input shape must have positive dimensions, got \(describeShape(inputShape))")
    }
    self.name = name
    self.seed = seed
    self.output = NodeID(0)
    nodes.append(
      GraphNode(
        id: NodeID(0), name: inputName, layer: nil, inputs: [], outputShape: inputShape,
        parameterSpecs: [], bufferSpecs: [], parameters: [], buffers: []))
  }

  /// The input node.
  public var input: NodeID { NodeID(0) }
  /// The per-sample input shape.
  public var inputShape: [Int] { nodes[0].outputShape }
  /// The per-sample output shape.
  public var outputShape: [Int] { nodes[output.index].outputShape }

  // MARK: - Building

  /// Applies `layer` to `inputs`, naming the node `name` (or `kind_n` when nil), and
  /// returns its handle. Throws when a name is taken, an input is not a node of this
  /// graph, or the layer refuses the input shapes.
  @discardableResult
  public func add(_ layer: any Layer, inputs: [NodeID], name: String? = nil) throws -> NodeID {
    let nodeName = name ?? autoName(layer.kind)
    let described = layer.description
    guard nodes.allSatisfy({ $0.name != nodeName }) else {
      throw ModelError(node: nodeName, layer: described, "a node with this name already exists")
    }
    guard layer.inputArity.contains(inputs.count) else {
      let arity = layer.inputArity
      let wanted =
        arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound)"
      throw ModelError(
        node: nodeName, layer: described, "takes \(wanted) input(s), got \(inputs.count)")
    }
    for i in inputs where !nodes.indices.contains(i.index) {
      throw ModelError(node: nodeName, layer: described, "input node #\(i.index) does not exist")
    }
    let shapes = inputs.map { nodes[$0.index].outputShape }
    let shape: [Int]
    do {
      shape = try layer.outputShape(shapes)
    } catch {
      throw ModelError(node: nodeName, layer: described, "\(error)")
    }
    let id = NodeID(nodes.count)
    let pSpecs = layer.parameterSpecs(shapes)
    let bSpecs = layer.bufferSpecs(shapes)
    var g = ModelGraph.generator(seed: seed, node: id.index)
    let params = try pSpecs.map { try $0.initializer.makeTensor($0.shape, generator: &g) }
    let bufs = try bSpecs.map { try $0.initializer.makeTensor($0.shape, generator: &g) }
    for p in params { p.requiringGrad() }
    nodes.append(
      GraphNode(
        id: id, name: nodeName, layer: layer, inputs: inputs, outputShape: shape,
        parameterSpecs: pSpecs, bufferSpecs: bSpecs, parameters: params, buffers: bufs))
    if !outputWasSet { output = id }
    return id
  }

  /// Applies the single-input `layer` to `input`; see `add(_:inputs:name:)`.
  @discardableResult
  public func add(_ layer: any Layer, _ input: NodeID, name: String? = nil) throws -> NodeID {
    try add(layer, inputs: [input], name: name)
  }

  /// Renames a node (e.g. the last node of a pipeline bound to a name in a script).
  public func rename(_ id: NodeID, to newName: String) throws {
    let n = try node(id)
    if n.name == newName { return }
    guard nodes.allSatisfy({ $0.name != newName }) else {
      throw ModelError(node: newName, "a node with this name already exists")
    }
    n.name = newName
  }

  /// Makes `id` the node whose value `forward` returns.
  public func setOutput(_ id: NodeID) throws {
    _ = try node(id)
    output = id
    outputWasSet = true
  }

  /// Draws every parameter and resets every buffer again from `seed`, in place (so an
  /// optimizer holding the tensors keeps working). Node `i` draws from its own stream, so
  /// a node's initial values do not depend on the nodes added after it.
  public func initialize(seed: UInt64) throws {
    self.seed = seed
    for n in nodes {
      var g = ModelGraph.generator(seed: seed, node: n.id.index)
      for (spec, t) in zip(n.parameterSpecs, n.parameters) {
        try t.assign(try spec.initializer.makeTensor(spec.shape, generator: &g))
        t.zeroGrad()
      }
      for (spec, t) in zip(n.bufferSpecs, n.buffers) {
        try t.assign(try spec.initializer.makeTensor(spec.shape, generator: &g))
      }
    }
  }

  /// An independent graph with the same nodes and copies of the current tensors.
  public func copy() throws -> ModelGraph {
    let g = try ModelGraph(name: name, inputShape: inputShape, inputName: nodes[0].name, seed: seed)
    for n in nodes.dropFirst() {
      guard let layer = n.layer else { continue }  // only nodes[0] has none
      let id = try g.add(layer, inputs: n.inputs, name: n.name)
      for (dst, src) in zip(g.nodes[id.index].parameters, n.parameters) { try dst.assign(src) }
      for (dst, src) in zip(g.nodes[id.index].buffers, n.buffers) { try dst.assign(src) }
    }
    if outputWasSet { try g.setOutput(output) }
    return g
  }

  private func autoName(_ kind: String) -> String {
    var k = nodes.filter { $0.kind == kind }.count + 1
    while nodes.contains(where: { $0.name == "\(kind)_\(k)" }) { k += 1 }
    return "\(kind)_\(k)"
  }

  /// Node `node`'s own stream of the graph's seed.
  static func generator(seed: UInt64, node: Int) -> RandomGenerator {
    RandomGenerator(seed: seed ^ (UInt64(node + 1) &* 0x9E37_79B9_7F4A_7C15))
  }

  // MARK: - Looking up

  /// The node with handle `id`, or an error when it is not in this graph.
  public func node(_ id: NodeID) throws -> GraphNode {
    guard nodes.indices.contains(id.index) else {
      throw ModelError("\(name) has no node #\(id.index)")
    }
    return nodes[id.index]
  }

  /// The handle of the node called `name`, or an error listing the names there are.
  public func id(named name: String) throws -> NodeID {
    guard let n = nodes.first(where: { $0.name == name }) else {
      throw ModelError(
        "\(self.name) has no node named '\(name)' (nodes: "
          + nodes.map(\.name).joined(separator: ", ") + ")")
    }
    return n.id
  }

  /// The per-sample output shape of node `id`.
  public func outputShape(of id: NodeID) throws -> [Int] { try node(id).outputShape }

  /// Every parameter, named `node.local`, in node order.
  public var parameters: [NamedTensor] { nodes.flatMap(\.namedParameters) }
  /// Every buffer (running statistics), named `node.local`, in node order.
  public var buffers: [NamedTensor] { nodes.flatMap(\.namedBuffers) }
  /// The total number of trainable scalars.
  public var parameterCount: Int { nodes.reduce(0) { $0 + $1.parameterCount } }

  /// Clears every parameter's gradient.
  public func zeroGrad() { for n in nodes { for p in n.parameters { p.zeroGrad() } } }
}
