import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// Stabilizing predictions: Cohen's κ, the rule, and where runs mark that it fires.
final class StoppingRuleTests: XCTestCase {
  func testKappaMatchesTheReferenceValue() throws {
    // sklearn.metrics.cohen_kappa_score([0,0,1,1,2,2,0,1], [0,1,1,1,2,0,0,1])
    //   = 0.6097560975609756. By hand: p_o = 6/8; class counts (3, 3, 2) and (3, 4, 1)
    //   give p_e = (9 + 12 + 2)/64 = 23/64; κ = (48/64 − 23/64)/(41/64) = 25/41.
    let k = try XCTUnwrap(
      StabilizingPredictions.kappa([0, 0, 1, 1, 2, 2, 0, 1], [0, 1, 1, 1, 2, 0, 0, 1]))
    XCTAssertEqual(k, 0.6097560975609756, accuracy: 1e-15)
    // Complete disagreement on two balanced classes: p_o = 0, p_e = 1/2, κ = −1.
    XCTAssertEqual(StabilizingPredictions.kappa([0, 1, 0, 1], [1, 0, 1, 0]), -1)
    XCTAssertEqual(StabilizingPredictions.kappa([2, 0, 1], [2, 0, 1]), 1)
    // Both constant and equal: p_e = 1, taken as full agreement.
    XCTAssertEqual(StabilizingPredictions.kappa([3, 3], [3, 3]), 1)
    XCTAssertNil(StabilizingPredictions.kappa([1], [1, 2]))
    XCTAssertNil(StabilizingPredictions.kappa([], []))
  }

  func testTheRuleAveragesTheLastWindow() throws {
    let rule = try StabilizingPredictions(window: 3, agreement: 0.99)
    XCTAssertFalse(rule.fires([1, 1]))
    XCTAssertTrue(rule.fires([0.2, 1, 1, 0.98]))  // mean of 1, 1, 0.98 = 0.9933
    XCTAssertFalse(rule.fires([1, 1, 0.96]))  // mean 0.9867
  }

  func testBadOptionsNameTheirField() {
    XCTAssertThrowsError(try StabilizingPredictions(window: 0)) {
      XCTAssertEqual("\($0)", "StabilizingPredictions.window must be at least 1, found 0")
    }
    XCTAssertThrowsError(try StabilizingPredictions(agreement: 1.5)) {
      XCTAssertEqual(
        "\($0)",
        "StabilizingPredictions.agreement must be in (0, 1] (a κ that the rule waits for), "
          + "found 1.5")
    }
    XCTAssertThrowsError(try StabilizingPredictions(size: 0)) {
      XCTAssertEqual("\($0)", "StabilizingPredictions.size must be at least 1, found 0")
    }
  }

  func points(_ n: Int, seed: UInt64) throws -> Dataset {
    var g = RandomGenerator(seed: seed)
    var x: [Float] = [], y: [Int] = []
    for _ in 0..<n {
      let a = 2 * g.nextUniform() - 1, b = 2 * g.nextUniform() - 1
      x += [a, b]
      y.append(a > 0 ? 1 : 0)
    }
    return try Dataset(x: try Tensor(shape: [n, 2], x), y: y, classCount: 2)
  }

  func experiment(epochs: Int, initialization: CycleInitialization, seeds: [Int]) throws
    -> Experiment
  {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 8), g.input))
    try g.add(Linear(outFeatures: 2), h)
    let rule = try StabilizingPredictions(window: 2, agreement: 0.99, size: 50)
    return try Experiment(
      model: g, pool: try points(120, seed: 1), test: try points(40, seed: 2),
      strategies: [RandomStrategy(), EntropyStrategy()],
      budget: try LabelBudget(initial: 10, step: 10, cycles: 4, stop: rule),
      training: CycleTraining(
        TrainingConfig(epochs: epochs, batchSize: 8, optimizer: .sgd(lr: 0.1)),
        initialization: initialization),
      seeds: seeds)
  }

  func testAnUnchangingModelStabilizesAfterTheWindow() throws {
    // No training and kept weights: every cycle predicts the same classes, κ = 1, and
    // with a window of 2 the rule fires at the third cycle.
    let result = try experiment(epochs: 0, initialization: .warm, seeds: [0]).run()
    let random = result.records(strategy: "random", seed: 0)
    XCTAssertEqual(random.map(\.stopKappa), [nil, 1, 1, 1])
    XCTAssertEqual(random.map(\.wouldStop), [false, false, true, true])
    XCTAssertEqual(
      result.stoppingNote,
      "stabilizing predictions would stop: random at cycle 3 (30 labeled); entropy at "
        + "cycle 3 (30 labeled)")
    XCTAssertTrue(result.json().contains("\"stop_kappa\": 1.0, \"would_stop\": true"))
  }

  func testTrainingRunsMeasureKappaOnTheStopSet() throws {
    let result = try experiment(epochs: 3, initialization: .scratch, seeds: [0, 1]).run()
    for r in result.records {
      XCTAssertNotNil(r.wouldStop)
      if r.cycle == 0 {
        XCTAssertNil(r.stopKappa)
      } else {
        let k = try XCTUnwrap(r.stopKappa)
        XCTAssertTrue(k >= -1 && k <= 1, "\(k)")
      }
    }
    // The mark never goes back once set.
    for s in result.strategies {
      for seed in result.seeds {
        let marks = result.records(strategy: s, seed: seed).compactMap(\.wouldStop)
        XCTAssertEqual(marks, marks.sorted { !$0 && $1 })
      }
    }
    XCTAssertNotNil(result.stoppingNote)
  }

  func testARuleNeedsClassPredictions() throws {
    let g = try ModelGraph(name: "R", inputShape: [2])
    try g.add(Linear(outFeatures: 1), g.input)
    let data = try Dataset(
      x: try Tensor(shape: [20, 2], [Float](repeating: 0, count: 40)),
      targets: try Tensor(shape: [20, 1], [Float](repeating: 0, count: 20)))
    XCTAssertThrowsError(
      try Experiment(
        model: g, task: RegressionTask(), pool: data, test: data, strategies: [RandomStrategy()],
        budget: try LabelBudget(
          initial: 4, step: 4, cycles: 2, stop: try StabilizingPredictions()),
        training: CycleTraining(TrainingConfig(epochs: 1, batchSize: 4)), seeds: [0])
    ) {
      XCTAssertEqual(
        "\($0)",
        "LabelBudget has a stopping rule, but stabilizing() needs class probabilities; task "
          + "regress gives values")
    }
  }
}
