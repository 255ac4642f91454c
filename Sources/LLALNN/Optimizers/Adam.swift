import Foundation
import LLALTensor

/// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter) with PyTorch's update rule. At
/// step t:
///
///     g = ∇p + weightDecay·p           (Adam; AdamW instead decays p = p·(1 − lr·wd))
///     m = β₁·m + (1 − β₁)·g
///     v = β₂·v + (1 − β₂)·g²
///     p = p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
public final class Adam: Optimizer {
  /// The tensors it updates.
  public let parameters: [Tensor]
  /// The current learning rate.
  public var learningRate: Float
  /// Decay rate of the first moment.
  public let beta1: Float
  /// Decay rate of the second moment.
  public let beta2: Float
  /// Added to the denominator for stability.
  public let epsilon: Float
  /// Weight decay: an L2 term in the gradient (Adam) or decoupled (AdamW).
  public let weightDecay: Float
  /// Whether weight decay is decoupled from the gradient (AdamW).
  public let decoupled: Bool
  private var moments: [(m: Tensor, v: Tensor)?]
  private var steps: [Int]

  /// Adam over `parameters`; `decoupled: true` makes it AdamW. The settings must pass
  /// `checkSettings`.
  public init(
    parameters: [Tensor], lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0, decoupled: Bool = false
  ) throws {
    try Self.checkSettings(
      lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    self.parameters = parameters
    self.learningRate = lr
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decoupled = decoupled
    self.moments = Array(repeating: nil, count: parameters.count)
    self.steps = Array(repeating: 0, count: parameters.count)
  }

  /// The rules for Adam's settings: the rate, epsilon and weight decay are 0 or more and
  /// each beta lies in [0, 1); a `FieldError` names the setting.
  static func checkSettings(
    lr: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
  ) throws {
    try OptimizerConfig.requireNonNegative(lr, "lr")
    for (field, beta) in [("beta1", beta1), ("beta2", beta2)] where !(0..<1).contains(beta) {
      throw FieldError(
        "OptimizerConfig.\(field)", "must lie in [0, 1), found \(describeNumber(beta))")
    }
    try OptimizerConfig.requireNonNegative(epsilon, "epsilon")
    try OptimizerConfig.requireNonNegative(weightDecay, "weightDecay")
  }

  /// One update from the current gradients.
  public func step() throws {
    let name = decoupled ? "adamw" : "adam"
    let (lr, b1, b2, eps, wd) = (learningRate, beta1, beta2, epsilon, weightDecay)
    for (k, p) in parameters.enumerated() {
      guard let grad = try gradient(of: p, name) else { continue }
      let state = try moments[k] ?? (try Tensor.zeros(p.shape), try Tensor.zeros(p.shape))
      moments[k] = state
      steps[k] += 1
      // Bias corrections in Double, as PyTorch computes them from a Python float.
      let t = Double(steps[k])
      let stepSize = Float(Double(lr) / (1 - pow(Double(b1), t)))
      let correction2 = Float((1 - pow(Double(b2), t)).squareRoot())
      let w = p.storage.base, g = grad.storage.base
      let m = state.m.storage.base, v = state.v.storage.base
      if decoupled && wd != 0 {
        let keep = 1 - lr * wd
        for i in 0..<p.count { w[i] *= keep }
      }
      let l2 = decoupled ? 0 : wd
      for i in 0..<p.count {
        let d = g[i] + l2 * w[i]
        m[i] = b1 * m[i] + (1 - b1) * d
        v[i] = b2 * v[i] + (1 - b2) * d * d
        w[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + eps)
      }
    }
  }
}
