/// Loops over one run of floats `p[0], p[stride], …` (an image plane, or a column of a
/// matrix), shared by pooling and batch normalisation. Contiguous runs (`stride` 1) sum
/// with eight partial accumulators, which vectorises and also loses less precision than
/// one running sum; strided runs (a whole batch's column) sum in Double.
enum PlaneKernels {
  /// `Σ p[i]`.
  @inline(__always)
  static func sum(_ p: UnsafePointer<Float>, _ n: Int, stride: Int = 1) -> Float {
    if stride != 1 {
      var s = 0.0
      for i in 0..<n { s += Double(p[i * stride]) }
      return Float(s)
    }
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= n {
      acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
    }
    var s = acc.sum()
    while i < n {
      s += p[i]
      i += 1
    }
    return s
  }

  /// `Σ (p[i] − m)²`.
  @inline(__always)
  static func squaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, stride: Int, from m: Float)
    -> Float
  {
    if stride != 1 {
      var s = 0.0
      for i in 0..<n {
        let d = Double(p[i * stride] - m)
        s += d * d
      }
      return Float(s)
    }
    var acc = SIMD8<Float>()
    let mv = SIMD8<Float>(repeating: m)
    var i = 0
    while i + 8 <= n {
      let d = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) - mv
      acc += d * d
      i += 8
    }
    var s = acc.sum()
    while i < n {
      let d = p[i] - m
      s += d * d
      i += 1
    }
    return s
  }

  /// `(Σ g[i], Σ g[i]·(x[i] − m))`; with `mask`, each `g[i]` counts only where
  /// `mask[i] > 0` (the gradient through a ReLU whose output is `mask`).
  @inline(__always)
  static func gradientSums(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, stride: Int, mean m: Float,
    mask: UnsafePointer<Float>? = nil
  ) -> (Float, Float) {
    if stride != 1 {
      var sg = 0.0
      var sgx = 0.0
      for i in 0..<n {
        let gi = mask.map { $0[i * stride] > 0 ? g[i * stride] : 0 } ?? g[i * stride]
        sg += Double(gi)
        sgx += Double(gi * (x[i * stride] - m))
      }
      return (Float(sg), Float(sgx))
    }
    var accG = SIMD8<Float>()
    var accGX = SIMD8<Float>()
    let mv = SIMD8<Float>(repeating: m)
    var i = 0
    if let mask {
      while i + 8 <= n {
        let gv = masked(g + i, by: mask + i)
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        accG += gv
        accGX += gv * (xv - mv)
        i += 8
      }
    } else {
      while i + 8 <= n {
        let gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        accG += gv
        accGX += gv * (xv - mv)
        i += 8
      }
    }
    var sg = accG.sum()
    var sgx = accGX.sum()
    while i < n {
      let gi = mask.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
      sg += gi
      sgx += gi * (x[i] - m)
      i += 1
    }
    return (sg, sgx)
  }

  /// `out[i] = a·x[i] + b`, or with `relu` that value's `relu()` (0 below 0, NaN kept).
  /// With `mask` (never together with `relu`), `x[i]` is taken as 0 where `mask[i] > 0`
  /// fails.
  @inline(__always)
  static func affine(
    _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, stride: Int,
    _ a: Float, _ b: Float, relu: Bool = false, mask: UnsafePointer<Float>? = nil
  ) {
    if stride != 1 {
      for i in 0..<n {
        let xi = mask.map { $0[i * stride] > 0 ? x[i * stride] : 0 } ?? x[i * stride]
        let v = a * xi + b
        out[i * stride] = relu && v < 0 ? 0 : v
      }
      return
    }
    if let mask {
      var i = 0
      while i + 8 <= n {
        let xv = masked(x + i, by: mask + i)
        UnsafeMutableRawPointer(out + i).storeBytes(of: a * xv + b, as: SIMD8<Float>.self)
        i += 8
      }
      while i < n {
        out[i] = a * (mask[i] > 0 ? x[i] : 0) + b
        i += 1
      }
    } else if relu {
      for i in 0..<n {
        let v = a * x[i] + b
        out[i] = v < 0 ? 0 : v
      }
    } else {
      for i in 0..<n { out[i] = a * x[i] + b }
    }
  }

  /// `out[i] = a·g[i] + c·x[i] + b`; with `mask`, `g[i]` is taken as 0 where
  /// `mask[i] > 0` fails.
  @inline(__always)
  static func affine2(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    _ n: Int, stride: Int, _ a: Float, _ c: Float, _ b: Float, mask: UnsafePointer<Float>? = nil
  ) {
    if stride != 1 {
      for i in 0..<n {
        let gi = mask.map { $0[i * stride] > 0 ? g[i * stride] : 0 } ?? g[i * stride]
        out[i * stride] = a * gi + c * x[i * stride] + b
      }
      return
    }
    if let mask {
      var i = 0
      while i + 8 <= n {
        let gv = masked(g + i, by: mask + i)
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(out + i).storeBytes(
          of: a * gv + c * xv + b, as: SIMD8<Float>.self)
        i += 8
      }
      while i < n {
        out[i] = a * (mask[i] > 0 ? g[i] : 0) + c * x[i] + b
        i += 1
      }
    } else {
      for i in 0..<n { out[i] = a * g[i] + c * x[i] + b }
    }
  }

  /// Eight values of `p`, each replaced by 0 where the matching `mask` value is not > 0
  /// (NaN included): a ReLU's gradient, with the ReLU's output as the mask. Loads
  /// unconditionally, so that the loops around it stay vectorised.
  @inline(__always)
  static func masked(_ p: UnsafePointer<Float>, by mask: UnsafePointer<Float>) -> SIMD8<Float> {
    let m = UnsafeRawPointer(mask).loadUnaligned(as: SIMD8<Float>.self)
    return SIMD8<Float>().replacing(
      with: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self), where: m .> 0)
  }
}
