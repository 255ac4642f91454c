import LLALTensor

/// How a loss-module tap of shape `[C, H, W]` is reduced to `[C]` before its linear layer.
public enum LossModulePooling: String, Sendable, Equatable, CaseIterable {
  /// Global average pooling (the paper).
  case average = "gap"
  /// Global max pooling.
  case max = "max"
}

/// The nonlinearity after each of the loss module's hidden linear layers.
public enum LossModuleActivation: String, Sendable, Equatable, CaseIterable {
  /// `max(0, x)` (the paper).
  case relu
  /// No nonlinearity: the layer stays linear.
  case identity = "none"
  /// `1 / (1 + e^−x)`.
  case sigmoid
  /// `tanh(x)`.
  case tanh

  /// `x` through the nonlinearity, recorded on the tape.
  public func apply(_ x: Tensor) throws -> Tensor {
    switch self {
    case .relu: return try x.relu()
    case .identity: return x
    case .sigmoid: return try x.sigmoid()
    case .tanh: return try x.tanh()
    }
  }
}

/// How the loss module joins its taps' features `h_k` `[N, width]` before the head.
public enum LossModuleFusion: String, Sendable, Equatable, CaseIterable {
  /// Side by side, `[h_1, …, h_K]` (the paper).
  case concat
  /// A weighted sum `Σ_k α_k h_k`, with `α = softmax_k(v·h_k + c)` per sample: one learned
  /// score vector `v` and bias `c` shared by the taps. Needs one width for every tap.
  case attention
}

/// The structure of a loss prediction module. The defaults are the paper's: per tap
/// global average pooling → linear(128) → ReLU; the taps concatenated; linear to one
/// scalar.
///
/// ```swift
/// let options = LossModuleOptions(
///   widths: [64, 32], pooling: [.max], activation: .tanh, hidden: 16, dropout: 0.25)
/// ```
///
/// `widths` and `pooling` hold one value for every tap or one value per tap.
public struct LossModuleOptions: Sendable, Equatable {
  /// Hidden units after each tap: one value for every tap, or one per tap.
  public var widths: [Int]
  /// How image taps are pooled: one choice for every tap, or one per tap. Feature-vector
  /// taps `[F]` are used as they are.
  public var pooling: [LossModulePooling]
  /// The nonlinearity after every hidden linear layer (per tap and `hidden`).
  public var activation: LossModuleActivation
  /// Units of an extra linear layer (with the activation) between the concatenation and
  /// the output; 0 means none, as in the paper.
  public var hidden: Int
  /// The probability of zeroing each fused feature while training; 0 means none.
  public var dropout: Float
  /// How the taps are joined: concatenated (the paper) or by attention.
  public var fusion: LossModuleFusion
  /// Channels of a 1×1 convolution (with the activation) on each image tap before its
  /// pooling; 0 means none, as in the paper. Feature-vector taps have none.
  public var tapConv: Int

  /// Options with one width and one pooling per tap (or one of each for every tap).
  public init(
    widths: [Int] = [128], pooling: [LossModulePooling] = [.average],
    activation: LossModuleActivation = .relu, hidden: Int = 0, dropout: Float = 0,
    fusion: LossModuleFusion = .concat, tapConv: Int = 0
  ) {
    self.widths = widths
    self.pooling = pooling
    self.activation = activation
    self.hidden = hidden
    self.dropout = dropout
    self.fusion = fusion
    self.tapConv = tapConv
  }

  /// Options with `width` hidden units and `pooling` for every tap.
  public init(
    width: Int, pooling: LossModulePooling = .average, activation: LossModuleActivation = .relu,
    hidden: Int = 0, dropout: Float = 0, fusion: LossModuleFusion = .concat, tapConv: Int = 0
  ) {
    self.init(
      widths: [width], pooling: [pooling], activation: activation, hidden: hidden,
      dropout: dropout, fusion: fusion, tapConv: tapConv)
  }

  /// The paper's module: GAP → linear(128) → ReLU per tap, concatenated, linear(1).
  public static let paper = LossModuleOptions()
}
