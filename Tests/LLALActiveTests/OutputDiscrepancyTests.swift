import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// TOD: the change of the class probabilities between the previous cycle's model and
/// this one.
final class OutputDiscrepancyTests: XCTestCase {
  /// `n` points in [−1, 1]², class x₀ > 0.
  private func points(_ n: Int, seed: UInt64) throws -> Dataset {
    var g = RandomGenerator(seed: seed)
    let x = (0..<(2 * n)).map { _ in 2 * g.nextUniform() - 1 }
    let y = (0..<n).map { x[2 * $0] > 0 ? 1 : 0 }
    return try Dataset(x: try Tensor(shape: [n, 2], x), y: y, classCount: 2)
  }

  /// 2 → 16 → 2.
  private func mlp() throws -> ModelGraph {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 16), g.input))
    try g.add(Linear(outFeatures: 2), h)
    return g
  }

  private func config(epochs: Int) -> TrainingConfig {
    TrainingConfig(epochs: epochs, batchSize: 16, optimizer: .sgd(lr: 0.1, momentum: 0.9))
  }

  private func train(_ learner: GraphLearner, _ labeled: [Int]) throws {
    _ = try learner.train(on: labeled, seed: 9, cancellation: nil) { _ in }
  }

  func testScoresByHandAndTheLargestChangeFirst() throws {
    // Point 0: p = [0.7, 0.2, 0.1], q = [0.2, 0.7, 0.1] → ½(0.25 + 0.25 + 0) = 0.25.
    // Point 1: unchanged → 0. Point 2: p = [0.5, 0.5, 0], q = [0.4, 0.4, 0.2]
    //   → ½(0.01 + 0.01 + 0.04) = 0.03.
    let now: [[Float]] = [[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.5, 0.5, 1e-12]]
    let before: [[Float]] = [[0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2]]
    let model = FixedQueryModel(logits: logitsOf(now), previous: logitsOf(before))
    let tod = OutputDiscrepancyStrategy()
    let scores = try tod.scores(try context(model, step: 2))
    XCTAssertEqual(scores[0], 0.25, accuracy: 1e-6)
    XCTAssertEqual(scores[1], 0, accuracy: 1e-7)
    XCTAssertEqual(scores[2], 0.03, accuracy: 1e-6)
    XCTAssertEqual(try tod.select(try context(model, step: 2)).indices, [0, 2])
    XCTAssertEqual(tod.probabilityScorer, "tod")
    XCTAssertTrue(tod.keepsPreviousModel)
    XCTAssertThrowsError(
      try OutputDiscrepancyStrategy.discrepancy(
        try Tensor(rows: [[1, 0]]), try Tensor(rows: [[1, 0, 0]]))
    ) {
      XCTAssertEqual(
        "\($0)", "tod: the two models' probabilities have shapes [1, 2] and [1, 3]")
    }
  }

  func testIdenticalModelsScoreZero() throws {
    let logits: [[Float]] = [[2, -1, 0.5], [0, 0, 0], [-3, 4, 1], [1, 1, -2]]
    let model = FixedQueryModel(logits: logits, previous: logits)
    XCTAssertEqual(try OutputDiscrepancyStrategy().scores(try context(model, step: 1)), [0, 0, 0, 0])
  }

  func testWithoutAPreviousModelItQueriesAsRandomDoes() throws {
    let model = FixedQueryModel(logits: [[1, 0], [0, 1], [2, 2], [0, 3], [1, 1]])
    let tod = try OutputDiscrepancyStrategy().select(try context(model, step: 2, seed: 11))
    let random = try RandomStrategy().select(try context(model, step: 2, seed: 11))
    XCTAssertEqual(tod, random)
  }

  func testALearnerKeepsThePreviousCyclesModel() throws {
    let pool = try points(120, seed: 3)
    let learner = try GraphLearner(
      model: try mlp(), pool: pool, training: config(epochs: 2), keepsPreviousModel: true)
    XCTAssertNil(try learner.previousLogits([0, 1]))
    // Two trainings from the same weights on the same labels with the same seed: the
    // previous model is the same as this one, so every score is 0.
    let labeled = Array(0..<40), candidates = Array(40..<120)
    for _ in 0..<2 {
      try learner.reinitialize(seed: 5)
      try train(learner, labeled)
    }
    let same = try QueryContext(
      model: learner, candidates: candidates, labeled: labeled, step: 10, seed: 1)
    let zero = try OutputDiscrepancyStrategy().scores(same)
    XCTAssertEqual(zero.count, 80)
    XCTAssertEqual(zero.max() ?? .nan, 0, accuracy: 1e-12)
    // A third training on more labels moves the model: the scores are the discrepancy
    // against the second model's outputs, kept from before.
    let second = try learner.infer(candidates, InferenceRequest(logits: true)).logits
    try learner.reinitialize(seed: 6)
    try train(learner, Array(0..<60))
    XCTAssertEqual(try learner.previousLogits(candidates)?.scalars, second?.scalars)
    let moved = try OutputDiscrepancyStrategy().scores(
      try QueryContext(model: learner, candidates: candidates, labeled: labeled, step: 10, seed: 1))
    XCTAssertGreaterThan(moved.max() ?? 0, 1e-4)
    // A learner that does not keep it has none.
    let plain = try GraphLearner(model: try mlp(), pool: pool, training: config(epochs: 1))
    try train(plain, labeled)
    try train(plain, labeled)
    XCTAssertNil(try plain.previousLogits([0]))
  }

  func testASessionQueriesAtRandomFirstThenByDiscrepancy() throws {
    let e = try Experiment(
      model: try mlp(), pool: try points(200, seed: 1), test: try points(100, seed: 2),
      strategies: [OutputDiscrepancyStrategy(), RandomStrategy()],
      budget: try LabelBudget(initial: 40, step: 20, cycles: 3),
      training: CycleTraining(config(epochs: 3)), seeds: [0])
    let result = try e.run()
    let tod = result.records.filter { $0.strategy == "tod" }
    let random = result.records.filter { $0.strategy == "random" }
    XCTAssertEqual(tod[0].chosen, random[0].chosen, "the first query is random's")
    XCTAssertNotEqual(tod[1].chosen, random[1].chosen)
  }
}
