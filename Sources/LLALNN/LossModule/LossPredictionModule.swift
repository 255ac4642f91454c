import LLALTensor

/// The loss prediction module of Yoo & Kweon (CVPR 2019): it reads features tapped from
/// named nodes of a target model and predicts each sample's loss.
///
/// By default, the paper's: for each tap, global average pool (for `[C, H, W]` taps;
/// `[F]` taps are used as they are) → linear(`width`) → ReLU; the results are
/// concatenated and a final linear layer gives one scalar per sample. `LossModuleOptions`
/// changes each part: per-tap widths, global max pooling, another activation, dropout on
/// the concatenation and a hidden layer after it. Parameter names follow the PyTorch
/// reference (`fcs.0.weight`, …, `out.bias`; the hidden layer is `hidden.weight`,
/// `hidden.bias`), so checkpoints line up with its `LossNet`.
public final class LossPredictionModule: CustomStringConvertible {
  /// Its parts: the tapped nodes, per tap and after the concatenation.
  public let layout: LossModuleLayout
  /// The seed the parameters were last initialised from.
  public private(set) var seed: UInt64
  /// Per tap: the linear layer's weight `[width, C]` and bias `[width]`.
  private let fcs: [(weight: Tensor, bias: Tensor)]
  /// The layer between the concatenation and the output, if any: `[hidden, Σ widths]`
  /// and `[hidden]`.
  private let hidden: (weight: Tensor, bias: Tensor)?
  /// The output layer's weight `[1, hidden or Σ widths]` and bias `[1]`.
  private let out: (weight: Tensor, bias: Tensor)

  /// A module with the parts of `layout` (resolved, with its taps, where the module was
  /// declared), its weights drawn from `seed`.
  public init(layout: LossModuleLayout, seed: UInt64 = 0) throws {
    self.layout = layout
    self.seed = seed
    fcs = try layout.taps.map { t in
      (
        try Tensor.zeros([t.width, t.inputs]).requiringGrad(),
        try Tensor.zeros([t.width]).requiringGrad()
      )
    }
    let h = layout.options.hidden
    hidden =
      h > 0
      ? (
        try Tensor.zeros([h, layout.concatenatedWidth]).requiringGrad(),
        try Tensor.zeros([h]).requiringGrad()
      ) : nil
    out = (
      try Tensor.zeros([1, layout.outputInputs]).requiringGrad(),
      try Tensor.zeros([1]).requiringGrad()
    )
    try initialize(seed: seed)
  }

  /// A module over `taps` of `model`, built as `options` say (the paper's by default).
  public convenience init(
    model: ModelGraph, taps: [NodeID], options: LossModuleOptions = .paper, seed: UInt64 = 0
  ) throws {
    try self.init(
      layout: try LossModuleLayout(model: model, taps: taps, options: options), seed: seed)
  }

  /// A module over `taps` of `model` with the paper's structure and `width` hidden units
  /// per tap.
  public convenience init(model: ModelGraph, taps: [NodeID], width: Int, seed: UInt64 = 0)
    throws
  {
    try self.init(model: model, taps: taps, options: LossModuleOptions(width: width), seed: seed)
  }

  /// The tapped nodes of the target model, in order.
  public var taps: [NodeID] { layout.taps.map(\.id) }
  /// The options the module was built with.
  public var options: LossModuleOptions { layout.options }
  /// The tapped nodes' names, as the target model had them when the module was made.
  public var tapNames: [String] { layout.taps.map(\.name) }
  /// The tapped nodes' per-sample shapes.
  public var tapShapes: [[Int]] { layout.taps.map(\.shape) }
  /// The hidden width of each tap's linear layer (128 in the paper).
  public var widths: [Int] { layout.taps.map(\.width) }

  /// Draws the weights again from `seed` (Kaiming-uniform, zero biases), in place: the
  /// taps' layers in order, then the hidden layer, then the output layer.
  public func initialize(seed: UInt64) throws {
    self.seed = seed
    var g = RandomGenerator(seed: seed ^ 0x4C4F_5353_4E45_5400)  // "LOSSNET": its own stream
    for layer in fcs + (hidden.map { [$0] } ?? []) + [out] {
      try layer.weight.assign(
        try Initializer.kaimingUniform(fanIn: layer.weight.shape[1]).makeTensor(
          layer.weight.shape, generator: &g))
      try layer.bias.assign(try Tensor.zeros(layer.bias.shape))
    }
    for p in parameters { p.tensor.zeroGrad() }
  }

  /// The predicted loss `[N]` for the tapped features (batched, in tap order).
  ///
  /// Dropout on the concatenated features (when the options ask for it) is active when
  /// `context` trains or samples Monte-Carlo dropout, and draws its mask from the
  /// context's generator; without a context the pass is an evaluation.
  public func forward(_ features: [Tensor], context: ForwardContext? = nil) throws -> Tensor {
    guard features.count == taps.count else {
      throw ModelError(
        node: nil, "the loss module expects \(taps.count) tapped features, got \(features.count)")
    }
    let activation = options.activation
    var hs: [Tensor] = []
    for (i, (f, tap)) in zip(features, layout.taps).enumerated() {
      guard f.rank == tap.shape.count + 1, Array(f.shape.dropFirst()) == tap.shape else {
        throw ModelError(
          node: tap.name,
          "the loss module expects tapped features [N, "
            + tap.shape.map(String.init).joined(separator: ", ")
            + "], got \(describeShape(f.shape))")
      }
      let pooled: Tensor
      switch tap.pooling {
      case .average?: pooled = try f.globalAvgPool()
      case .max?: pooled = try f.max(axes: [2, 3])
      case nil: pooled = f
      }
      hs.append(
        try activation.apply(try Tensor.linear(pooled, weight: fcs[i].weight, bias: fcs[i].bias)))
    }
    var joined = hs.count == 1 ? hs[0] : try Tensor.concat(hs, axis: 1)
    if let context, options.dropout > 0 {
      joined = try Dropout(options.dropout).forward(
        [joined], parameters: [], buffers: [], context: context)
    }
    if let hidden {
      joined = try activation.apply(
        try Tensor.linear(joined, weight: hidden.weight, bias: hidden.bias))
    }
    return try Tensor.linear(joined, weight: out.weight, bias: out.bias).reshaped([-1])
  }

  /// The parameters, named as in the PyTorch reference (`fcs.i.weight`, `hidden.weight`,
  /// `out.weight`, …).
  public var parameters: [NamedTensor] {
    var named = fcs.enumerated().flatMap { i, l in
      [NamedTensor("fcs.\(i).weight", l.weight), NamedTensor("fcs.\(i).bias", l.bias)]
    }
    if let hidden {
      named += [
        NamedTensor("hidden.weight", hidden.weight), NamedTensor("hidden.bias", hidden.bias),
      ]
    }
    return named + [NamedTensor("out.weight", out.weight), NamedTensor("out.bias", out.bias)]
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

  /// Clears every parameter's gradient.
  public func zeroGrad() { for p in parameters { p.tensor.zeroGrad() } }

  /// The layout's summary: each tap's path, the head, the parameter counts.
  public func summary() -> String { layout.summary() }

  /// The summary.
  public var description: String { summary() }
}
