/// The engine's pseudo-random generator: xoshiro256** (Blackman & Vigna), its 256-bit
/// state filled from the seed by SplitMix64.
///
/// Every random draw in llal comes from a generator created from an explicit seed, so
/// the same seed gives the same numbers on every run and machine. Uniform floats use
/// the top 24 bits of a draw (`[0, 1)` exactly representable); normal values use the
/// Box–Muller transform, computed in Double.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// A generator whose whole sequence is determined by `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// A uniform Float in `[0, 1)`.
  public mutating func nextUniform() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A uniform Double in `[0, 1)`.
  public mutating func nextUniformDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A standard normal value (Box–Muller).
  public mutating func nextNormal() -> Float {
    var u1 = nextUniformDouble()
    while u1 <= 0 { u1 = nextUniformDouble() }
    let u2 = nextUniformDouble()
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }

  /// A uniform integer in `0..<bound` (unbiased); 0, without a draw, when `bound` ≤ 0.
  public mutating func nextInt(below bound: Int) -> Int {
    guard bound > 0 else { return 0 }
    return Int(next(upperBound: UInt64(bound)))
  }

  /// The indices `0..<n` in a random order (Fisher–Yates); empty when `n` ≤ 0.
  public mutating func permutation(_ n: Int) -> [Int] {
    guard n > 0 else { return [] }
    var p = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, nextInt(below: i + 1)) }
    }
    return p
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Darwin
  @inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
