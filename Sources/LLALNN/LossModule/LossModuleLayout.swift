import LLALTensor

/// The parts of a loss prediction module over given taps, resolved from its options:
/// what each tap goes through, the head after the concatenation, and the parameter
/// counts. It checks the options against the taps, and its `summary` is how the module
/// displays.
///
/// ```
/// lossnet: 2 taps, widths [64, 32]
///   tap 0 c1 [16, 8, 8]: max → linear(64) → tanh  (1088 params)
///   tap 1 f [32]: linear(32) → tanh  (1056 params)
///   concat [96] → dropout(0.25) → linear(16) → tanh  (1552 params)
///   → linear(1)  (17 params)
///   total 3713 params
/// ```
public struct LossModuleLayout: Sendable, Equatable, CustomStringConvertible {
  /// One tap's path: pooling (image taps only) → linear(`width`) → activation.
  public struct Tap: Sendable, Equatable {
    /// The tapped node's name.
    public let name: String
    /// Its per-sample shape, `[C, H, W]` or `[F]`.
    public let shape: [Int]
    /// How an image tap is pooled; nil for a feature-vector tap, used as it is.
    public let pooling: LossModulePooling?
    /// The linear layer's output units.
    public let width: Int

    /// The linear layer's input features: the channels or the features.
    public var inputs: Int { shape[0] }
    /// The linear layer's weight and bias scalars.
    public var parameterCount: Int { (inputs + 1) * width }
  }

  /// The taps, in order.
  public let taps: [Tap]
  /// The options the layout was resolved from.
  public let options: LossModuleOptions

  /// Resolves `options` for taps named `tapNames` of per-sample shapes `tapShapes`
  /// (each `[C, H, W]` or `[F]`); refuses options that do not fit, naming the option.
  public init(tapNames: [String], tapShapes: [[Int]], options: LossModuleOptions) throws {
    let n = tapShapes.count
    guard n > 0 else { throw ModelError(node: nil, "the loss module needs at least one tap") }
    guard tapNames.count == n else {
      throw ModelError(node: nil, "internal: \(tapNames.count) tap names for \(n) tap shapes")
    }
    guard options.widths.count == 1 || options.widths.count == n else {
      throw ModelError(
        node: nil,
        "the loss module's width needs one value for every tap or one per tap: "
          + "\(n) taps, \(options.widths.count) widths")
    }
    if let bad = options.widths.first(where: { $0 <= 0 }) {
      throw ModelError(node: nil, "the loss module's width must be positive, got \(bad)")
    }
    guard options.pooling.count == 1 || options.pooling.count == n else {
      throw ModelError(
        node: nil,
        "the loss module's pool needs one value for every tap or one per tap: "
          + "\(n) taps, \(options.pooling.count) poolings")
    }
    guard options.hidden >= 0 else {
      throw ModelError(
        node: nil,
        "the loss module's hidden width must be 0 (none) or positive, got \(options.hidden)")
    }
    guard options.dropout >= 0, options.dropout < 1 else {
      throw ModelError(
        node: nil, "the loss module's dropout must lie in [0, 1), got \(options.dropout)")
    }
    var taps: [Tap] = []
    for (i, (name, shape)) in zip(tapNames, tapShapes).enumerated() {
      guard shape.count == 3 || shape.count == 1 else {
        throw ModelError(
          node: name,
          "a loss-module tap must be [channels, height, width] or [features], got "
            + describeShape(shape))
      }
      let pooling = options.pooling.count == 1 ? options.pooling[0] : options.pooling[i]
      taps.append(
        Tap(
          name: name, shape: shape, pooling: shape.count == 3 ? pooling : nil,
          width: options.widths.count == 1 ? options.widths[0] : options.widths[i]))
    }
    self.taps = taps
    self.options = options
  }

  /// The width of the concatenated tap outputs.
  public var concatenatedWidth: Int { taps.reduce(0) { $0 + $1.width } }
  /// The input width of the output layer: `hidden`, or the concatenation without one.
  public var outputInputs: Int { options.hidden > 0 ? options.hidden : concatenatedWidth }
  /// The hidden layer's weight and bias scalars (0 without one).
  public var hiddenParameterCount: Int {
    options.hidden > 0 ? (concatenatedWidth + 1) * options.hidden : 0
  }
  /// The output layer's weight and bias scalars.
  public var outputParameterCount: Int { outputInputs + 1 }
  /// Every trainable scalar.
  public var parameterCount: Int {
    taps.reduce(0) { $0 + $1.parameterCount } + hiddenParameterCount + outputParameterCount
  }

  /// `3 taps, width 64`, or `2 taps, widths [64, 32]` when the widths differ.
  public var headline: String {
    let widths = taps.map(\.width)
    let width =
      Set(widths).count == 1
      ? "width \(widths[0])" : "widths [" + widths.map(String.init).joined(separator: ", ") + "]"
    return "\(taps.count) tap\(taps.count == 1 ? "" : "s"), \(width)"
  }

  /// The headline after `title`, then one line per tap, the head and the total.
  public func summary(title: String = "lossnet") -> String {
    let act = options.activation == .identity ? "" : " → \(options.activation.rawValue)"
    var lines = ["\(title): \(headline)"]
    for (i, t) in taps.enumerated() {
      let pool = t.pooling.map { "\($0.rawValue) → " } ?? ""
      lines.append(
        "  tap \(i) \(t.name) \(describeShape(t.shape)): \(pool)linear(\(t.width))\(act)  "
          + "(\(t.parameterCount) params)")
    }
    var head = "  concat [\(concatenatedWidth)]"
    if options.dropout > 0 { head += " → dropout(\(options.dropout))" }
    if options.hidden > 0 {
      lines.append(head + " → linear(\(options.hidden))\(act)  (\(hiddenParameterCount) params)")
      head = " "
    }
    lines.append(head + " → linear(1)  (\(outputParameterCount) params)")
    lines.append("  total \(parameterCount) params")
    return lines.joined(separator: "\n")
  }

  /// The summary under the title `lossnet`.
  public var description: String { summary() }
}
