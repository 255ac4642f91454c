/// The optimizers' per-element updates as one-pass C kernels (optimizer.h), for LLALNN's
/// optimizers. Large tensors are split across threads.
import CKernels

extension Tensor {
  /// One Adam (or AdamW) update of this parameter in place, from `gradient` and the first
  /// and second moments `m` and `v` (all of this shape; the moments are updated too):
  /// `w = w·keep`, `d = g + l2·w`, `m = β₁·m + (1 − β₁)·d`, `v = β₂·v + (1 − β₂)·d²`,
  /// `w −= step·m / (√v / correction2 + ε)`. Throws when a shape differs from this one.
  public func adamUpdate(
    gradient: Tensor, m: Tensor, v: Tensor, beta1: Float, beta2: Float, step: Float,
    correction2: Float, eps: Float, keep: Float, l2: Float
  ) throws {
    try checkUpdateShapes("adam", ["gradient": gradient, "m": m, "v": v])
    let w = storage.base, g = gradient.storage.base
    let mp = m.storage.base, vp = v.storage.base
    Tensor.forEachUpdateRange(count) { o, n in
      llal_adam_step(
        w + o, g + o, mp + o, vp + o, n, beta1, beta2, step, correction2, eps, keep, l2)
    }
  }

  /// One SGD update of this parameter in place from `gradient`: `d = g + wd·w`; without a
  /// `velocity` `w −= lr·d`, else `b = d` on the `first` step and `μ·b + d` after (the
  /// velocity is updated), and `w −= lr·b`, or with `nesterov` `w −= lr·(d + μ·b)`. Throws
  /// when a shape differs from this one.
  public func sgdUpdate(
    gradient: Tensor, velocity: Tensor?, lr: Float, momentum: Float, weightDecay: Float,
    nesterov: Bool, first: Bool
  ) throws {
    try checkUpdateShapes("sgd", ["gradient": gradient, "velocity": velocity ?? gradient])
    let w = storage.base, g = gradient.storage.base
    let b = velocity?.storage.base
    Tensor.forEachUpdateRange(count) { o, n in
      llal_sgd_step(
        w + o, g + o, b.map { $0 + o }, n, lr, momentum, weightDecay, nesterov ? 1 : 0,
        first ? 1 : 0)
    }
  }

  /// Throws unless every named tensor has this parameter's shape.
  private func checkUpdateShapes(_ op: String, _ others: KeyValuePairs<String, Tensor>) throws {
    for (label, t) in others where t.shape != shape {
      throw TensorError(
        op, "\(label) shape \(describeShape(t.shape)) differs from parameter \(describeShape(shape))")
    }
  }

  /// Runs `body(offset, count)` over ranges of `0..<total`, spread over the cores when large.
  private static func forEachUpdateRange(_ total: Int, _ body: (Int, Int) -> Void) {
    Parallel.forRanges(total, grain: 1 << 15) { r in body(r.lowerBound, r.count) }
  }
}
