import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// Issue 14: a run whose training diverged reported accuracies of a broken model, and
/// entropy scored NaN probabilities 0. Each now stops with where it happened.
final class DivergenceTests: XCTestCase {
  /// 60 points of two classes: x₀ > 0.
  func pool() throws -> Dataset {
    var g = RandomGenerator(seed: 5)
    var x: [Float] = [], y: [Int] = []
    for _ in 0..<60 {
      let a = 2 * g.nextUniform() - 1, b = 2 * g.nextUniform() - 1
      x += [a, b]
      y.append(a > 0 ? 1 : 0)
    }
    return try Dataset(x: try Tensor(shape: [60, 2], x), y: y, classCount: 2)
  }

  func mlp() throws -> ModelGraph {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 8), g.input))
    try g.add(Linear(outFeatures: 2), h)
    return g
  }

  func testADivergedCycleNamesTheRunAndLeavesNoRecord() throws {
    let training = CycleTraining(
      TrainingConfig(epochs: 2, batchSize: 4, optimizer: .sgd(lr: 1e30)))
    let s = try ActiveLearningSession(
      model: try mlp(), pool: try pool(), strategy: EntropyStrategy(),
      budget: try LabelBudget(initial: 10, step: 5, cycles: 2), training: training, seed: 2)
    XCTAssertThrowsError(try s.step()) { e in
      let d = e as? CycleDiverged
      XCTAssertEqual(d?.strategy, "entropy")
      XCTAssertEqual(d?.seed, 2)
      XCTAssertEqual(d?.cycle, 0)
      XCTAssertEqual(d?.training.epoch, 0)
      XCTAssertEqual(d?.training.step, 1)
      XCTAssertEqual(
        "\(e)",
        "training diverged in entropy, seed 2, cycle 1, epoch 1, step 2: the loss is nan "
          + "(learning rate 1e+30); lower the learning rate")
    }
    XCTAssertEqual(s.records.count, 0)
    XCTAssertEqual(s.pool.labeledCount, 10)
    XCTAssertThrowsError(try s.query()) { XCTAssertTrue("\($0)".contains("run a step first")) }
  }

  func testAnExperimentStopsAtTheFirstDivergedRun() throws {
    let data = try pool()
    let e = try Experiment(
      model: try mlp(), pool: data, test: data, strategies: [RandomStrategy()],
      budget: try LabelBudget(initial: 10, step: 5, cycles: 2),
      training: CycleTraining(
        TrainingConfig(epochs: 1, batchSize: 4, optimizer: .sgd(lr: 1e30))),
      seeds: [0, 1])
    XCTAssertThrowsError(try e.run()) { error in
      XCTAssertEqual((error as? CycleDiverged)?.strategy, "random")
      XCTAssertEqual((error as? CycleDiverged)?.seed, 0)
    }
  }

  func testOutputsThatAreNotFiniteAreRefusedBeforeScoring() throws {
    let model = FixedQueryModel(logits: [[0, 1], [.nan, 0], [1, 0]])
    for strategy in [
      EntropyStrategy() as any QueryStrategy, MarginStrategy(), LeastConfidenceStrategy(),
    ] {
      XCTAssertThrowsError(try strategy.select(context(model, step: 2))) { e in
        XCTAssertEqual(
          "\(e)",
          "model: its output for point 1 is nan, not a finite number; the weights have "
            + "diverged (lower the learning rate)")
      }
    }
    let infinite = FixedQueryModel(logits: [[0, 1], [0, .infinity]])
    XCTAssertThrowsError(try EntropyStrategy().select(context(infinite, step: 1))) { e in
      XCTAssertTrue("\(e)".contains("point 1 is inf"), "\(e)")
    }
  }

  func testProbabilityScoresRefuseNaNInsteadOfScoringIt() throws {
    // Entropy skipped NaN (as if 0 log 0) and scored the row 0, a confident point.
    let p = try Tensor(rows: [[0.5, 0.5], [.nan, .nan]])
    XCTAssertThrowsError(try EntropyStrategy().scores(probabilities: p)) { e in
      XCTAssertEqual(
        "\(e)", "entropy: the probabilities of row 1 hold nan, not a number in [0, 1]")
    }
    XCTAssertThrowsError(
      try MarginStrategy().scores(probabilities: try Tensor(rows: [[1.5, -0.5]]))
    ) { e in
      XCTAssertEqual(
        "\(e)", "margin: the probabilities of row 0 hold 1.5, not a number in [0, 1]")
    }
  }
}
