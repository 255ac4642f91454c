import XCTest

@testable import LLALActive

/// The paired t-test and the Wilcoxon signed-rank test against SciPy 1.17.1 (the calls in
/// the comments; `from scipy import stats`).
final class PairedTestsTests: XCTestCase {
  func assertT(
    _ a: [Double], _ b: [Double], t: Double, p: Double, low: Double, high: Double,
    line: UInt = #line
  ) throws {
    let test = PairedTTest(a, b)
    XCTAssertEqual(test.n, a.count, line: line)
    XCTAssertEqual(test.degreesOfFreedom, a.count - 1, line: line)
    XCTAssertEqual(try XCTUnwrap(test.t, line: line), t, accuracy: 1e-9, line: line)
    XCTAssertEqual(try XCTUnwrap(test.pValue, line: line), p, accuracy: 1e-9, line: line)
    let interval = try XCTUnwrap(test.interval, line: line)
    XCTAssertEqual(interval.lowerBound, low, accuracy: 1e-9, line: line)
    XCTAssertEqual(interval.upperBound, high, accuracy: 1e-9, line: line)
  }

  func testPairedTThreeFiveTen() throws {
    // r = stats.ttest_rel([0.81, 0.84, 0.79], [0.8, 0.82, 0.8]):
    // r.statistic, r.pvalue, r.confidence_interval(0.95).low / .high
    try assertT(
      [0.81, 0.84, 0.79], [0.80, 0.82, 0.80], t: 0.7559289460184545, p: 0.5285954792089683,
      low: -0.03127916366930095, high: 0.044612497002634297)
    // r = stats.ttest_rel([0.812, 0.845, 0.798, 0.83, 0.821], [0.805, 0.832, 0.801, 0.815, 0.809])
    try assertT(
      [0.812, 0.845, 0.798, 0.830, 0.821], [0.805, 0.832, 0.801, 0.815, 0.809],
      t: 2.723531626596758, p: 0.05279403985096184, low: -0.0001709686816712165,
      high: 0.017770968681671186)
    // r = stats.ttest_rel([0.91, 0.88, 0.93, 0.9, 0.89, 0.92, 0.87, 0.94, 0.9, 0.91],
    //                     [0.89, 0.88, 0.9, 0.91, 0.86, 0.9, 0.88, 0.91, 0.87, 0.9])
    try assertT(
      [0.91, 0.88, 0.93, 0.90, 0.89, 0.92, 0.87, 0.94, 0.90, 0.91],
      [0.89, 0.88, 0.90, 0.91, 0.86, 0.90, 0.88, 0.91, 0.87, 0.90], t: 2.8749445424997293,
      p: 0.018328392205591532, low: 0.0031972132191220286, high: 0.026802786780877975)
  }

  func testPairedTEdgeCases() throws {
    // n = 1 (SciPy: nan): no test.
    let one = PairedTTest([0.9], [0.8])
    XCTAssertEqual(one.n, 1)
    XCTAssertEqual(one.meanDifference, 0.9 - 0.8, accuracy: 1e-15)
    XCTAssertEqual(one.standardDeviation, 0)
    XCTAssertNil(one.t)
    XCTAssertNil(one.pValue)
    XCTAssertNil(one.interval)
    XCTAssertNil(PairedTTest(differences: []).pValue)
    XCTAssertEqual(PairedTTest(differences: []).meanDifference, 0)

    // All differences equal, not zero: stats.ttest_rel([1, 2, 3], [0, 1, 2]) gives t = inf,
    // p = 0.0.
    let equal = PairedTTest([1, 2, 3], [0, 1, 2])
    XCTAssertEqual(equal.t, .infinity)
    XCTAssertEqual(equal.pValue, 0)
    XCTAssertEqual(equal.interval, 1...1)
    XCTAssertEqual(PairedTTest([0, 1], [1, 2]).t, -.infinity)

    // All differences zero (SciPy: nan): no evidence of a difference.
    let zero = PairedTTest([0.8, 0.9, 0.7], [0.8, 0.9, 0.7])
    XCTAssertEqual(zero.t, 0)
    XCTAssertEqual(zero.pValue, 1)
    XCTAssertEqual(zero.interval, 0...0)

    // Non-finite differences are left out.
    let mixed = PairedTTest(differences: [1, .nan, 2, .infinity, 3])
    XCTAssertEqual(mixed.n, 3)
    XCTAssertEqual(mixed.meanDifference, 2)
    XCTAssertEqual(mixed.standardDeviation, 1)
  }

  func testPairedTIntervalAtOtherLevels() throws {
    let a = [0.81, 0.84, 0.79]
    let b = [0.8, 0.82, 0.8]
    // stats.ttest_rel([0.81, 0.84, 0.79], [0.8, 0.82, 0.8]).confidence_interval(0.9).high
    let ninety = try XCTUnwrap(PairedTTest(a, b, confidence: 0.9).interval)
    XCTAssertEqual(ninety.upperBound, 0.03241851892503524, accuracy: 1e-9)
    let point = try XCTUnwrap(PairedTTest(a, b, confidence: 0).interval)
    XCTAssertEqual(point.lowerBound, 0.02 / 3, accuracy: 1e-15, "a 0% interval is the mean")
    XCTAssertEqual(point.upperBound, point.lowerBound)
    XCTAssertEqual(PairedTTest([1, 2, 4], [0, 0, 0], confidence: 7).confidence, 7)
    XCTAssertEqual(
      PairedTTest([1, 2, 4], [0, 0, 0], confidence: 7).interval,
      PairedTTest([1, 2, 4], [0, 0, 0]).interval, "an impossible level falls back to 0.95")
  }

  func testWilcoxonExactFiveToTen() {
    let cases: [([Double], Double, Double)] = [
      // stats.wilcoxon([0.401, 0.699, 0.126, -0.491, -0.055]) → pvalue, statistic
      ([0.401, 0.699, 0.126, -0.491, -0.055], 0.625, 5),
      // stats.wilcoxon([-0.592, 0.46, 1.74, -0.092, -0.22, 0.89])
      ([-0.592, 0.46, 1.74, -0.092, -0.22, 0.89], 0.5625, 7),
      // stats.wilcoxon([0.757, 0.505, -0.53, 0.371, 1.095, -0.944, -0.058])
      ([0.757, 0.505, -0.53, 0.371, 1.095, -0.944, -0.058], 0.6875, 11),
      // stats.wilcoxon([-1.501, -0.89, -1.442, 0.165, -0.867, 0.671, 0.557, 0.213])
      ([-1.501, -0.89, -1.442, 0.165, -0.867, 0.671, 0.557, 0.213], 0.3125, 10),
      // stats.wilcoxon([-2.117, -0.139, 0.351, 0.513, -1.13, -0.078, -0.579, -0.409, 1.461])
      ([-2.117, -0.139, 0.351, 0.513, -1.13, -0.078, -0.579, -0.409, 1.461], 0.49609375, 16),
      // stats.wilcoxon([-0.408, 0.367, 1.284, -0.184, 0.288, 0.51, 0.464, -0.825, 0.476,
      //                 1.759])
      ([-0.408, 0.367, 1.284, -0.184, 0.288, 0.51, 0.464, -0.825, 0.476, 1.759], 0.16015625, 13),
    ]
    for (d, p, statistic) in cases {
      let w = WilcoxonSignedRank(differences: d)
      XCTAssertEqual(w.method, .exact)
      XCTAssertEqual(w.n, d.count)
      XCTAssertEqual(w.pValue, p, accuracy: 1e-12, "\(d)")
      XCTAssertEqual(w.statistic, statistic)
      XCTAssertEqual(w.rankSumPositive + w.rankSumNegative, Double(d.count * (d.count + 1) / 2))
    }
  }

  func testWilcoxonExactTwentyFive() {
    // stats.wilcoxon([-1.247, 1.159, 0.419, -0.341, 2.3, 1.062, -0.899, 0.375, 0.877, 0.111,
    //   0.983, 0.233, 0.967, 1.739, -0.376, 0.503, -0.163, 0.427, -0.887, -0.279, 0.104, 1.199,
    //   1.445, -1.024, -0.495]).pvalue
    let d = [
      -1.247, 1.159, 0.419, -0.341, 2.3, 1.062, -0.899, 0.375, 0.877, 0.111, 0.983, 0.233, 0.967,
      1.739, -0.376, 0.503, -0.163, 0.427, -0.887, -0.279, 0.104, 1.199, 1.445, -1.024, -0.495,
    ]
    let w = WilcoxonSignedRank(differences: d)
    XCTAssertEqual(w.method, .exact)
    XCTAssertEqual(w.pValue, 0.10731470584869385, accuracy: 1e-12)
  }

  func testWilcoxonTiesAndZerosInSmallSamplesAreExact() {
    // stats.wilcoxon([1.0, -1.0, 2.0, 2.0, 3.0, 4.0, -2.0]).pvalue (a permutation test)
    let ties = WilcoxonSignedRank(differences: [1, -1, 2, 2, 3, 4, -2])
    XCTAssertEqual(ties.method, .exactConditional)
    XCTAssertEqual(ties.pValue, 0.203125, accuracy: 1e-12)
    // stats.wilcoxon([0.0, 0.5, 0.5, 1.5, -0.5, 2.0, 0.0, 3.0]).pvalue
    let zeros = WilcoxonSignedRank(differences: [0, 0.5, 0.5, 1.5, -0.5, 2, 0, 3])
    XCTAssertEqual(zeros.method, .exactConditional)
    XCTAssertEqual(zeros.zeros, 2)
    XCTAssertEqual(zeros.pValue, 0.125, accuracy: 1e-12)
    // stats.wilcoxon([0.0, 0.2, 0.3, 0.4, 0.5, 0.6]).pvalue: six seeds, but with the zero
    // dropped five differences all positive cannot reach 0.05.
    let dropped = WilcoxonSignedRank(differences: [0, 0.2, 0.3, 0.4, 0.5, 0.6])
    XCTAssertEqual(dropped.pValue, 0.0625, accuracy: 1e-12)
    XCTAssertEqual(dropped.rankSumPositive, 15)
  }

  func testWilcoxonNormalApproximationWithTies() {
    let d: [Double] = [1, 2, 2, 3, -1, 4, 4, 4, -2, 5, 6, 6, 7, -3, 8, 9, 9, 10, 2, -4]
    // stats.wilcoxon([1, 2, 2, 3, -1, 4, 4, 4, -2, 5, 6, 6, 7, -3, 8, 9, 9, 10, 2, -4],
    //                correction=True).pvalue
    let corrected = WilcoxonSignedRank(differences: d)
    XCTAssertEqual(corrected.method, .normal)
    XCTAssertEqual(corrected.pValue, 0.0025988977660806063, accuracy: 1e-12)
    XCTAssertEqual(corrected.statistic, 24)  // ….statistic
    // The same call without correction=True (SciPy's default)
    let plain = WilcoxonSignedRank(differences: d, continuityCorrection: false)
    XCTAssertEqual(plain.pValue, 0.0024432066299801504, accuracy: 1e-12)
  }

  func testWilcoxonNormalApproximationWithZeros() {
    let d: [Double] = [0, 0, 1, 2, 2, 3, -1, 4, 0, -2, 5, 6, 6, -3, 7, 8]
    // stats.wilcoxon([0, 0, 1, 2, 2, 3, -1, 4, 0, -2, 5, 6, 6, -3, 7, 8],
    //                correction=True).pvalue
    let w = WilcoxonSignedRank(differences: d)
    XCTAssertEqual(w.method, .normal)
    XCTAssertEqual(w.zeros, 3)
    XCTAssertEqual(w.pValue, 0.020823448710487764, accuracy: 1e-12)
    // … without correction=True
    XCTAssertEqual(
      WilcoxonSignedRank(differences: d, continuityCorrection: false).pValue,
      0.01896653507771132, accuracy: 1e-12)
  }

  func testWilcoxonAboveFiftyIsNormal() {
    let d = [
      0.8469, -1.7924, -0.2632, 0.1027, 1.457, 0.8894, -0.1272, -0.1686, -0.0502, 1.7235, -0.228,
      -0.1037, 0.5526, 0.0792, 0.0027, -0.9141, 0.1885, -0.2436, 1.3661, 0.8531, 0.1759, 0.8684,
      -0.1399, 1.2521, 0.1946, 0.7834, -1.0909, 0.5467, -1.4882, -1.8353, -0.1045, -0.6999,
      0.3641, 2.4448, -0.6317, -0.4239, 0.4054, 0.693, 0.0236, -0.0059, 0.9025, 0.7199, -0.8337,
      0.1208, 0.2353, -0.8545, 0.4598, -0.658, 1.1721, 0.3927, 0.2893, -0.391, 0.0814, -1.7977,
      -0.9314, 0.5628, -1.9286, 1.0466, -1.5461, 0.9567,
    ]
    // d60 = the 60 values above; stats.wilcoxon(d60, correction=True).pvalue
    let w = WilcoxonSignedRank(differences: d)
    XCTAssertEqual(w.method, .normal)
    XCTAssertEqual(w.pValue, 0.45051044630456893, accuracy: 1e-12)
    // stats.wilcoxon(d60).pvalue
    XCTAssertEqual(
      WilcoxonSignedRank(differences: d, continuityCorrection: false).pValue,
      0.4483042610564597, accuracy: 1e-12)
  }

  func testWilcoxonEdgeCases() {
    // stats.wilcoxon([0, 0, 0]).pvalue = 1.0; for 20 zeros SciPy gives nan, here 1.
    for d in [[0.0, 0, 0], Array(repeating: 0.0, count: 20), []] {
      let w = WilcoxonSignedRank(differences: d)
      XCTAssertEqual(w.pValue, 1, "\(d.count) zeros")
      XCTAssertEqual(w.statistic, 0)
    }
    // One difference: the exact p-value is 1 (2 · ½).
    XCTAssertEqual(WilcoxonSignedRank(differences: [0.3]).pValue, 1)
    // Every difference the same: one tie group of n; all signs positive gives the extreme.
    // stats.wilcoxon([0.01] * 6).pvalue = 0.03125
    XCTAssertEqual(
      WilcoxonSignedRank(differences: Array(repeating: 0.01, count: 6)).pValue, 0.03125)
    let w = WilcoxonSignedRank(differences: [1, .nan, -2, .infinity, 3])
    XCTAssertEqual(w.n, 3)
    XCTAssertEqual(w.rankSumPositive, 4)
    XCTAssertEqual(w.rankSumNegative, 2)
    XCTAssertEqual(WilcoxonSignedRank([1, 2, 3], [0, 0, 0]).rankSumPositive, 6)
  }

  func testSmallestPValueAndMinimumSampleSize() {
    XCTAssertEqual(WilcoxonSignedRank.smallestPValue(n: 0), 1)
    XCTAssertEqual(WilcoxonSignedRank.smallestPValue(n: 1), 1)
    XCTAssertEqual(WilcoxonSignedRank.smallestPValue(n: 5), 0.0625)
    XCTAssertEqual(WilcoxonSignedRank.smallestPValue(n: 6), 0.03125)
    XCTAssertEqual(WilcoxonSignedRank.minimumSampleSize(alpha: 0.05), 6)
    XCTAssertEqual(WilcoxonSignedRank.minimumSampleSize(alpha: 0.01), 8)
    XCTAssertEqual(WilcoxonSignedRank.minimumSampleSize(alpha: 0), Int.max)
    // The extreme really is reached: five positive differences, stats.wilcoxon([1, 2, 3, 4,
    // 5]).pvalue = 0.0625.
    XCTAssertEqual(WilcoxonSignedRank(differences: [1, 2, 3, 4, 5]).pValue, 0.0625)
  }
}
