import CKernels

/// The optimizers' in-place updates of one parameter tensor (`CKernels/optimizer.c`):
/// one vectorised pass over the weights, the gradient and the optimizer's state, with
/// the same floats as PyTorch's scalar rule at every kernel level. Large tensors are
/// split over the kernels' threads.
public enum ParameterUpdate {
  /// From this many values a tensor's update is split over threads.
  static let grain = 1 << 15

  /// SGD on `weight` from `gradient` (same count): `d = g + weightDecay·w`; with momentum
  /// 0, `w −= lr·d`; otherwise `b = momentum·b + d` in `velocity` (`b = d` when `first`)
  /// and `w −= lr·(d + momentum·b)` with `nesterov`, else `w −= lr·b`.
  public static func sgd(
    _ weight: Tensor, gradient: Tensor, velocity: Tensor?, lr: Float, momentum: Float,
    weightDecay: Float, nesterov: Bool, first: Bool
  ) {
    precondition(
      gradient.count == weight.count && (velocity?.count ?? weight.count) == weight.count)
    let w = weight.storage.base, g = gradient.storage.base, b = velocity?.storage.base
    Parallel.forRanges(weight.count, grain: grain) { r in
      llal_sgd_step(
        w + r.lowerBound, b.map { $0 + r.lowerBound }, g + r.lowerBound, r.count, lr, momentum,
        weightDecay, nesterov ? 1 : 0, first ? 1 : 0)
    }
  }

  /// Adam on `weight` from `gradient` with moments `m`, `v` (all the same count):
  /// `w ·= keep` (AdamW's decoupled decay, 1 for none), `d = g + l2·w`,
  /// `m = β₁·m + (1 − β₁)·d`, `v = β₂·v + (1 − β₂)·d²`,
  /// `w −= stepSize·m / (√v / correction2 + epsilon)`.
  public static func adam(
    _ weight: Tensor, gradient: Tensor, m: Tensor, v: Tensor, stepSize: Float,
    correction2: Float, beta1: Float, beta2: Float, epsilon: Float, l2: Float, keep: Float
  ) {
    precondition([gradient.count, m.count, v.count].allSatisfy { $0 == weight.count })
    let w = weight.storage.base, g = gradient.storage.base
    let pm = m.storage.base, pv = v.storage.base
    Parallel.forRanges(weight.count, grain: grain) { r in
      let o = r.lowerBound
      llal_adam_step(
        w + o, pm + o, pv + o, g + o, r.count, stepSize, correction2, beta1, beta2, epsilon, l2,
        keep)
    }
  }
}
