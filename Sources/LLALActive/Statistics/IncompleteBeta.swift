import Foundation

/// The regularized incomplete beta function I_x(a, b), in Double.
///
/// I_x(a, b) = B(x; a, b) / B(a, b), the CDF of the Beta(a, b) distribution at x. It is
/// evaluated by its continued fraction (Abramowitz & Stegun 26.5.8) with the modified Lentz
/// algorithm, on the side where the fraction converges fast (x < (a + 1) / (a + b + 2)),
/// and through the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
enum IncompleteBeta {
  /// Relative accuracy at which the continued fraction stops.
  private static let epsilon = 1e-16
  /// Stands in for a zero denominator in Lentz's algorithm.
  private static let tiny = 1e-300
  /// More than enough terms: the fraction needs O(√max(a, b)) of them.
  private static let maxTerms = 100_000

  /// I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, given also y = 1 − x.
  ///
  /// Passing y separately keeps its precision when it is computed without cancellation
  /// (for Student's t, y = t² / (ν + t²) near t = 0). NaN for arguments outside the domain.
  static func regularized(a: Double, b: Double, x: Double, y: Double) -> Double {
    guard a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, y >= 0, x <= 1, y <= 1 else {
      return .nan
    }
    if x == 0 { return 0 }
    if y == 0 { return 1 }
    let logFront = a * log(x) + b * log(y) - logBeta(a, b)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
    }
    return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
  }

  /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
  static func logBeta(_ a: Double, _ b: Double) -> Double {
    lgamma(a) + lgamma(b) - lgamma(a + b)
  }

  /// The continued fraction 1 / (1 + d₁ / (1 + d₂ / (1 + …))) of A&S 26.5.8, where
  /// d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
  /// d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)).
  private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
    func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
    var c = 1.0
    var d = 1 / guarded(1 - (a + b) * x / (a + 1))
    var h = d
    for m in 1...maxTerms {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 / guarded(1 + even * d)
      c = guarded(1 + even / c)
      h *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 / guarded(1 + odd * d)
      c = guarded(1 + odd / c)
      let step = d * c
      h *= step
      if abs(step - 1) < epsilon { break }
    }
    return h
  }
}
