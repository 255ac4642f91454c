import LLALActive
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// How results show their comparisons: the AUBC row, the footer lines, `r.aubc`,
/// `r.compare` and `r.penalty`, on a fixed result (no training, so the text is exact).
final class ResultsStatisticsTests: XCTestCase {
  /// Accuracy per seed and cycle (labeled 10, 20, 30); cycle 0 shared per seed, entropy
  /// ahead of random by 0.05–0.07 at the later cycles in every seed, margin level with
  /// random within the seed spread.
  static let accuracy: [String: [[Double]]] = [
    "random": [[0.50, 0.60, 0.70], [0.52, 0.58, 0.69], [0.49, 0.61, 0.72]],
    "entropy": [[0.50, 0.66, 0.76], [0.52, 0.64, 0.75], [0.49, 0.67, 0.77]],
    "margin": [[0.50, 0.61, 0.69], [0.52, 0.55, 0.71], [0.49, 0.63, 0.70]],
  ]

  static func result(seeds: [Int] = [0, 1, 2]) -> ExperimentResult {
    let names = ["entropy", "margin", "random"]
    var result = ExperimentResult(strategies: names, seeds: seeds)
    for name in names {
      for seed in seeds {
        for cycle in 0..<3 {
          result.append(
            CycleRecord(
              strategy: name, seed: seed, cycle: cycle, labeled: 10 * (cycle + 1),
              testAccuracy: accuracy[name]?[seed][cycle], finalTrainLoss: 0.1))
        }
      }
    }
    return result
  }

  func testResultsTableHasAnAUBCRowAndTheComparisonFooter() {
    let text = ResultsValue(Self.result(), modelName: "Net").description
    assertSnapshot(text)
    // np.trapezoid(acc, [10, 20, 30], axis=1) / 20 for entropy: [0.645, 0.6375, 0.65],
    // mean 0.64417, std (ddof=1) 0.00629.
    XCTAssertTrue(text.contains("│  AUBC │         │ 0.644 ± 0.006 │"), text)
    XCTAssertTrue(text.contains("not distinguishable from random"), text)
    XCTAssertTrue(text.hasSuffix("(6 before a Wilcoxon test can reach p < 0.05)"), text)
  }

  func testNoBaselineLeavesTheStandingOut() {
    let text = ResultsValue(Self.result(), modelName: "Net", baseline: nil).description
    XCTAssertFalse(text.contains("random ("), text)
    XCTAssertTrue(text.contains("only 3 seeds"), text)
  }

  func testOneSeedSaysSoOnce() {
    let text = ResultsValue(Self.result(seeds: [0]), modelName: "Net").description
    XCTAssertFalse(text.contains("paired seeds"), text)
    XCTAssertTrue(text.contains("only 1 seed: no seed-to-seed spread is measured"), text)
  }

  func testAUBCTable() throws {
    let value = AUBCValue(Self.result())
    assertSnapshot(value.description)
    guard case .record(let mean)? = try value.member("mean") else { return XCTFail("mean") }
    // np.trapezoid([0.5, 0.66, 0.76], [10, 20, 30]) / 20 = 0.645 for entropy, seed 0.
    guard case .record(let values)? = try value.member("values"),
      case .list(let entropy)? = values["entropy"], case .float(let first)? = entropy.first
    else { return XCTFail("values") }
    XCTAssertEqual(first, 0.645, accuracy: 1e-12)
    guard case .float(let m)? = mean["random"] else { return XCTFail("random") }
    // A = np.trapezoid(acc, [10, 20, 30], axis=1) / 20 → [0.6, 0.5925, 0.6075]; A.mean()
    XCTAssertEqual(m, 0.6, accuracy: 1e-12)
  }

  func testComparisonShowsBothTestsAndTheVerdict() throws {
    let value = ComparisonValue(try Self.result().compare("entropy", "random"))
    assertSnapshot(value.description)
    guard case .record(let aubc)? = try value.member("aubc") else { return XCTFail("aubc") }
    // stats.ttest_rel([0.645, 0.6375, 0.65], [0.6, 0.5925, 0.6075]).pvalue
    guard case .float(let p)? = aubc["t_p"], case .int(let n)? = aubc["n"] else {
      return XCTFail("t_p")
    }
    XCTAssertEqual(n, 3)
    XCTAssertEqual(p, 0.0003558085862499963, accuracy: 1e-9)
  }

  func testPenaltyIsATableAtTheTerminalAndAHeatmapOnAPage() throws {
    let value = PenaltyValue(Self.result())
    assertSnapshot(value.description)
    let svg = try XCTUnwrap(value.rendering(.svg))
    assertWellFormedXML(svg)
    XCTAssertTrue(svg.contains("Penalty matrix: cycles where the row beat the column"))
    XCTAssertEqual(value.matrix.wins(/* row */ "entropy", over: "random"), 2)
  }
}
