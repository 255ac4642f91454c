import XCTest

@testable import LLALActive

/// AUBC, paired comparisons, the penalty matrix and the standing against random, on a
/// fixed result whose numbers were drawn once in NumPy (`default_rng(15)`, rounded to 4
/// decimals; cycle 0 shared per seed as in a paired experiment). The reference values come
/// from NumPy 2 / SciPy 1.17.1 with `A = np.trapezoid(acc, [20, 40, 60, 80, 100], axis=1) / 80`
/// per strategy; the calls are in the comments.
final class ComparisonTests: XCTestCase {
  static let labeled = [20, 40, 60, 80, 100]
  static let accuracy: [String: [[Double]]] = [
    "random": [
      [0.4857, 0.6081, 0.6552, 0.7168, 0.7258],
      [0.4906, 0.6016, 0.6617, 0.7026, 0.7311],
      [0.5039, 0.6133, 0.6651, 0.6986, 0.7078],
      [0.4948, 0.6016, 0.6655, 0.7115, 0.7151],
      [0.5053, 0.5935, 0.6566, 0.6818, 0.7259],
      [0.5081, 0.5994, 0.6636, 0.7027, 0.7095],
    ],
    "entropy": [
      [0.4857, 0.6136, 0.679, 0.7172, 0.7372],
      [0.4906, 0.6058, 0.6763, 0.7169, 0.7646],
      [0.5039, 0.6155, 0.6823, 0.7139, 0.758],
      [0.4948, 0.5974, 0.6808, 0.7311, 0.7578],
      [0.5053, 0.5962, 0.673, 0.7181, 0.7504],
      [0.5081, 0.6165, 0.681, 0.7159, 0.7572],
    ],
    "margin": [
      [0.4857, 0.6025, 0.648, 0.6948, 0.7186],
      [0.4906, 0.5989, 0.6498, 0.7063, 0.7255],
      [0.5039, 0.59, 0.6623, 0.6949, 0.7145],
      [0.4948, 0.5939, 0.649, 0.7063, 0.7342],
      [0.5053, 0.6062, 0.6767, 0.6972, 0.7374],
      [0.5081, 0.5973, 0.6633, 0.6897, 0.7118],
    ],
  ]

  /// The fixture as a result over `seeds` (indices into the rows), cycles 0…`last`.
  static func result(seeds: [Int] = Array(0..<6), last: Int = 4) -> ExperimentResult {
    let names = ["random", "entropy", "margin"]
    var result = ExperimentResult(strategies: names, seeds: seeds)
    for name in names {
      for seed in seeds {
        for cycle in 0...last {
          result.append(
            CycleRecord(
              strategy: name, seed: seed, cycle: cycle, labeled: labeled[cycle],
              testAccuracy: accuracy[name]?[seed][cycle], finalTrainLoss: 0.1))
        }
      }
    }
    return result
  }

  func testBudgetCurveArea() throws {
    // np.trapezoid([0.5, 0.7, 0.8], [100, 200, 400]) / 300
    XCTAssertEqual(
      try XCTUnwrap(BudgetCurve.area(labeled: [100, 200, 400], values: [0.5, 0.7, 0.8])), 0.7,
      accuracy: 1e-12)
    // np.trapezoid([0.7, 0.5, 0.9, 0.6], [10, 20, 50, 80]) / 70, given out of order
    let shuffled = BudgetCurve.area(labeled: [50, 10, 80, 20], values: [0.9, 0.7, 0.6, 0.5])
    XCTAssertEqual(try XCTUnwrap(shuffled), 0.7071428571428572, accuracy: 1e-12)
    // One point, or no range: the mean height is the value itself.
    XCTAssertEqual(BudgetCurve.area(labeled: [100], values: [0.83]), 0.83)
    XCTAssertEqual(
      try XCTUnwrap(BudgetCurve.area(labeled: [100, 100], values: [0.8, 0.9])), 0.85,
      accuracy: 1e-15)
    XCTAssertNil(BudgetCurve.area(labeled: [], values: []))
    XCTAssertNil(BudgetCurve.area(labeled: [1, 2], values: [0.5]))
    XCTAssertNil(BudgetCurve.area(labeled: [1, 2], values: [0.5, .nan]))
  }

  func testAUBCTable() throws {
    let table = Self.result().aubc()
    XCTAssertEqual(table.lastCycle, 4)
    XCTAssertEqual(table.labeled, 20...100)
    XCTAssertEqual(table.rows.map(\.strategy), ["random", "entropy", "margin"])
    let random = try XCTUnwrap(table.row("random"))
    XCTAssertEqual(random.seeds, Array(0..<6))
    // A[0] for random, np.trapezoid(acc["random"][0], [20, 40, 60, 80, 100]) / 80
    XCTAssertEqual(random.values[0], 0.6464624999999999, accuracy: 1e-12)
    XCTAssertEqual(random.mean, 0.6437916666666667, accuracy: 1e-12)  // A.mean()
    // A.std(ddof=1)
    XCTAssertEqual(random.standardDeviation, 0.003556408534837744, accuracy: 1e-12)
    let entropy = try XCTUnwrap(table.row("entropy"))
    // A.mean(), A.std(ddof=1) for entropy
    XCTAssertEqual(entropy.mean, 0.6578041666666666, accuracy: 1e-12)
    XCTAssertEqual(entropy.standardDeviation, 0.0030593061577205588, accuracy: 1e-12)
  }

  func testAUBCUsesTheCyclesEveryRunFinished() throws {
    var result = Self.result()
    // Seed 0 of margin stops after cycle 2 (a cancelled experiment).
    result = ExperimentResult(
      strategies: result.strategies, seeds: result.seeds,
      records: result.records.filter { !($0.strategy == "margin" && $0.seed == 0 && $0.cycle > 2) },
      cancelled: true)
    let table = result.aubc()
    XCTAssertEqual(table.lastCycle, 2)
    XCTAssertEqual(table.labeled, 20...60)
    // np.trapezoid([0.4857, 0.6081, 0.6552], [20, 40, 60]) / 40
    XCTAssertEqual(try XCTUnwrap(table.row("random")).values[0], 0.589275, accuracy: 1e-12)
    // One run without cycle 0: nothing compares.
    let broken = ExperimentResult(
      strategies: ["random"], seeds: [0],
      records: [
        CycleRecord(
          strategy: "random", seed: 0, cycle: 1, labeled: 20, testAccuracy: 0.5, finalTrainLoss: 0)
      ])
    XCTAssertEqual(broken.aubc(), AUBCTable(lastCycle: nil, labeled: nil, rows: []))
    XCTAssertEqual(ExperimentResult(strategies: [], seeds: []).aubc().rows, [])
  }

  func testCompareSixSeeds() throws {
    let c = try Self.result().compare("entropy", "random")
    XCTAssertEqual(c.lastCycle, 4)
    XCTAssertEqual(c.labeled, 20...100)
    XCTAssertEqual(c.aubc.n, 6)
    // stats.ttest_rel(A_entropy, A_random): mean of the difference, pvalue,
    // confidence_interval(0.95).low / .high; stats.wilcoxon(A_entropy, A_random).pvalue
    XCTAssertEqual(c.aubc.meanDifference, 0.014012500000000039, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(c.aubc.tTest.pValue), 0.00014095518474599705, accuracy: 1e-9)
    let interval = try XCTUnwrap(c.aubc.interval)
    XCTAssertEqual(interval.lowerBound, 0.010552275399867484, accuracy: 1e-9)
    XCTAssertEqual(interval.upperBound, 0.01747272460013259, accuracy: 1e-9)
    XCTAssertEqual(c.aubc.wilcoxon.pValue, 0.03125, accuracy: 1e-12)
    XCTAssertEqual(c.aubc.verdict, .firstBetter)
    // The same on the last cycle: stats.ttest_rel(acc_entropy[:, 4], acc_random[:, 4]) …
    XCTAssertEqual(c.final.name, "final test accuracy")
    XCTAssertEqual(c.final.meanDifference, 0.034999999999999996, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(c.final.tTest.pValue), 0.00227426690059237, accuracy: 1e-9)
    let finalInterval = try XCTUnwrap(c.final.interval)
    XCTAssertEqual(finalInterval.lowerBound, 0.019285914585104022, accuracy: 1e-9)
    XCTAssertEqual(finalInterval.upperBound, 0.05071408541489597, accuracy: 1e-9)
    XCTAssertEqual(c.final.wilcoxon.pValue, 0.03125, accuracy: 1e-12)
    XCTAssertEqual(c.final.verdict, .firstBetter)

    // stats.ttest_rel(A_margin, A_random).pvalue, stats.wilcoxon(A_margin, A_random).pvalue
    let m = try Self.result().compare("margin", "random")
    XCTAssertEqual(try XCTUnwrap(m.aubc.tTest.pValue), 0.49457377694821897, accuracy: 1e-9)
    XCTAssertEqual(m.aubc.wilcoxon.pValue, 0.4375, accuracy: 1e-12)
    XCTAssertEqual(m.aubc.verdict, .noSignificantDifference)
    // Reversing the order flips the sign and the verdict.
    let r = try Self.result().compare("random", "entropy")
    XCTAssertEqual(r.aubc.meanDifference, -c.aubc.meanDifference, accuracy: 1e-15)
    XCTAssertEqual(r.aubc.verdict, .secondBetter)
  }

  func testCompareDescription() throws {
    let text = try Self.result().compare("entropy", "random").description
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "entropy − random, paired over 6 seeds, cycles 1–5 (labeled 20–100)")
    XCTAssertEqual(
      lines[3],
      "AUBC                   +0.0140  [+0.0106, +0.0175]  0.000141     0.03125  6")
    XCTAssertEqual(lines[5], "AUBC: entropy is better than random (both tests, α = 0.05)")
  }

  func testCompareThreeSeedsIsTooFew() throws {
    let c = try Self.result(seeds: [0, 1, 2]).compare("entropy", "random")
    // stats.ttest_rel(A_entropy[:3], A_random[:3]).pvalue = 0.0208 < 0.05, but
    // stats.wilcoxon(A_entropy[:3], A_random[:3]).pvalue = 0.25: the floor for n = 3.
    XCTAssertEqual(try XCTUnwrap(c.aubc.tTest.pValue), 0.02079635366878776, accuracy: 1e-9)
    XCTAssertEqual(c.aubc.wilcoxon.pValue, 0.25)
    XCTAssertEqual(c.aubc.verdict, .tooFewSeeds(n: 3, needed: 6))
    XCTAssertEqual(
      c.aubc.verdict.sentence(first: "entropy", second: "random", alpha: 0.05),
      "3 paired seeds are too few to conclude anything: the exact Wilcoxon test cannot go "
        + "below p = 0.25 with 3; p < 0.05 needs at least 6")
    let one = try Self.result(seeds: [0]).compare("entropy", "random")
    XCTAssertEqual(one.aubc.verdict, .tooFewSeeds(n: 1, needed: 6))
    XCTAssertEqual(
      one.aubc.verdict.sentence(first: "a", second: "b", alpha: 0.05),
      "1 paired seed is too few to conclude anything: no test is possible; "
        + "p < 0.05 needs at least 6")
    XCTAssertTrue(one.description.contains("AUBC  "), one.description)
    XCTAssertTrue(one.description.contains("—"), "no interval for one seed")
  }

  func testVerdictWhenTheTestsDisagree() {
    // Five equal positive differences and a zero: the t-test rejects (t = ∞, p = 0), but
    // with the zero dropped the Wilcoxon floor is 2 / 2⁵ = 0.0625.
    let d = [0.0, 0.01, 0.01, 0.01, 0.01, 0.01]
    let verdict = ComparisonVerdict(
      t: PairedTTest(differences: d), wilcoxon: WilcoxonSignedRank(differences: d), alpha: 0.05)
    XCTAssertEqual(PairedTTest(differences: d).pValue.map { $0 < 0.05 }, true)
    XCTAssertEqual(verdict, .testsDisagree)
    XCTAssertEqual(
      verdict.sentence(first: "a", second: "b", alpha: 0.05),
      "the two tests disagree at α = 0.05: no firm conclusion")
    let none = ComparisonVerdict(
      t: PairedTTest(differences: [0, 0, 0, 0, 0, 0]),
      wilcoxon: WilcoxonSignedRank(differences: [0, 0, 0, 0, 0, 0]), alpha: 0.05)
    XCTAssertEqual(none, .noSignificantDifference)
    XCTAssertEqual(
      none.sentence(first: "a", second: "b", alpha: 0.05), "no significant difference at α = 0.05")
  }

  func testCompareRefusesUnknownOrEqualNames() {
    XCTAssertThrowsError(try Self.result().compare("entropy", "badge")) { error in
      XCTAssertEqual(
        "\(error)",
        "PairedComparison.second must name a strategy of these results ('random', 'entropy', "
          + "'margin'), found 'badge'")
    }
    XCTAssertThrowsError(try Self.result().compare("margin", "margin")) { error in
      XCTAssertEqual(
        "\(error)",
        "PairedComparison.second must differ from the first strategy, found 'margin' twice")
    }
    XCTAssertThrowsError(try Self.result().compare("margin", "random", alpha: 1.5)) { error in
      XCTAssertEqual("\(error)", "PairedComparison.alpha must be between 0 and 1, found 1.5")
    }
  }

  func testPenaltyMatrix() throws {
    // For each cycle c and ordered pair (i, j): r = stats.ttest_rel(acc_i[:, c], acc_j[:, c]);
    // i beats j when r.pvalue < 0.05 and the mean difference is positive. Counted in NumPy:
    // [[0 0 0], [3 0 3], [0 0 0]], column means [1, 0, 1].
    let p = Self.result().penaltyMatrix()
    XCTAssertEqual(p.strategies, ["random", "entropy", "margin"])
    XCTAssertEqual(p.wins, [[0, 0, 0], [3, 0, 3], [0, 0, 0]])
    XCTAssertEqual(p.columnMeans, [1, 0, 1])
    XCTAssertEqual(p.testedCycles, [[0, 5, 5], [5, 0, 5], [5, 5, 0]])
    XCTAssertEqual(p.labeled, Self.labeled)
    XCTAssertEqual(p.minimumSeeds, 6)
    XCTAssertEqual(p.wins("entropy", over: "margin"), 3)
    XCTAssertEqual(p.wins("margin", over: "entropy"), 0)
    XCTAssertNil(p.wins("badge", over: "random"))
    // Cycle 0 is shared: all differences zero, p = 1, never a win. With α = 0.5 more wins
    // appear, but still none at cycle 0 (at most 4 per pair).
    let loose = Self.result().penaltyMatrix(alpha: 0.5)
    XCTAssertTrue(loose.wins.joined().allSatisfy { $0 <= 4 })
    XCTAssertGreaterThan(loose.wins.joined().reduce(0, +), p.wins.joined().reduce(0, +))
  }

  func testPenaltyMatrixWithOneSeedTestsNothing() {
    let p = Self.result(seeds: [2]).penaltyMatrix()
    XCTAssertEqual(p.wins, [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    XCTAssertEqual(p.testedCycles, [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    XCTAssertEqual(p.minimumSeeds, 0)
    let empty = ExperimentResult(strategies: ["a"], seeds: []).penaltyMatrix()
    XCTAssertEqual(empty.strategies, [])
    XCTAssertEqual(empty.columnMeans, [])
  }

  func testStandingAgainstRandom() throws {
    let s = try XCTUnwrap(Self.result().standing())
    XCTAssertEqual(s.reference, "random")
    XCTAssertEqual(s.strategies(.better), ["entropy"])
    XCTAssertEqual(s.strategies(.indistinguishable), ["margin"])
    XCTAssertEqual(s.strategies(.worse), [])
    XCTAssertEqual(
      s.footer,
      "not distinguishable from random (95% interval of the paired AUBC difference contains 0, "
        + "6 seeds): margin")
    let one = try XCTUnwrap(Self.result(seeds: [0]).standing())
    XCTAssertEqual(one.strategies(.untestable), ["entropy", "margin"])
    XCTAssertEqual(
      one.footer, "fewer than 2 paired seeds: no strategy can be told apart from random")
    XCTAssertNil(Self.result().standing(against: "badge"))
    // Entropy has a single seed, margin six: the footer counts the tested ones only.
    let full = Self.result()
    let mixed = ExperimentResult(
      strategies: full.strategies, seeds: full.seeds,
      records: full.records.filter { $0.strategy != "entropy" || $0.seed == 0 })
    XCTAssertEqual(
      try XCTUnwrap(mixed.standing()).footer,
      "not distinguishable from random (95% interval of the paired AUBC difference contains 0, "
        + "6 seeds): margin; untested (under 2 seeds): entropy")
  }

  func testStandingWhenEveryStrategyDiffers() throws {
    // Without margin, entropy is the only other strategy and it is better.
    let result = Self.result()
    let trimmed = ExperimentResult(
      strategies: ["random", "entropy"], seeds: result.seeds,
      records: result.records.filter { $0.strategy != "margin" })
    XCTAssertEqual(
      try XCTUnwrap(trimmed.standing()).footer,
      "no strategy is within the seed spread of random (AUBC, 6 seeds)")
    let alone = ExperimentResult(
      strategies: ["random"], seeds: result.seeds,
      records: result.records.filter { $0.strategy == "random" })
    XCTAssertNil(try XCTUnwrap(alone.standing()).footer)
  }
}

extension ComparisonTests {
  func testFewSeedsNote() {
    XCTAssertEqual(
      Self.result(seeds: [0, 1, 2]).fewSeedsNote,
      "only 3 seeds: differences smaller than the seed-to-seed spread cannot be told from "
        + "noise; use 5 or more (6 before a Wilcoxon test can reach p < 0.05)")
    XCTAssertEqual(
      Self.result(seeds: [4]).fewSeedsNote,
      "only 1 seed: no seed-to-seed spread is measured, so no difference can be tested; "
        + "use 5 or more (6 before a Wilcoxon test can reach p < 0.05)")
    XCTAssertNil(Self.result(seeds: [0, 1, 2, 3, 4]).fewSeedsNote)
    XCTAssertNil(Self.result().fewSeedsNote)
    XCTAssertNil(ExperimentResult(strategies: ["random"], seeds: [0, 1]).fewSeedsNote)
  }
}

extension ComparisonTests {
  /// Runs without a test set record no accuracy: nothing to integrate or compare.
  func testRunsWithoutTheMetric() throws {
    var result = ExperimentResult(strategies: ["random", "entropy"], seeds: [0, 1])
    for name in ["random", "entropy"] {
      for seed in [0, 1] {
        for cycle in 0...2 {
          result.append(
            CycleRecord(
              strategy: name, seed: seed, cycle: cycle, labeled: 10 * (cycle + 1),
              testAccuracy: nil, finalTrainLoss: 0.3))
        }
      }
    }
    XCTAssertEqual(result.aubc().rows, [])
    XCTAssertEqual(result.aubc().lastCycle, 2)
    let c = try result.compare("entropy", "random")
    XCTAssertEqual(c.aubc.n, 0)
    XCTAssertEqual(c.final.n, 0)
    XCTAssertEqual(c.aubc.verdict, .tooFewSeeds(n: 0, needed: 6))
    let rows = c.description.split(separator: "\n").map(String.init)
    XCTAssertEqual(rows[3], "AUBC                         —             —         —           —  0")
    XCTAssertEqual(result.penaltyMatrix().testedCycles, [[0, 0], [0, 0]])
    // Another metric reads the same records: the training loss is there.
    let loss = try result.compare("entropy", "random", metric: \.finalTrainLossOptional)
    XCTAssertEqual(loss.aubc.n, 2)
    XCTAssertEqual(loss.aubc.tTest.pValue, 1, "identical losses: no difference")
  }
}

extension CycleRecord {
  /// The final training loss as an optional, to select it as a metric.
  fileprivate var finalTrainLossOptional: Double? { finalTrainLoss }
}
