import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// TiDAL's query: the entropy or margin of the distribution its head predicts.
final class TiDALTests: XCTestCase {
  private func layout(outputs: Int) throws -> LossModuleLayout {
    let g = try ModelGraph(inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 4), g.input), name: "h")
    try g.add(Linear(outFeatures: 3), h)
    return try LossModuleLayout(
      model: g, taps: [h], options: LossModuleOptions(width: 4), outputs: outputs)
  }

  func testAPerfectlyLearnedHeadScoresTheEntropyOfTheMeanSoftmax() throws {
    // The training dynamics p̄ of four points; a head that learned them exactly outputs
    // logits log p̄, so TiDAL's score is the entropy of p̄ itself.
    let mean: [[Float]] = [[0.9, 0.05, 0.05], [0.4, 0.3, 0.3], [0.5, 0.5, 1e-9], [0.2, 0.7, 0.1]]
    let model = FixedQueryModel(logits: logitsOf(mean), head: logitsOf(mean))
    let tidal = try TiDALStrategy(layout: try layout(outputs: 3))
    let got = try tidal.scores(try context(model, step: 2))
    let entropy = try EntropyStrategy().scores(probabilities: try Tensor(rows: mean))
    for (a, b) in zip(got, entropy) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    // By hand, point 1: −(0.4 log₂ 0.4 + 2 · 0.3 log₂ 0.3) = 1.5709506.
    XCTAssertEqual(got[1], 1.5709506, accuracy: 1e-5)
    XCTAssertEqual(try tidal.select(try context(model, step: 2)).indices, [1, 3])
    // Margin: top-1 − top-2 of p̄, the smallest first: 0.0 (point 2), 0.1 (point 1).
    let margin = try TiDALStrategy(layout: try layout(outputs: 3), score: .margin)
    XCTAssertEqual(margin.order, .lowestFirst)
    XCTAssertEqual(try margin.select(try context(model, step: 2)).indices, [2, 1])
  }

  func testItTrainsItsHeadOnTheTrainingDynamics() throws {
    let tidal = try TiDALStrategy(layout: try layout(outputs: 3), weight: 0.5)
    XCTAssertEqual(tidal.lossModule?.training.target, .trainingDynamics)
    XCTAssertEqual(tidal.lossModule?.training.weight, 0.5)
    XCTAssertEqual(tidal.probabilityScorer, "tidal")
    XCTAssertThrowsError(try TiDALStrategy(layout: try layout(outputs: 1))) {
      XCTAssertEqual(
        $0 as? FieldError,
        FieldError(
          "TiDALStrategy.layout",
          "predicts a class distribution, so its head needs one output per class (at least 2), "
            + "found 1"))
    }
    XCTAssertThrowsError(try TiDALStrategy(layout: try layout(outputs: 3), weight: -1)) {
      XCTAssertEqual(
        $0 as? FieldError,
        FieldError("LearningLossConfig.weight", "must be a non-negative number, found -1.0"))
    }
  }
}
