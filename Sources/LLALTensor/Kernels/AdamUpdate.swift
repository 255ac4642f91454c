import CKernels

extension Tensor {
  /// One Adam (or AdamW) update of this parameter in place, from `gradient` and the first
  /// and second moments `m` and `v` (all of this shape; the moments are updated too), in
  /// one pass (`llal_adam_step`): `w = w·keep`, `d = g + l2·w`, `m = β₁·m + (1 − β₁)·d`,
  /// `v = β₂·v + (1 − β₂)·d²`, `w −= step·m / (√v / correction2 + ε)`. Large tensors are
  /// split across threads. For optimizers, which check the shapes.
  public func adamUpdate(
    gradient: Tensor, m: Tensor, v: Tensor, beta1: Float, beta2: Float, step: Float,
    correction2: Float, eps: Float, keep: Float, l2: Float
  ) {
    precondition(gradient.count == count && m.count == count && v.count == count)
    let w = storage.base, g = gradient.storage.base
    let mp = m.storage.base, vp = v.storage.base
    Parallel.forRanges(count, grain: 1 << 15) { r in
      let o = r.lowerBound
      llal_adam_step(
        w + o, g + o, mp + o, vp + o, r.count, beta1, beta2, step, correction2, eps, keep, l2)
    }
  }
}
