import LLALTensor

/// The parts of a loss prediction module over given taps of a model, resolved once from
/// its options: which node each tap reads (its id, name and shape), what each tap goes
/// through, the head after the concatenation, and the parameter counts. It owns the
/// rules for the options and the taps, and its `summary` is how the module displays.
///
/// Everything downstream (the strategy's request, the learner, the module, the trainer)
/// takes the layout and uses its node ids; nothing looks a tap's name up again.
///
/// ```
/// lossnet: 2 taps, widths [64, 32]
///   tap 0 c1 [16, 8, 8]: max → linear(64) → tanh  (1,088 params)
///   tap 1 f [32]: linear(32) → tanh  (1,056 params)
///   concat [96] → dropout(0.25) → linear(16) → tanh  (1,552 params)
///   → linear(1)  (17 params)
///   total 3,713 params
/// ```
public struct LossModuleLayout: Sendable, Equatable, CustomStringConvertible {
  /// One tap's path: for image taps a 1×1 convolution with the activation (when asked
  /// for) and pooling; then linear(`width`) → activation.
  public struct Tap: Sendable, Equatable {
    /// The tapped node of the target model.
    public let id: NodeID
    /// The tapped node's name.
    public let name: String
    /// Its per-sample shape, `[C, H, W]` or `[F]`.
    public let shape: [Int]
    /// How an image tap is pooled; nil for a feature-vector tap, used as it is.
    public let pooling: LossModulePooling?
    /// The linear layer's output units.
    public let width: Int
    /// Output channels of the 1×1 convolution before pooling; nil for none (always nil
    /// for a feature-vector tap).
    public let conv: Int?

    /// The tapped node's channels or features.
    public var channels: Int { shape[0] }
    /// The linear layer's input features: the convolution's channels, else the tap's.
    public var inputs: Int { conv ?? shape[0] }
    /// The convolution's weight and bias scalars (0 without one).
    public var convParameterCount: Int { conv.map { $0 * (channels + 1) } ?? 0 }
    /// The convolution's and the linear layer's weight and bias scalars.
    public var parameterCount: Int { convParameterCount + (inputs + 1) * width }
  }

  /// The taps, in order.
  public let taps: [Tap]
  /// The options the layout was resolved from.
  public let options: LossModuleOptions
  /// The output layer's units: 1 for a predicted loss, C for TiDAL's predicted class
  /// distribution (logits).
  public let outputs: Int

  /// Resolves `options` for the nodes `taps` of `model` (each `[C, H, W]` or `[F]`).
  public init(
    model: ModelGraph, taps: [NodeID], options: LossModuleOptions = .paper, outputs: Int = 1
  ) throws {
    try self.init(
      nodes: try taps.map(model.node), of: model.name, options: options, outputs: outputs)
  }

  /// Resolves `options` for `nodes` of the model called `modelName` (each `[C, H, W]` or
  /// `[F]`). A rule that fails is a `FieldError` naming the field:
  /// `LossModuleLayout.taps` (no taps, a node of another rank), `LossModuleOptions.width`
  /// (one positive width for every tap or one per tap, at most `SizeLimit.maximum`),
  /// `.pool` (likewise), `.hidden` (0 or positive, at most `SizeLimit.maximum`),
  /// `.dropout` (in [0, 1)), `.fusion` (attention needs one width for every tap) or
  /// `.tapConv` (0 or positive, at most `SizeLimit.maximum`, and an image tap to act on).
  ///
  /// `outputs` (1 by default, at most `SizeLimit.maximum`) is the output layer's units
  /// (`LossModuleLayout.outputs`).
  public init(
    nodes: [GraphNode], of modelName: String, options: LossModuleOptions, outputs: Int = 1
  ) throws {
    let n = nodes.count
    guard n > 0 else { throw FieldError("LossModuleLayout.taps", "must name at least one node") }
    guard outputs >= 1 else {
      throw FieldError("LossModuleLayout.outputs", "must be positive, found \(outputs)")
    }
    try SizeLimit.check(outputs, "LossModuleLayout.outputs")
    for node in nodes where !(node.outputShape.count == 3 || node.outputShape.count == 1) {
      throw FieldError(
        "LossModuleLayout.taps",
        "taps \(modelName).\(node.name) of shape \(describeShape(node.outputShape)); a tap "
          + "must be an image [C, H, W] or a feature vector [F]")
    }
    try Self.checkCount(options.widths.count, "LossModuleOptions.width", "width", taps: n)
    if let bad = options.widths.first(where: { $0 <= 0 }) {
      throw FieldError("LossModuleOptions.width", "must be positive, found \(bad)")
    }
    try Self.checkCount(options.pooling.count, "LossModuleOptions.pool", "pooling", taps: n)
    guard options.hidden >= 0 else {
      throw FieldError(
        "LossModuleOptions.hidden",
        "must be 0 (no hidden layer) or positive, found \(options.hidden)")
    }
    // Sizes beyond the engine's limit would overflow the parameter counts below.
    for width in options.widths { try SizeLimit.check(width, "LossModuleOptions.width") }
    try SizeLimit.check(options.hidden, "LossModuleOptions.hidden")
    guard options.dropout >= 0, options.dropout < 1 else {
      throw FieldError(
        "LossModuleOptions.dropout", "must lie in [0, 1), found \(describeNumber(options.dropout))")
    }
    if options.fusion == .attention, Set(options.widths).count > 1 {
      throw FieldError(
        "LossModuleOptions.fusion",
        "attention sums the taps' features, so every tap needs one width, found widths "
          + describeShape(options.widths))
    }
    guard options.tapConv >= 0 else {
      throw FieldError(
        "LossModuleOptions.tapConv",
        "must be 0 (no convolution) or positive, found \(options.tapConv)")
    }
    try SizeLimit.check(options.tapConv, "LossModuleOptions.tapConv")
    if options.tapConv > 0, !nodes.contains(where: { $0.outputShape.count == 3 }) {
      throw FieldError(
        "LossModuleOptions.tapConv",
        "convolves image taps [C, H, W], but every tap of \(modelName) is a feature vector")
    }
    self.taps = nodes.enumerated().map { i, node in
      let pooling = options.pooling.count == 1 ? options.pooling[0] : options.pooling[i]
      let image = node.outputShape.count == 3
      return Tap(
        id: node.id, name: node.name, shape: node.outputShape,
        pooling: image ? pooling : nil,
        width: options.widths.count == 1 ? options.widths[0] : options.widths[i],
        conv: image && options.tapConv > 0 ? options.tapConv : nil)
    }
    self.options = options
    self.outputs = outputs
  }


  /// Resolves `options` for the nodes of `model` named `tapNames`: the one look-up of
  /// the names, for callers that hold names rather than nodes.
  public init(model: ModelGraph, tapNames: [String], options: LossModuleOptions = .paper) throws {
    try self.init(model: model, taps: try tapNames.map(model.id(named:)), options: options)
  }

  /// A per-tap option holds one value for every tap or one per tap.
  private static func checkCount(_ count: Int, _ field: String, _ what: String, taps: Int) throws {
    guard count == 1 || count == taps else {
      throw FieldError(
        field,
        "must be one \(what) for every tap or one per tap: \(describeCount(taps, "tap")), "
          + "found a list of \(count)")
    }
  }

  /// Checks that `model` has each tapped node where the layout found it, with its name
  /// and shape: a copy or another build of the same model does; a different model is an
  /// error about the layout (`LossModuleLayout`).
  public func check(fits model: ModelGraph) throws {
    for tap in taps {
      let node = model.nodes.indices.contains(tap.id.index) ? model.nodes[tap.id.index] : nil
      guard let node, node.name == tap.name, node.outputShape == tap.shape else {
        let found = node.map { "has \($0.name) \(describeShape($0.outputShape)) there" }
        throw FieldError(
          "LossModuleLayout",
          "taps \(tap.name) \(describeShape(tap.shape)), but this build of \(model.name) "
            + (found ?? "has no node there"))
      }
    }
  }

  /// The width of the fused tap outputs: their sum when concatenated, the one width
  /// under attention.
  public var fusedWidth: Int {
    options.fusion == .attention ? taps[0].width : taps.reduce(0) { $0 + $1.width }
  }
  /// The input width of the output layer: `hidden`, or the fused width without one.
  public var outputInputs: Int { options.hidden > 0 ? options.hidden : fusedWidth }
  /// The attention scorer's weight and bias scalars (0 when concatenating).
  public var attentionParameterCount: Int { options.fusion == .attention ? fusedWidth + 1 : 0 }
  /// The hidden layer's weight and bias scalars (0 without one).
  public var hiddenParameterCount: Int {
    options.hidden > 0 ? (fusedWidth + 1) * options.hidden : 0
  }
  /// The output layer's weight and bias scalars.
  public var outputParameterCount: Int { (outputInputs + 1) * outputs }
  /// Every trainable scalar.
  public var parameterCount: Int {
    taps.reduce(0) { $0 + $1.parameterCount } + attentionParameterCount + hiddenParameterCount
      + outputParameterCount
  }

  /// `3 taps, width 64`, or `2 taps, widths [64, 32]` when the widths differ.
  public var headline: String {
    let widths = taps.map(\.width)
    let width =
      Set(widths).count == 1
      ? "width \(widths[0])" : "widths [" + widths.map(String.init).joined(separator: ", ") + "]"
    return "\(describeCount(taps.count, "tap")), \(width)"
  }

  /// The headline after `title`, then one line per tap, the head and the total.
  public func summary(title: String = "lossnet") -> String {
    let act = options.activation == .identity ? "" : " → \(options.activation.rawValue)"
    var lines = ["\(title): \(headline)"]
    for (i, t) in taps.enumerated() {
      let conv = t.conv.map { "conv1x1(\($0))\(act) → " } ?? ""
      let pool = t.pooling.map { "\($0.rawValue) → " } ?? ""
      lines.append(
        "  tap \(i) \(t.name) \(describeShape(t.shape)): \(conv)\(pool)linear(\(t.width))\(act)  "
          + "(\(ModelSummary.grouped(t.parameterCount)) params)")
    }
    var head = "  concat [\(fusedWidth)]"
    if options.fusion == .attention {
      lines.append(
        "  attention: α = softmax over taps of linear(1) of each tap  "
          + "(\(ModelSummary.grouped(attentionParameterCount)) params)")
      head = "  Σ α·tap [\(fusedWidth)]"
    }
    if options.dropout > 0 { head += " → dropout(\(options.dropout))" }
    if options.hidden > 0 {
      lines.append(
        head + " → linear(\(options.hidden))\(act)  "
          + "(\(ModelSummary.grouped(hiddenParameterCount)) params)")
      head = " "
    }
    lines.append(head + " → linear(\(outputs))  (\(ModelSummary.grouped(outputParameterCount)) params)")
    lines.append("  total \(ModelSummary.grouped(parameterCount)) params")
    return lines.joined(separator: "\n")
  }

  /// The summary under the title `lossnet`.
  public var description: String { summary() }
}
