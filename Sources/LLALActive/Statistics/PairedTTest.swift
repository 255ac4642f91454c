/// The paired t-test of differences dᵢ = aᵢ − bᵢ against a mean of zero, two-sided, with the
/// t interval of the mean difference.
///
/// With n differences, mean d̄ and sample standard deviation s (n − 1 in the denominator):
/// t = d̄ / (s / √n) on n − 1 degrees of freedom, p = P(|T| ≥ |t|), and the interval is
/// d̄ ± t₍₁₋α/₂, n−1₎ · s / √n. These equal SciPy's `ttest_rel(a, b)` (its `pvalue`, and
/// `confidence_interval(0.95)`), which is `ttest_1samp(a - b, 0)`.
///
/// Where SciPy gives NaN, the test defines its result instead:
/// - fewer than 2 differences: no test; `t`, `pValue` and `interval` are nil;
/// - every difference the same (s = 0) and not zero: t = ±∞, p = 0, interval [d̄, d̄] (as
///   SciPy);
/// - every difference zero: t = 0, p = 1, interval [0, 0] — no evidence of any difference.
///
/// Non-finite differences are left out (`n` counts the finite ones).
public struct PairedTTest: Equatable, Sendable {
  /// The number of finite differences.
  public let n: Int
  /// d̄, the mean difference (0 when n = 0).
  public let meanDifference: Double
  /// s, the sample standard deviation of the differences (0 when n < 2).
  public let standardDeviation: Double
  /// The t statistic; nil when n < 2.
  public let t: Double?
  /// The two-sided p-value; nil when n < 2.
  public let pValue: Double?
  /// The confidence level of `interval`.
  public let confidence: Double
  /// The t interval of the mean difference at `confidence`; nil when n < 2.
  public let interval: ClosedRange<Double>?

  /// n − 1, the degrees of freedom.
  public var degreesOfFreedom: Int { max(n - 1, 0) }

  /// The test of `a[i] − b[i]`; the two arrays pair by index (extra elements are ignored).
  public init(_ a: [Double], _ b: [Double], confidence: Double = 0.95) {
    self.init(differences: zip(a, b).map { $0 - $1 }, confidence: confidence)
  }

  /// The test of `differences`, with an interval at `confidence` (between 0 and 1; any
  /// other value means 0.95).
  public init(differences: [Double], confidence: Double = 0.95) {
    let d = differences.filter(\.isFinite)
    n = d.count
    self.confidence = confidence
    meanDifference = Descriptive.mean(d) ?? 0
    standardDeviation = Descriptive.sampleStandardDeviation(d)
    guard n >= 2, let distribution = StudentT(degreesOfFreedom: Double(n - 1)) else {
      (t, pValue, interval) = (nil, nil, nil)
      return
    }
    let standardError = standardDeviation / Double(n).squareRoot()
    if standardError == 0 {
      let zero = meanDifference == 0
      t = zero ? 0 : (meanDifference > 0 ? .infinity : -.infinity)
      pValue = zero ? 1 : 0
      interval = meanDifference...meanDifference
      return
    }
    let statistic = meanDifference / standardError
    t = statistic
    pValue = distribution.twoSidedPValue(statistic)
    let level = (0...1).contains(confidence) ? confidence : 0.95
    let half = distribution.quantile(0.5 + level / 2) * standardError
    interval = (meanDifference - half)...(meanDifference + half)
  }
}
