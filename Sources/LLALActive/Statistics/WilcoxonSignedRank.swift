import Foundation

/// The Wilcoxon signed-rank test of paired differences against a median of zero, two-sided,
/// as SciPy 1.17's `scipy.stats.wilcoxon(d, zero_method="wilcox", method="auto",
/// correction=True)` computes it.
///
/// Zero differences are dropped before ranking (Wilcox's method); the others are ranked by
/// absolute value, ties sharing the average rank (ties are exact floating-point equality,
/// as in SciPy). R⁺ and R⁻ are the rank sums of the positive and negative differences.
/// The p-value comes from, as SciPy's `method="auto"` chooses:
/// - `.exact` — no ties, no zeros, n ≤ 50: the exact null distribution of R⁺ over the 2ⁿ
///   equally likely sign patterns;
/// - `.exactConditional` — ties or zeros, n ≤ 13 (n counting the zeros): the same
///   enumeration over the signs of the non-zero differences with their tied ranks (SciPy
///   runs an exhaustive permutation test here, which gives the same p-value);
/// - `.normal` — otherwise: z = (R⁺ − m(m+1)/4) / σ with σ² = (m(m+1)(2m+1) − ½Σ(t³ − t)) / 24
///   over the m non-zero differences and tie groups of size t, less ½/σ towards zero when
///   `continuityCorrection` (SciPy's `correction`, default False there, True here).
///
/// Exact p-values are 2 · min(P(R⁺ ≤ r), P(R⁺ ≥ r)), at most 1. When no difference is
/// left to rank (all zero, or none given) the test defines p = 1, where SciPy gives NaN
/// for large all-zero samples. Non-finite differences are left out.
public struct WilcoxonSignedRank: Equatable, Sendable {
  /// How the p-value was computed.
  public enum Method: String, Equatable, Sendable {
    /// The exact distribution, no ties or zeros.
    case exact
    /// The exact distribution given the tied ranks, with zeros dropped.
    case exactConditional = "exact conditional"
    /// The normal approximation with tie correction.
    case normal
  }

  /// The number of finite differences, zeros included.
  public let n: Int
  /// The number of zero differences (dropped before ranking).
  public let zeros: Int
  /// The rank sum of the positive differences.
  public let rankSumPositive: Double
  /// The rank sum of the negative differences.
  public let rankSumNegative: Double
  /// The two-sided p-value.
  public let pValue: Double
  /// How `pValue` was computed.
  public let method: Method

  /// min(R⁺, R⁻), the statistic SciPy reports for the two-sided test.
  public var statistic: Double { min(rankSumPositive, rankSumNegative) }

  /// The test of `a[i] − b[i]`; the arrays pair by index (extra elements are ignored).
  public init(_ a: [Double], _ b: [Double], continuityCorrection: Bool = true) {
    self.init(differences: zip(a, b).map { $0 - $1 }, continuityCorrection: continuityCorrection)
  }

  /// The test of `differences`.
  public init(differences: [Double], continuityCorrection: Bool = true) {
    let finite = differences.filter(\.isFinite)
    n = finite.count
    let nonZero = finite.filter { $0 != 0 }
    zeros = n - nonZero.count
    let (doubledRanks, tieSizes) = Self.doubledRanks(nonZero.map(abs))
    let positive = zip(nonZero, doubledRanks).filter { $0.0 > 0 }.reduce(0) { $0 + $1.1 }
    let total = doubledRanks.reduce(0, +)
    rankSumPositive = Double(positive) / 2
    rankSumNegative = Double(total - positive) / 2

    let hasTies = tieSizes.contains { $0 > 1 }
    if nonZero.isEmpty {
      method = zeros == 0 ? .exact : .exactConditional
      pValue = 1
    } else if n <= 50 && !hasTies && zeros == 0 {
      method = .exact
      pValue = Self.exactPValue(doubledRanks: doubledRanks, observed: positive)
    } else if n <= 13 {
      method = .exactConditional
      pValue = Self.exactPValue(doubledRanks: doubledRanks, observed: positive)
    } else {
      method = .normal
      let m = Double(nonZero.count)
      let ties = tieSizes.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) }
      let sigma = ((m * (m + 1) * (2 * m + 1) - ties / 2) / 24).squareRoot()
      var z = (rankSumPositive - m * (m + 1) / 4) / sigma
      if continuityCorrection && z != 0 { z -= (z > 0 ? 0.5 : -0.5) / sigma }
      pValue = min(1, erfc(abs(z) / 2.0.squareRoot()))
    }
  }

  /// The smallest two-sided p-value an exact test on n non-zero differences can give:
  /// 2 / 2ⁿ, reached when every difference has the same sign (1 for n = 0).
  public static func smallestPValue(n: Int) -> Double {
    n <= 0 ? 1 : min(1, 2 / pow(2, Double(n)))
  }

  /// The fewest differences for which the exact test can give p < `alpha`: 6 at α = 0.05,
  /// since 2 / 2⁵ = 0.0625 and 2 / 2⁶ = 0.03125.
  public static func minimumSampleSize(alpha: Double) -> Int {
    guard alpha > 0 else { return Int.max }
    var n = 0
    while smallestPValue(n: n) >= alpha { n += 1 }
    return n
  }

  /// Twice the average ranks of `values` (integers, since average ranks are multiples of
  /// ½), in input order, and the size of each tie group.
  static func doubledRanks(_ values: [Double]) -> (ranks: [Int], tieSizes: [Int]) {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Int](repeating: 0, count: values.count)
    var sizes: [Int] = []
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      // Ranks start + 1 … end share their average (start + 1 + end) / 2.
      for i in start..<end { ranks[order[i]] = start + 1 + end }
      sizes.append(end - start)
      start = end
    }
    return (ranks, sizes)
  }

  /// 2 · min(P(S ≤ s), P(S ≥ s)), at most 1, where S is the sum of `doubledRanks` over a
  /// uniformly random subset (every sign pattern equally likely) and s is `observed`.
  static func exactPValue(doubledRanks: [Int], observed: Int) -> Double {
    // counts[k]: the number of sign patterns whose positive ranks sum to k (doubled).
    var counts = [Double](repeating: 0, count: doubledRanks.reduce(0, +) + 1)
    counts[0] = 1
    var reach = 0
    for r in doubledRanks {
      for k in stride(from: reach, through: 0, by: -1) where counts[k] != 0 {
        counts[k + r] += counts[k]
      }
      reach += r
    }
    let patterns = pow(2, Double(doubledRanks.count))
    let atMost = counts[...observed].reduce(0, +) / patterns
    let atLeast = counts[observed...].reduce(0, +) / patterns
    return min(1, 2 * min(atMost, atLeast))
  }
}
