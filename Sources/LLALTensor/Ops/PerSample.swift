/// Reductions to one value per sample (axis 0 indexes samples): the mean over every other
/// axis, and the fused per-sample mean squared error that regression and heatmap losses
/// train on.

/// `mean over each sample's elements of (p − t)²`, `[B, …] → [B]`.
struct PerSampleMSEOp: TapeOp {
  var name: String { "perSampleMSE" }

  // ℓ_b = Σᵢ (p_bi − t_bi)² / M, so ∂ℓ_b/∂p_bi = 2(p_bi − t_bi)/M = −∂ℓ_b/∂t_bi.
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (p, t) = (inputs[0], inputs[1])
    let b = p.shape[0]
    let m = b == 0 ? 0 : p.count / b
    let dp = Tensor.uninitialized(p.shape)
    let pp = p.storage.base, pt = t.storage.base, pg = g.storage.base, pd = dp.storage.base
    let scale = 2 / Float(Swift.max(m, 1))
    Parallel.forRanges(b, grain: Swift.max(1, (1 << 15) / Swift.max(m, 1))) { rows in
      for s in rows {
        let k = pg[s] * scale
        for i in (s * m)..<((s + 1) * m) { pd[i] = k * (pp[i] - pt[i]) }
      }
    }
    return [p.requiresGrad ? dp : nil, t.requiresGrad ? -dp : nil]
  }
}

extension Tensor {
  /// The mean of each sample's elements: `[B, d₁, …] → [B]` (a `[B]` tensor is returned
  /// as it is). The per-sample reduction of element-wise losses.
  ///
  ///     try (prediction - target).huber(delta: 1).meanPerSample()   // [B]
  public func meanPerSample() throws -> Tensor {
    guard rank >= 1 else {
      throw TensorError("meanPerSample", "needs a batch axis, got a scalar")
    }
    if rank == 1 { return self }
    return try reshaped([shape[0], shape.dropFirst().reduce(1, *)]).mean(axes: [1])
  }

  /// The mean squared error of each sample, `mean((prediction − target)²)` over every axis
  /// but the first: `[B, …]` and `[B, …]` (equal shapes) give `[B]`. Fused: one pass, no
  /// intermediate tensors; the gradient flows to both operands.
  ///
  ///     let losses = try Tensor.perSampleMSE(heatmaps, targets)   // [B, K, H, W] → [B]
  public static func perSampleMSE(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
    let op = "perSampleMSE"
    guard prediction.rank >= 1, prediction.shape == target.shape else {
      throw TensorError(
        op,
        "expects prediction and target of the same shape [B, …], got "
          + "\(describeShape(prediction.shape)) and \(describeShape(target.shape))")
    }
    let b = prediction.shape[0]
    let m = b == 0 ? 0 : prediction.count / b
    let out = Tensor.uninitialized([b])
    let pp = prediction.storage.base, pt = target.storage.base, po = out.storage.base
    Parallel.forRanges(b, grain: Swift.max(1, (1 << 15) / Swift.max(m, 1))) { rows in
      for s in rows { po[s] = squaredDistance(pp + s * m, pt + s * m, m) / Float(m) }
    }
    return record(PerSampleMSEOp(), inputs: [prediction, target], output: out)
  }
}

/// `Σ (a[i] − b[i])²` with eight partial sums (vectorises, and loses less precision than
/// one running sum).
@inline(__always)
private func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int)
  -> Float
{
  var acc = SIMD8<Float>()
  var i = 0
  while i + 8 <= n {
    let d =
      UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
      - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
    acc += d * d
    i += 8
  }
  var s = acc.sum()
  while i < n {
    let d = a[i] - b[i]
    s += d * d
    i += 1
  }
  return s
}
