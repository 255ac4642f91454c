import LLALTensor

/// Stochastic gradient descent with PyTorch's update rule:
///
///     g = ∇p + weightDecay·p
///     b = momentum·b + g        (b = g on the first step)
///     g = g + momentum·b  (Nesterov)  or  g = b
///     p = p − lr·g
public final class SGD: Optimizer {
  /// The tensors it updates.
  public let parameters: [Tensor]
  /// The current learning rate.
  public var learningRate: Float
  /// The momentum factor (0 for plain SGD).
  public let momentum: Float
  /// L2 penalty added to the gradient.
  public let weightDecay: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  private var velocity: [Tensor?]

  /// An optimizer over `parameters`; the settings must pass `checkSettings`.
  public init(
    parameters: [Tensor], lr: Float, momentum: Float = 0, weightDecay: Float = 0,
    nesterov: Bool = false
  ) throws {
    try Self.checkSettings(lr: lr, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
    self.parameters = parameters
    self.learningRate = lr
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    self.velocity = Array(repeating: nil, count: parameters.count)
  }

  /// The rules for SGD's settings: the rate, momentum and weight decay are 0 or more,
  /// and Nesterov momentum needs a positive momentum; a `FieldError` names the setting.
  static func checkSettings(lr: Float, momentum: Float, weightDecay: Float, nesterov: Bool)
    throws
  {
    try OptimizerConfig.requireNonNegative(lr, "lr")
    try OptimizerConfig.requireNonNegative(momentum, "momentum")
    try OptimizerConfig.requireNonNegative(weightDecay, "weightDecay")
    guard !nesterov || momentum > 0 else {
      throw FieldError("OptimizerConfig.nesterov", "needs a positive momentum, found 0")
    }
  }

  /// One update from the current gradients (`ParameterUpdate.sgd`: one vectorised pass
  /// over every parameter, spread over the kernels' threads).
  public func step() throws {
    let grads = try parameters.map { try gradient(of: $0, "sgd") }  // all checked first
    var terms: [ParameterUpdate.SGDTerm] = []
    for (k, p) in parameters.enumerated() {
      guard let grad = grads[k] else { continue }
      let first = momentum != 0 && velocity[k] == nil
      if first { velocity[k] = try Tensor.zeros(p.shape) }
      terms.append(.init(weight: p, gradient: grad, velocity: velocity[k], first: first))
    }
    ParameterUpdate.sgd(
      terms, lr: learningRate, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
  }
}
