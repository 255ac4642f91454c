/// Loops over one contiguous run of floats (an image plane, a row), shared by pooling and
/// batch normalisation. Sums keep eight partial accumulators, which vectorises and also
/// loses less precision than one running sum.
enum PlaneKernels {
  /// `Σ p[i]`.
  @inline(__always)
  static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
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
  static func squaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, from m: Float) -> Float {
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

  /// `(Σ g[i], Σ g[i]·(x[i] − m))`.
  @inline(__always)
  static func gradientSums(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, mean m: Float
  ) -> (Float, Float) {
    var accG = SIMD8<Float>()
    var accGX = SIMD8<Float>()
    let mv = SIMD8<Float>(repeating: m)
    var i = 0
    while i + 8 <= n {
      let gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
      let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      accG += gv
      accGX += gv * (xv - mv)
      i += 8
    }
    var sg = accG.sum()
    var sgx = accGX.sum()
    while i < n {
      sg += g[i]
      sgx += g[i] * (x[i] - m)
      i += 1
    }
    return (sg, sgx)
  }

  /// `out[i] = a·x[i] + b`.
  @inline(__always)
  static func affine(
    _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, _ a: Float,
    _ b: Float
  ) {
    for i in 0..<n { out[i] = a * x[i] + b }
  }

  /// `out[i] = a·g[i] + c·x[i] + b`.
  @inline(__always)
  static func affine2(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    _ n: Int, _ a: Float, _ c: Float, _ b: Float
  ) {
    for i in 0..<n { out[i] = a * g[i] + c * x[i] + b }
  }
}
