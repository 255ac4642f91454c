import LLALNN
import LLALTensor
import TestSupport
import XCTest

@testable import LLALActive

final class UncertaintyStrategyTests: XCTestCase {
  // The seed's worked table (LANGUAGE.md §6).
  let p: [[Float]] = [[0.20, 0.60, 0.20], [0.90, 0.05, 0.05], [0.05, 0.30, 0.65]]

  func testSeedTableLeastConfidence() throws {
    let s = try LeastConfidenceStrategy().scores(probabilities: try Tensor(rows: p))
    assertClose(s, [0.40, 0.10, 0.35], tolerance: 5e-4)
  }

  func testSeedTableMargin() throws {
    let s = try MarginStrategy().scores(probabilities: try Tensor(rows: p))
    assertClose(s, [0.40, 0.85, 0.35], tolerance: 5e-4)
    XCTAssertEqual(MarginStrategy().order, .lowestFirst)
  }

  func testSeedTableEntropyBase2() throws {
    let s = try EntropyStrategy().scores(probabilities: try Tensor(rows: p))
    // −(0.2 log₂ 0.2 · 2 + 0.6 log₂ 0.6) = 1.371; 0.569; 1.141
    assertClose(s, [1.371, 0.569, 1.141], tolerance: 5e-4)
  }

  func testSeedTableQueryOrder() throws {
    // Least confident and highest entropy first: point 0 then 2; smallest margin: 2 then 0.
    let model = FixedQueryModel(logits: logitsOf(p))
    XCTAssertEqual(try LeastConfidenceStrategy().select(context(model, step: 2)).indices, [0, 2])
    XCTAssertEqual(try EntropyStrategy().select(context(model, step: 2)).indices, [0, 2])
    XCTAssertEqual(try MarginStrategy().select(context(model, step: 2)).indices, [2, 0])
  }

  /// Points on a line, a logistic classifier with its boundary at x = 0.3: every
  /// uncertainty strategy queries the points nearest the boundary.
  func testUncertaintyPicksPointsNearestTheBoundary() throws {
    let xs: [Float] = (0..<41).map { Float($0) / 20 - 1 }  // −1 … 1 step 0.05
    let logits = xs.map { x -> [Float] in [4 * (x - 0.3), -4 * (x - 0.3)] }
    let model = FixedQueryModel(logits: logits)
    let nearest = Set(xs.indices.sorted { abs(xs[$0] - 0.3) < abs(xs[$1] - 0.3) }.prefix(5))
    let strategies: [any QueryStrategy] = [
      LeastConfidenceStrategy(), MarginStrategy(), EntropyStrategy(),
    ]
    for strategy in strategies {
      let chosen = try strategy.select(context(model, step: 5))
      XCTAssertEqual(Set(chosen.indices), nearest, strategy.name)
      XCTAssertEqual(chosen.indices.count, 5)
    }
  }

  func testCandidatesAreRespectedAndLabeledPointsNeverChosen() throws {
    let model = FixedQueryModel(logits: logitsOf(p))
    let chosen = try EntropyStrategy().select(context(model, step: 5, labeled: [0]))
    XCTAssertEqual(chosen.indices, [2, 1])  // only two candidates are left
  }

  func testNonMatrixProbabilitiesAreAnError() {
    let cube = try? Tensor(shape: [1, 1, 2], [0.5, 0.5])
    XCTAssertThrowsError(try EntropyStrategy().scores(probabilities: XCTUnwrap(cube))) {
      XCTAssertTrue("\($0)".contains("[1, 1, 2]"), "\($0)")
    }
  }

  func testRandomIsSeededAndDistinct() throws {
    let model = FixedQueryModel(logits: Array(repeating: [0, 0], count: 50))
    let a = try RandomStrategy().select(context(model, step: 10, seed: 3))
    let b = try RandomStrategy().select(context(model, step: 10, seed: 3))
    let c = try RandomStrategy().select(context(model, step: 10, seed: 4))
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a.indices, c.indices)
    XCTAssertEqual(Set(a.indices).count, 10)
  }

  func testLearningLossQueriesHighestPredictedLoss() throws {
    let model = FixedQueryModel(logits: logitsOf(p), losses: [0.5, 2.0, 1.0])
    let chosen = try LearningLossStrategy(layout: try featureLayout()).select(
      context(model, step: 2))
    XCTAssertEqual(chosen.indices, [1, 2])
    XCTAssertEqual(chosen.scores, [2.0, 1.0])
  }

  func testLearningLossWithoutLossModuleIsAnError() throws {
    let model = FixedQueryModel(logits: logitsOf(p))
    let ll = LearningLossStrategy(layout: try featureLayout())
    XCTAssertThrowsError(try ll.select(context(model, step: 1))) {
      XCTAssertTrue("\($0)".contains("no loss prediction module"), "\($0)")
    }
  }
}

/// A loss module layout over one feature node `f` of a small model.
func featureLayout() throws -> LossModuleLayout {
  let g = try ModelGraph(inputShape: [2])
  let f = try g.add(Linear(outFeatures: 3), g.input, name: "f")
  return try LossModuleLayout(model: g, taps: [f])
}
