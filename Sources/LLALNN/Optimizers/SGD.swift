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

  /// One update from the current gradients.
  public func step() throws {
    let (lr, mu, wd) = (learningRate, momentum, weightDecay)
    for (k, p) in parameters.enumerated() {
      guard let grad = try gradient(of: p, "sgd") else { continue }
      let w = p.storage.base, g = grad.storage.base
      let n = p.count
      guard mu != 0 else {
        for i in 0..<n { w[i] -= lr * (g[i] + wd * w[i]) }
        continue
      }
      if let v = velocity[k] {
        let b = v.storage.base
        if nesterov {
          for i in 0..<n {
            let d = g[i] + wd * w[i]
            b[i] = mu * b[i] + d
            w[i] -= lr * (d + mu * b[i])
          }
        } else {
          for i in 0..<n {
            b[i] = mu * b[i] + (g[i] + wd * w[i])
            w[i] -= lr * b[i]
          }
        }
      } else {
        let v = try Tensor.zeros(p.shape)
        let b = v.storage.base
        for i in 0..<n {
          let d = g[i] + wd * w[i]
          b[i] = d
          w[i] -= lr * (nesterov ? d + mu * d : d)
        }
        velocity[k] = v
      }
    }
  }
}
