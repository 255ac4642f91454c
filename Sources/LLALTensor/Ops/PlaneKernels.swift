/// Loops over one contiguous image plane, for pooling. Sums keep eight partial
/// accumulators, which vectorises and also loses less precision than one running sum.
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
}
