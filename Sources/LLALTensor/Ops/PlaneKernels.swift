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

  /// `(Σ g[i], Σ g[i]·(x[i] − m))`.
  @inline(__always)
  static func gradientSums(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, stride: Int, mean m: Float
  ) -> (Float, Float) {
    if stride != 1 {
      var sg = 0.0
      var sgx = 0.0
      for i in 0..<n {
        sg += Double(g[i * stride])
        sgx += Double(g[i * stride] * (x[i * stride] - m))
      }
      return (Float(sg), Float(sgx))
    }
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
    _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, stride: Int,
    _ a: Float, _ b: Float
  ) {
    if stride != 1 {
      for i in 0..<n { out[i * stride] = a * x[i * stride] + b }
      return
    }
    for i in 0..<n { out[i] = a * x[i] + b }
  }

  /// `out[i] = a·g[i] + c·x[i] + b`.
  @inline(__always)
  static func affine2(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    _ n: Int, stride: Int, _ a: Float, _ c: Float, _ b: Float
  ) {
    if stride != 1 {
      for i in 0..<n { out[i * stride] = a * g[i * stride] + c * x[i * stride] + b }
      return
    }
    for i in 0..<n { out[i] = a * g[i] + c * x[i] + b }
  }
}
