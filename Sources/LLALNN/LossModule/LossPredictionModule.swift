import LLALTensor

/// The loss prediction module of Yoo & Kweon (CVPR 2019): it reads features tapped from
/// named nodes of a target model and predicts each sample's loss.
///
/// For each tap: global average pool (for `[C, H, W]` taps; `[F]` taps are used as
/// they are) → linear(`width`) → ReLU; the results are concatenated and a final linear
/// layer gives one scalar per sample. Parameter names follow the PyTorch reference
/// (`fcs.0.weight`, …, `out.bias`), so checkpoints line up with its `LossNet`.
public final class LossPredictionModule {
  /// The tapped nodes of the target model, in order.
  public let taps: [NodeID]
  /// Their names, as the target model had them when the module was made.
  public let tapNames: [String]
  /// Their per-sample shapes.
  public let tapShapes: [[Int]]
  /// The hidden width per tap (128 in the paper).
  public let width: Int
  /// The seed the parameters were last initialised from.
  public private(set) var seed: UInt64
  /// Per tap: the hidden layer's weight `[width, C]` and bias `[width]`.
  private let hidden: [(weight: Tensor, bias: Tensor)]
  /// The output layer's weight `[1, width·taps]` and bias `[1]`.
  private let out: (weight: Tensor, bias: Tensor)

  /// A module over `taps` of `model`, with `width` hidden units per tap.
  public init(model: ModelGraph, taps: [NodeID], width: Int = 128, seed: UInt64 = 0) throws {
    guard !taps.isEmpty else {
      throw ModelError(node: nil, "the loss module needs at least one tap")
    }
    guard width > 0 else {
      throw ModelError(node: nil, "the loss module's width must be positive, got \(width)")
    }
    var shapes: [[Int]] = []
    var names: [String] = []
    for t in taps {
      let n = try model.node(t)
      guard n.outputShape.count == 3 || n.outputShape.count == 1 else {
        throw ModelError(
          node: n.name, layer: n.layerDescription,
          "a loss-module tap must be [channels, height, width] or [features], got "
            + describeShape(n.outputShape))
      }
      shapes.append(n.outputShape)
      names.append(n.name)
    }
    self.taps = taps
    self.tapNames = names
    self.tapShapes = shapes
    self.width = width
    self.seed = seed
    hidden = try shapes.map { s in
      (try Tensor.zeros([width, s[0]]).requiringGrad(), try Tensor.zeros([width]).requiringGrad())
    }
    out = (
      try Tensor.zeros([1, width * shapes.count]).requiringGrad(),
      try Tensor.zeros([1]).requiringGrad()
    )
    try initialize(seed: seed)
  }

  /// A module over the nodes of `model` named `taps`.
  public convenience init(model: ModelGraph, tapNames: [String], width: Int = 128, seed: UInt64 = 0)
    throws
  {
    try self.init(model: model, taps: try tapNames.map(model.id(named:)), width: width, seed: seed)
  }

  /// Draws the weights again from `seed` (Kaiming-uniform, zero biases), in place.
  public func initialize(seed: UInt64) throws {
    self.seed = seed
    var g = RandomGenerator(seed: seed ^ 0x4C4F_5353_4E45_5400)  // "LOSSNET": its own stream
    for (s, layer) in zip(tapShapes, hidden) {
      try layer.weight.assign(
        try Initializer.kaimingUniform(fanIn: s[0]).makeTensor(layer.weight.shape, generator: &g))
      try layer.bias.assign(try Tensor.zeros(layer.bias.shape))
    }
    try out.weight.assign(
      try Initializer.kaimingUniform(fanIn: out.weight.shape[1]).makeTensor(
        out.weight.shape, generator: &g))
    try out.bias.assign(try Tensor.zeros([1]))
    for p in parameters { p.tensor.zeroGrad() }
  }

  /// The predicted loss `[N]` for the tapped features (batched, in tap order).
  public func forward(_ features: [Tensor]) throws -> Tensor {
    guard features.count == taps.count else {
      throw ModelError(
        node: nil, "the loss module expects \(taps.count) tapped features, got \(features.count)")
    }
    var hs: [Tensor] = []
    for (i, f) in features.enumerated() {
      guard f.rank == tapShapes[i].count + 1, Array(f.shape.dropFirst()) == tapShapes[i] else {
        throw ModelError(
          node: tapNames[i],
          "the loss module expects tapped features [N, "
            + tapShapes[i].map(String.init).joined(separator: ", ")
            + "], got \(describeShape(f.shape))")
      }
      let pooled = f.rank == 4 ? try f.globalAvgPool() : f
      hs.append(
        try Tensor.linear(pooled, weight: hidden[i].weight, bias: hidden[i].bias).relu())
    }
    let joined = hs.count == 1 ? hs[0] : try Tensor.concat(hs, axis: 1)
    return try Tensor.linear(joined, weight: out.weight, bias: out.bias).reshaped([-1])
  }

  /// The parameters, named as in the PyTorch reference (`fcs.i.weight`, `out.weight`, …).
  public var parameters: [NamedTensor] {
    hidden.enumerated().flatMap { i, l in
      [NamedTensor("fcs.\(i).weight", l.weight), NamedTensor("fcs.\(i).bias", l.bias)]
    } + [NamedTensor("out.weight", out.weight), NamedTensor("out.bias", out.bias)]
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

  /// Clears every parameter's gradient.
  public func zeroGrad() { for p in parameters { p.tensor.zeroGrad() } }
}
