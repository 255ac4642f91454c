import LLALTensor
import TestSupport
import XCTest

@testable import LLALActive

/// Correlations against SciPy, the health checks forced on constructed inputs, and the
/// ranking table's tie rule.
final class InspectionTests: XCTestCase {
  // scipy 1.17.1:
  //   x = [0.3, 1.2, 0.3, 2.5, 0.9, 0.9, 4.0, 0.1, 1.2, 3.3]; y = [1, 3, 2, 5, 2, 2, 4, 1, 3, 5]
  //   stats.pearsonr(x, y)[0], stats.spearmanr(x, y)[0], stats.kendalltau(x, y)[0]
  private let x = [0.3, 1.2, 0.3, 2.5, 0.9, 0.9, 4.0, 0.1, 1.2, 3.3]
  private let y: [Double] = [1, 3, 2, 5, 2, 2, 4, 1, 3, 5]

  func testCorrelationsMatchSciPyWithTies() throws {
    XCTAssertEqual(try XCTUnwrap(try Correlation.pearson(x, y)), 0.8771419882115424, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(try Correlation.spearman(x, y)), 0.9344480066024476, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(try Correlation.kendall(x, y)), 0.8400825588825813, accuracy: 1e-12)
    let agreement = try RankingAgreement(scores: y.map { Float($0) }, truth: x.map { Float($0) })
    XCTAssertEqual(try XCTUnwrap(agreement.spearman), 0.9344480066024476, accuracy: 1e-6)
  }

  func testCorrelationsOfConstantsAreUndefinedAndLengthsMustMatch() throws {
    XCTAssertNil(try Correlation.spearman([1, 1, 1], [1, 2, 3]))
    XCTAssertNil(try Correlation.pearson([2], [3]))
    XCTAssertThrowsError(try Correlation.kendall([1, 2], [1])) {
      XCTAssertEqual("\($0)", "kendall: the samples differ in length: 2 and 1")
    }
    XCTAssertEqual(Correlation.averageRanks([5, 1, 5, 3]), [3.5, 1, 3.5, 2])
  }

  func testConstantAndNearlyConstantModulesWarn() throws {
    let truth: [Float] = [0.1, 0.5, 0.2, 0.9, 0.4]
    let constant: [Float] = [0.7, 0.7, 0.7, 0.7, 0.7]
    let a = try RankingAgreement(scores: constant, truth: truth)
    XCTAssertEqual(a.rankingAccuracy, 0)
    XCTAssertEqual(a.scoreTies, 10)
    XCTAssertEqual(
      CycleHealth.constantPredictions(constant, agreement: a),
      "the loss module's predictions are constant on the pool (std 0, 100% of pairs tied): "
        + "its ranking accuracy counts ties as wrong")
    // Spread 1e-5 around 0.7: below 1e-4 of the mean's size, though no pair is tied.
    let nearly: [Float] = [0.70001, 0.70002, 0.70003, 0.70004, 0.70005]
    let b = try RankingAgreement(scores: nearly, truth: truth)
    XCTAssertEqual(b.scoreTies, 0)
    XCTAssertNotNil(CycleHealth.constantPredictions(nearly, agreement: b))
    let spread: [Float] = [0.1, 0.6, 0.3, 1.1, 0.2]
    XCTAssertNil(
      CycleHealth.constantPredictions(
        spread, agreement: try RankingAgreement(scores: spread, truth: truth)))
  }

  func testChanceAccuracyIsTheMajorityShareWithinTwoStandardErrors() {
    // 100 labels, 40 of class 0: m = 0.4, σ = √(0.4·0.6/100) = 0.049, bound 0.498.
    let labels = Array(repeating: 0, count: 40) + Array(repeating: 1, count: 30)
      + Array(repeating: 2, count: 30)
    XCTAssertEqual(
      CycleHealth.chanceAccuracy(0.49, labels: labels),
      "test accuracy 0.490 is at chance: always answering the most common class scores "
        + "0.400 on the 100 test points")
    XCTAssertNil(CycleHealth.chanceAccuracy(0.50, labels: labels))
    XCTAssertNil(CycleHealth.chanceAccuracy(0.1, labels: []))
  }

  func testRankingTableHasMeanStdAndEveryMeasure() {
    func record(_ seed: Int, _ acc: Double, _ tau: Double) -> CycleRecord {
      var r = CycleRecord(
        strategy: "learning_loss", seed: seed, cycle: 0, labeled: 10, testAccuracy: 0.5,
        finalTrainLoss: 1)
      r.lossModuleRankingAccuracy = acc
      r.lossModuleKendallTau = tau
      r.entropyRankingAccuracy = 0.6
      r.warnings = ["w"]
      return r
    }
    let result = ExperimentResult(
      strategies: ["learning_loss"], seeds: [0, 1], records: [record(0, 0.6, 0.2), record(1, 0.8, 0.4)])
    let rows = result.ranking.rows
    XCTAssertEqual(rows.map(\.measure.rawValue), ["rank acc", "τ-b", "ρ", "rank acc", "τ-b", "ρ"])
    XCTAssertEqual(rows[0].values[0] ?? .nan, 0.7, accuracy: 1e-12)
    // Sample std of 0.6 and 0.8: √0.02.
    XCTAssertEqual(rows[0].std[0] ?? .nan, 0.02.squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(rows[3].std[0] ?? .nan, 0, accuracy: 1e-12)
    XCTAssertNil(rows[2].values[0] ?? nil)
    XCTAssertEqual(result.warnings, ["learning_loss seed 0 cycle 1; learning_loss seed 1 cycle 1: w"])
  }
}
