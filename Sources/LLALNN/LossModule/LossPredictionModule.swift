import LLALTensor

/// The loss prediction module of Yoo & Kweon (CVPR 2019): it reads features tapped from
/// named nodes of a target model and predicts each sample's loss.
///
/// By default, the paper's: for each tap, global average pool (for `[C, H, W]` taps;
/// `[F]` taps are used as they are) → linear(`width`) → ReLU; the results are
/// concatenated and a final linear layer gives one scalar per sample. `LossModuleOptions`
/// changes each part: per-tap widths, global max pooling, another activation, dropout on
/// the concatenation and a hidden layer after it, a 1×1 convolution on each image tap
/// before pooling (`tapConv`), and attention instead of concatenation (`fusion`):
///
///     h_k = act(W_k · pool(f_k) + b_k)    a_k = v · h_k + c    α = softmax_k(a)
///     fused = Σ_k α_k h_k                 l̂ = out(hidden(dropout(fused)))
///
/// Parameter names follow the PyTorch reference (`fcs.0.weight`, …, `out.bias`; the
/// hidden layer is `hidden.weight`, `hidden.bias`), so checkpoints line up with its
/// `LossNet`; llal's additions are `convs.k.weight`/`.bias` for tap k's convolution and
/// `attention.weight`/`.bias` for `v` and `c`.
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
  /// The output layer's weight `[outputs, hidden or Σ widths]` and bias `[outputs]`.
  private let out: (weight: Tensor, bias: Tensor)
  /// Per tap: the 1×1 convolution's weight `[C', C, 1, 1]` and bias `[C']`, if any.
  private let convs: [(weight: Tensor, bias: Tensor)?]
  /// The attention scorer's `v` `[1, width]` and `c` `[1]`, under attention fusion.
  private let attention: (weight: Tensor, bias: Tensor)?

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
        try Tensor.zeros([h, layout.fusedWidth]).requiringGrad(),
        try Tensor.zeros([h]).requiringGrad()
      ) : nil
    out = (
      try Tensor.zeros([layout.outputs, layout.outputInputs]).requiringGrad(),
      try Tensor.zeros([layout.outputs]).requiringGrad()
    )
    convs = try layout.taps.map { t in
      try t.conv.map { c in
        (
          try Tensor.zeros([c, t.channels, 1, 1]).requiringGrad(),
          try Tensor.zeros([c]).requiringGrad()
        )
      }
    }
    attention =
      layout.options.fusion == .attention
      ? (
        try Tensor.zeros([1, layout.fusedWidth]).requiringGrad(),
        try Tensor.zeros([1]).requiringGrad()
      ) : nil
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
  /// taps' layers in order, then the hidden layer, the output layer, the taps'
  /// convolutions and the attention scorer (last, so that the paper's parts draw the same
  /// weights with or without them).
  public func initialize(seed: UInt64) throws {
    self.seed = seed
    var g = RandomGenerator(seed: seed ^ 0x4C4F_5353_4E45_5400)  // "LOSSNET": its own stream
    let extra = convs.compactMap { $0 } + (attention.map { [$0] } ?? [])
    for layer in fcs + (hidden.map { [$0] } ?? []) + [out] + extra {
      // A 1×1 convolution's fan-in is its input channels, as a linear layer's.
      try layer.weight.assign(
        try Initializer.kaimingUniform(fanIn: layer.weight.shape[1]).makeTensor(
          layer.weight.shape, generator: &g))
      try layer.bias.assign(try Tensor.zeros(layer.bias.shape))
    }
    for p in parameters { p.tensor.zeroGrad() }
  }

  /// The predicted loss `[N]` for the tapped features (batched, in tap order).
  ///
  /// Dropout on the fused features (when the options ask for it) is active when
  /// `context` trains or samples Monte-Carlo dropout, and draws its mask from the
  /// context's generator; without a context the pass is an evaluation.
  public func forward(_ features: [Tensor], context: ForwardContext? = nil) throws -> Tensor {
    try predictions(features, context: context).losses
  }

  /// The predicted loss `[N]` (or with `outputs` C > 1 the outputs `[N, C]`) and, under
  /// attention fusion, each sample's weights `α` `[N, K]` over the K taps (rows sum to 1;
  /// nil when the taps are concatenated), from one pass as `forward` makes it.
  public func predictions(_ features: [Tensor], context: ForwardContext? = nil) throws
    -> (losses: Tensor, tapWeights: Tensor?)
  {
    let (fused, weights) = try fuse(try tapFeatures(features))
    var joined = fused
    if let context, options.dropout > 0 {
      joined = try Dropout(options.dropout).forward(
        [joined], parameters: [], buffers: [], context: context)
    }
    if let hidden {
      joined = try options.activation.apply(
        try Tensor.linear(joined, weight: hidden.weight, bias: hidden.bias))
    }
    let y = try Tensor.linear(joined, weight: out.weight, bias: out.bias)
    return (layout.outputs == 1 ? try y.reshaped([-1]) : y, weights)
  }

  /// Each tap's `h_k` `[N, width_k]`: (1×1 convolution →) pooling → linear → activation.
  private func tapFeatures(_ features: [Tensor]) throws -> [Tensor] {
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
      var x = f
      if let conv = convs[i] {
        x = try activation.apply(try Tensor.conv2d(x, weight: conv.weight, bias: conv.bias))
      }
      let pooled: Tensor
      switch tap.pooling {
      case .average?: pooled = try x.globalAvgPool()
      case .max?: pooled = try x.max(axes: [2, 3])
      case nil: pooled = x
      }
      hs.append(
        try activation.apply(try Tensor.linear(pooled, weight: fcs[i].weight, bias: fcs[i].bias)))
    }
    return hs
  }

  /// The taps' features joined: concatenated `[N, Σ width]`, or under attention
  /// `Σ_k α_k h_k` `[N, width]` with the weights `α` `[N, K]`.
  private func fuse(_ hs: [Tensor]) throws -> (fused: Tensor, weights: Tensor?) {
    guard let attention else {
      return (hs.count == 1 ? hs[0] : try Tensor.concat(hs, axis: 1), nil)
    }
    let stacked = try Tensor.stack(hs, axis: 1)  // [N, K, width]
    let (n, k, w) = (stacked.shape[0], stacked.shape[1], stacked.shape[2])
    let scores = try Tensor.linear(
      try stacked.reshaped([n * k, w]), weight: attention.weight, bias: attention.bias
    ).reshaped([n, k])
    let alpha = try scores.softmax(axis: 1)
    let fused = try (stacked * alpha.unsqueezed(axis: 2)).sum(axes: [1])
    return (fused, alpha)
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
    named += [NamedTensor("out.weight", out.weight), NamedTensor("out.bias", out.bias)]
    for (i, conv) in convs.enumerated() {
      if let conv {
        named += [
          NamedTensor("convs.\(i).weight", conv.weight), NamedTensor("convs.\(i).bias", conv.bias),
        ]
      }
    }
    if let attention {
      named += [
        NamedTensor("attention.weight", attention.weight),
        NamedTensor("attention.bias", attention.bias),
      ]
    }
    return named
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
