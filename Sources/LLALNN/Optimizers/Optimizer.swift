import LLALTensor

/// Updates parameters in place from their gradients.
///
/// Parameters without a gradient (unused in the last backward pass) are skipped, as
/// PyTorch does. The learning rate is a property so that a schedule can change it
/// between epochs.
public protocol Optimizer: AnyObject {
  /// The tensors it updates.
  var parameters: [Tensor] { get }
  /// The current learning rate.
  var learningRate: Float { get set }
  /// One update from the parameters' current gradients.
  func step() throws
}

extension Optimizer {
  /// Clears every parameter's gradient (PyTorch's `zero_grad(set_to_none=True)`).
  public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// An optimizer and its settings as data, so a script can describe one before there are
/// parameters to give it.
public enum OptimizerConfig: Sendable, Equatable {
  /// Stochastic gradient descent; see `SGD`.
  case sgd(lr: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false)
  /// Adam with L2 weight decay added to the gradient; see `Adam`.
  case adam(
    lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
    weightDecay: Float = 0)
  /// AdamW: Adam with decoupled weight decay; see `Adam`.
  case adamW(
    lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
    weightDecay: Float = 0.01)

  /// The base learning rate.
  public var learningRate: Float {
    switch self {
    case .sgd(let lr, _, _, _), .adam(let lr, _, _, _, _), .adamW(let lr, _, _, _, _): return lr
    }
  }

  /// An optimizer over `parameters` with these settings.
  public func make(parameters: [Tensor]) throws -> any Optimizer {
    switch self {
    case .sgd(let lr, let momentum, let wd, let nesterov):
      return try SGD(
        parameters: parameters, lr: lr, momentum: momentum, weightDecay: wd, nesterov: nesterov)
    case .adam(let lr, let b1, let b2, let eps, let wd):
      return try Adam(
        parameters: parameters, lr: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
    case .adamW(let lr, let b1, let b2, let eps, let wd):
      return try Adam(
        parameters: parameters, lr: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd,
        decoupled: true)
    }
  }
}

extension OptimizerConfig {
  /// Checks the settings, as the optimizer it makes would (PyTorch's ranges): a rate,
  /// momentum, weight decay and epsilon of 0 or more, betas in [0, 1), Nesterov only with
  /// momentum. A setting out of range is a `FieldError` naming it (`OptimizerConfig.lr`,
  /// `.momentum`, `.weightDecay`, `.nesterov`, `.beta1`, `.beta2`, `.epsilon`).
  public func validate() throws {
    switch self {
    case .sgd(let lr, let momentum, let wd, let nesterov):
      try SGD.checkSettings(lr: lr, momentum: momentum, weightDecay: wd, nesterov: nesterov)
    case .adam(let lr, let b1, let b2, let eps, let wd),
      .adamW(let lr, let b1, let b2, let eps, let wd):
      try Adam.checkSettings(lr: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
    }
  }

  /// A setting that must be 0 or more (and finite).
  static func requireNonNegative(_ value: Float, _ field: String) throws {
    guard value >= 0, value.isFinite else {
      throw FieldError(
        "OptimizerConfig.\(field)", "must be a number ≥ 0, found \(describeNumber(value))")
    }
  }
}

func gradient(of p: Tensor, _ optimizer: String) throws -> Tensor? {
  guard let g = p.grad else { return nil }
  guard g.shape == p.shape else {
    throw TensorError(
      optimizer,
      "gradient shape \(describeShape(g.shape)) differs from parameter \(describeShape(p.shape))")
  }
  return g
}
