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

  /// An optimizer over `parameters`. Nesterov momentum needs a positive momentum.
  public init(
    parameters: [Tensor], lr: Float, momentum: Float = 0, weightDecay: Float = 0,
    nesterov: Bool = false
  ) throws {
    try requireSetting(lr >= 0 && lr.isFinite, "sgd", "the learning rate must be ≥ 0, got \(lr)")
    try requireSetting(momentum >= 0, "sgd", "momentum must be ≥ 0, got \(momentum)")
    try requireSetting(weightDecay >= 0, "sgd", "weight decay must be ≥ 0, got \(weightDecay)")
    try requireSetting(!nesterov || momentum > 0, "sgd", "Nesterov momentum needs momentum > 0")
    self.parameters = parameters
    self.learningRate = lr
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    self.velocity = Array(repeating: nil, count: parameters.count)
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
