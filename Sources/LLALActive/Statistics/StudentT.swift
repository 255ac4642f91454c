import Foundation

/// Student's t distribution with ν degrees of freedom: CDF, tails, density and quantile.
///
/// The tails come from the regularized incomplete beta function,
/// P(T > t) = ½ · I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, computed on the tail itself so that small
/// p-values keep their relative precision. The quantile inverts the tail by Newton steps
/// kept inside a bisection bracket.
///
/// ```swift
/// let t = StudentT(degreesOfFreedom: 4)!
/// t.quantile(0.975)      // 2.7764451051977987
/// t.twoSidedPValue(2.5)  // 0.0668…
/// ```
public struct StudentT: Equatable, Sendable {
  /// ν, the degrees of freedom.
  public let degreesOfFreedom: Double

  /// The distribution with `degreesOfFreedom` ν; nil unless ν is finite and positive.
  public init?(degreesOfFreedom: Double) {
    guard degreesOfFreedom.isFinite, degreesOfFreedom > 0 else { return nil }
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// P(T ≤ t). NaN for a NaN `t`.
  public func cdf(_ t: Double) -> Double {
    guard !t.isNaN else { return .nan }
    return t < 0 ? upperTail(-t) : 1 - upperTail(t)
  }

  /// P(T > t), accurate far into the upper tail. NaN for a NaN `t`.
  public func survival(_ t: Double) -> Double {
    guard !t.isNaN else { return .nan }
    return t < 0 ? 1 - upperTail(-t) : upperTail(t)
  }

  /// P(|T| ≥ |t|), the two-sided p-value of a t statistic: 1 at 0, 0 at ±∞. NaN for NaN.
  public func twoSidedPValue(_ t: Double) -> Double {
    guard !t.isNaN else { return .nan }
    return min(1, 2 * upperTail(abs(t)))
  }

  /// The density at `t`.
  public func density(_ t: Double) -> Double {
    guard !t.isNaN else { return .nan }
    guard t.isFinite else { return 0 }
    let v = degreesOfFreedom
    let logNorm = lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * Double.pi)
    return exp(logNorm - (v + 1) / 2 * log1p(t * t / v))
  }

  /// The t with P(T ≤ t) = p: −∞ at 0, +∞ at 1, NaN for p outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if p == 0.5 { return 0 }
    let upper = inverseUpperTail(p < 0.5 ? p : 1 - p)
    return p < 0.5 ? -upper : upper
  }

  /// P(T > t) for t ≥ 0.
  private func upperTail(_ t: Double) -> Double {
    guard t.isFinite else { return 0 }
    if t == 0 { return 0.5 }
    // x = ν / (ν + t²) and y = 1 − x = t² / (ν + t²), written through r = ν / t² so that
    // neither overflows for large t nor cancels for small t.
    let r = degreesOfFreedom / (t * t)
    let x = r / (1 + r)
    let y = 1 / (1 + r)
    return 0.5 * IncompleteBeta.regularized(a: degreesOfFreedom / 2, b: 0.5, x: x, y: y)
  }

  /// The t ≥ 0 with P(T > t) = q, for 0 < q < ½.
  private func inverseUpperTail(_ q: Double) -> Double {
    // Bracket the root: the tail falls from ½ at 0 towards 0.
    var low = 0.0
    var high = 1.0
    while upperTail(high) > q {
      low = high
      high *= 2
      if !high.isFinite { return .greatestFiniteMagnitude }
    }
    var t = (low + high) / 2
    for _ in 0..<400 {
      let excess = upperTail(t) - q
      if excess == 0 { return t }
      if excess > 0 { low = t } else { high = t }
      // The tail's derivative is −density, so Newton's step is t + excess / density.
      var next = t + excess / density(t)
      if !(next > low && next < high) {
        // Bisect; geometrically while the bracket spans orders of magnitude.
        next = low > 0 && high / low > 4 ? (low * high).squareRoot() : (low + high) / 2
      }
      if abs(next - t) <= 1e-15 * abs(next) || high - low <= 1e-15 * high { return next }
      t = next
    }
    return t
  }
}
