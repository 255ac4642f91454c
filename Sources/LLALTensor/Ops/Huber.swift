/// The Huber function and smooth L1 element-wise (the robust regression losses of
/// PyTorch's `huber_loss` and `smooth_l1_loss` before their reduction), and their gradient.

/// `scale · huber_δ(x)` element-wise: `0.5·x²` for `|x| ≤ δ`, `δ·(|x| − δ/2)` beyond.
struct HuberOp: TapeOp {
  let delta: Float
  let scale: Float
  var name: String { "huber" }

  // d huber_δ(x)/dx = clamp(x, −δ, δ).
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (delta, scale) = (self.delta, self.scale)
    return [
      Tensor.mapPair(inputs[0], g) { x, g, out, n in
        for i in 0..<n { out[i] = scale * g[i] * Swift.min(Swift.max(x[i], -delta), delta) }
      }
    ]
  }
}

extension Tensor {
  /// The Huber function of every element (`torch.nn.functional.huber_loss(x, 0,
  /// reduction="none", delta=δ)`): `0.5·x²` where `|x| ≤ δ`, `δ·(|x| − δ/2)` beyond, so
  /// quadratic near 0 and linear (slope ±δ) in the tails. `delta` must be positive.
  ///
  ///     let perSample = try (prediction - target).huber(delta: 1).meanPerSample()
  public func huber(delta: Float = 1) throws -> Tensor {
    guard delta > 0, delta.isFinite else {
      throw TensorError(
        "huber", "delta must be positive and finite, got \(delta) (tensor \(describeShape(shape)))")
    }
    return huberScaled(delta: delta, scale: 1)
  }

  /// Smooth L1 of every element (`torch.nn.functional.smooth_l1_loss(x, 0,
  /// reduction="none", beta=β)`): `0.5·x²/β` where `|x| < β`, `|x| − β/2` beyond, i.e.
  /// `huber(delta: β) / β`. `beta: 0` is `|x|`; a negative beta is an error.
  public func smoothL1(beta: Float = 1) throws -> Tensor {
    guard beta >= 0, beta.isFinite else {
      throw TensorError(
        "smoothL1",
        "beta must be finite and >= 0, got \(beta) (tensor \(describeShape(shape)))")
    }
    return beta == 0 ? try abs() : huberScaled(delta: beta, scale: 1 / beta)
  }

  /// `scale · huber_δ(x)`, recorded.
  private func huberScaled(delta: Float, scale: Float) -> Tensor {
    let out = Tensor.mapPair(self, self) { x, _, y, n in
      for i in 0..<n {
        // Branch-free: with q = min(|x|, δ), q·(|x| − q/2) is 0.5·x² inside and
        // δ·(|x| − δ/2) outside.
        let a = Swift.abs(x[i])
        let q = Swift.min(a, delta)
        y[i] = scale * q * (a - 0.5 * q)
      }
    }
    return Tensor.record(HuberOp(delta: delta, scale: scale), inputs: [self], output: out)
  }
}
