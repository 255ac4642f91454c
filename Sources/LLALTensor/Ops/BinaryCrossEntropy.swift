/// Binary cross-entropy of logits against targets in [0, 1], element-wise and numerically
/// stable (PyTorch's `binary_cross_entropy_with_logits(reduction="none")`), and its gradient.

import CKernels

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Element-wise BCE of logits `x` and targets `z`; both inputs may be differentiated.
struct BinaryCrossEntropyOp: TapeOp {
  var name: String { "binaryCrossEntropy" }

  // ℓ = max(x, 0) − x·z + log(1 + e^−|x|), so ∂ℓ/∂x = σ(x) − z and ∂ℓ/∂z = −x.
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (x, z) = (inputs[0], inputs[1])
    var gx: Tensor?
    if x.requiresGrad {
      let px = x.storage.base, pz = z.storage.base, pg = g.storage.base
      let dx = Tensor.uninitialized(x.shape)
      let pd = dx.storage.base
      Parallel.forRanges(x.count, grain: 1 << 14) { r in
        let (d, n) = (pd + r.lowerBound, r.count)
        llal_sigmoid(px + r.lowerBound, d, n)
        let (gr, zr) = (pg + r.lowerBound, pz + r.lowerBound)
        for i in 0..<n { d[i] = gr[i] * (d[i] - zr[i]) }
      }
      gx = dx
    }
    let gz = z.requiresGrad ? try -(g * x) : nil
    return [gx, gz]
  }
}

extension Tensor {
  /// The binary cross-entropy of every logit against its target (same shapes), computed
  /// stably as `max(x, 0) − x·z + log(1 + e^−|x|)`: finite for logits in the thousands,
  /// and equal to `−z·log σ(x) − (1 − z)·log(1 − σ(x))`. Targets are usually 0 or 1 (or
  /// soft labels in between); the gradient is `σ(x) − z` for the logits and `−x` for the
  /// targets.
  ///
  ///     let perSample = try Tensor.binaryCrossEntropy(logits: out, targets: y).meanPerSample()
  public static func binaryCrossEntropy(logits: Tensor, targets: Tensor) throws -> Tensor {
    guard logits.shape == targets.shape else {
      throw TensorError(
        "binaryCrossEntropy",
        "logits \(describeShape(logits.shape)) and targets \(describeShape(targets.shape)) "
          + "must have the same shape")
    }
    let out = Tensor.uninitialized(logits.shape)
    let px = logits.storage.base, pz = targets.storage.base, po = out.storage.base
    Parallel.forRanges(logits.count, grain: 1 << 14) { r in
      let (x, z, y, n) = (px + r.lowerBound, pz + r.lowerBound, po + r.lowerBound, r.count)
      // y = e^−|x| with the vector kernel, then u = 1 + y and log1p(y) = log(u)·y/(u − 1)
      // (exact to rounding, and y itself where u rounds to 1).
      for i in 0..<n { y[i] = -Swift.abs(x[i]) }
      llal_exp(y, y, n)
      for i in 0..<n {
        let e = y[i], u = 1 + e
        let softplus = u == 1 ? e : logf(u) * e / (u - 1)
        y[i] = Swift.max(x[i], 0) - x[i] * z[i] + softplus
      }
    }
    return record(BinaryCrossEntropyOp(), inputs: [logits, targets], output: out)
  }
}
