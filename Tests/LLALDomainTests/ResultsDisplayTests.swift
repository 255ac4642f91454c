import LLALActive
import LLALRender
import XCTest

@testable import LLALDomain

/// The accuracy table of results as the language displays it.
final class ResultsDisplayTests: XCTestCase {
  /// Two seeds; seed 1 stopped after cycle 1 of 2 (an interrupted experiment).
  private func interrupted() -> ExperimentResult {
    var result = ExperimentResult(strategies: ["entropy"], seeds: [0, 1], cancelled: true)
    for (seed, cycle, accuracy) in [(0, 0, 0.70), (1, 0, 0.72), (0, 1, 0.769)] {
      result.append(
        CycleRecord(
          strategy: "entropy", seed: seed, cycle: cycle, labeled: 10 * (cycle + 1),
          testAccuracy: accuracy, finalTrainLoss: 0.5))
    }
    return result
  }

  /// Issue 14: cycle 2 read `0.769 ± 0.000`, a spread of one value.
  func testACycleOneSeedReachedShowsItsCountInsteadOfASpread() {
    let table = ResultsValue(interrupted(), modelName: "M").accuracyTable
    // Sample std of 0.70 and 0.72: 0.02 / √2 = 0.0141.
    XCTAssertEqual(
      Array(table.rows.prefix(2)), [["1", "10", "0.710 ± 0.014"], ["2", "20", "0.769 (n=1)"]])
    XCTAssertEqual(table.resolvedAlignments, [.right, .right, .right])
    XCTAssertEqual(
      table.footer?.split(separator: "\n").first,
      "M, 2 seeds; interrupted: the last cycles are missing, n counts the seeds that reached one")
    let curve = ResultsValue(interrupted(), modelName: "M").curves.series[0]
    XCTAssertEqual(curve.points[0].std ?? 0, 0.02 / 2.0.squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(curve.points[1].std, 0)
  }
}
