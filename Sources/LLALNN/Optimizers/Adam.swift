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

  /// One update from the current gradients (`ParameterUpdate.adam`: one vectorised pass
  /// over every parameter, spread over the kernels' threads).
  public func step() throws {
    let name = decoupled ? "adamw" : "adam"
    let (lr, b1, b2, wd) = (learningRate, beta1, beta2, weightDecay)
    let grads = try parameters.map { try gradient(of: $0, name) }  // all checked first
    var terms: [ParameterUpdate.AdamTerm] = []
    for (k, p) in parameters.enumerated() {
      guard let grad = grads[k] else { continue }
      let state = try moments[k] ?? (try Tensor.zeros(p.shape), try Tensor.zeros(p.shape))
      moments[k] = state
      steps[k] += 1
      // Bias corrections in Double, as PyTorch computes them from a Python float.
      let t = Double(steps[k])
      terms.append(
        .init(
          weight: p, gradient: grad, m: state.m, v: state.v,
          stepSize: Float(Double(lr) / (1 - pow(Double(b1), t))),
          correction2: Float((1 - pow(Double(b2), t)).squareRoot())))
    }
    ParameterUpdate.adam(
      terms, beta1: b1, beta2: b2, epsilon: epsilon, l2: decoupled ? 0 : wd,
      keep: decoupled && wd != 0 ? 1 - lr * wd : 1)
  }
}
