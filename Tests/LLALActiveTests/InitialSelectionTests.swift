import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// `initial:`: a strategy chooses the first labels, the same set for every strategy of a
/// seed, in experiments and sessions alike.
final class InitialSelectionTests: XCTestCase {
  /// Four dense blobs of 30 points (class = blob) and 8 sparse points of class 0; the blob
  /// of point i is i / 30 for i < 120.
  func blobs() throws -> Dataset {
    let centres: [[Float]] = [[0, 0], [10, 0], [0, 10], [10, 10]]
    var g = RandomGenerator(seed: 3)
    var x: [Float] = [], y: [Int] = []
    for (k, c) in centres.enumerated() {
      for _ in 0..<30 {
        x += [c[0] + 0.3 * g.nextNormal(), c[1] + 0.3 * g.nextNormal()]
        y.append(k)
      }
    }
    for _ in 0..<8 {
      x += [-2 + 14 * g.nextUniform(), -2 + 14 * g.nextUniform()]
      y.append(0)
    }
    return try Dataset(x: try Tensor(shape: [128, 2], x), y: y, classCount: 4)
  }

  func mlp() throws -> ModelGraph {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    var h = try g.add(Linear(outFeatures: 16), g.input)
    h = try g.add(ReLU(), h, name: "h")
    try g.add(Linear(outFeatures: 4), h, name: "out")
    return g
  }

  func training() -> CycleTraining {
    CycleTraining(TrainingConfig(epochs: 3, batchSize: 8, optimizer: .sgd(lr: 0.05)))
  }

  func experiment(_ strategies: [any QueryStrategy], initial: (any QueryStrategy)?) throws
    -> Experiment
  {
    let data = try blobs()
    return try Experiment(
      model: try mlp(), pool: data, test: data, strategies: strategies,
      budget: try LabelBudget(initial: 4, step: 4, cycles: 2), training: training(),
      seeds: [0, 1], initial: initial)
  }

  func testTheInitialSetIsTheTypiClustPickSharedByTheSeedsStrategies() throws {
    let typiclust = try TypiClustStrategy(features: .inputs)
    let e = try experiment([RandomStrategy(), EntropyStrategy()], initial: typiclust)
    let initial = try e.initialLabels(seed: 0)
    // TypiClust's own pick over the whole pool with the seed's initial draws: one point
    // of each blob.
    let x = try blobs().x.scalars
    let model = FixedQueryModel(logits: [], features: (0..<128).map { [x[2 * $0], x[2 * $0 + 1]] })
    let direct = try typiclust.select(
      QueryContext(
        model: model, candidates: Array(0..<128), labeled: [], step: 4,
        seed: RunSeeds.initial(0)))
    XCTAssertEqual(initial, direct.indices.sorted())
    XCTAssertEqual(Set(initial.map { $0 / 30 }), [0, 1, 2, 3], "\(initial)")
    // Every strategy of the seed starts from it: sessions made as the experiment makes
    // them, and the experiment's first cycles train the same model.
    for strategy in e.strategies {
      XCTAssertEqual(try e.makeSession(strategy, seed: 0, initial: initial).pool.initial, initial)
      let session = try ActiveLearningSession(
        model: try mlp(), pool: try blobs(), strategy: strategy,
        budget: e.budget, training: training(), seed: 0, initial: typiclust)
      XCTAssertEqual(session.pool.initial, initial)
    }
    let result = try e.run()
    let first = result.records.filter { $0.cycle == 0 && $0.seed == 0 }
    XCTAssertEqual(first.count, 2)
    XCTAssertEqual(first[0].finalTrainLoss, first[1].finalTrainLoss)
    XCTAssertEqual(first[0].testAccuracy, first[1].testAccuracy)
  }

  func testNodeFeaturesComeFromTheSeedsFirstWeights() throws {
    // On an untrained node the pick depends on the seed's initial weights, and repeats.
    let probcover = try ProbCoverStrategy(features: .node("h"), delta: 1)
    let e = try experiment([RandomStrategy()], initial: probcover)
    XCTAssertEqual(try e.initialLabels(seed: 1), try e.initialLabels(seed: 1))
    XCTAssertEqual(try e.initialLabels(seed: 1).count, 4)
    let session = try ActiveLearningSession(
      model: try mlp(), pool: try blobs(), strategy: EntropyStrategy(), budget: e.budget,
      training: training(), seed: 1, initial: probcover)
    XCTAssertEqual(session.pool.initial, try e.initialLabels(seed: 1))
  }

  func testAStrategyNeedingATrainedModuleCannotChooseFirst() throws {
    let model = try mlp()
    let ll = LearningLossStrategy(
      layout: try LossModuleLayout(
        model: model, tapNames: ["h"], options: LossModuleOptions(width: 4)))
    XCTAssertThrowsError(try experiment([RandomStrategy()], initial: ll)) {
      XCTAssertEqual(
        "\($0)",
        "Experiment.initial names learning_loss, which needs a trained loss module; the first "
          + "labels are chosen before any training")
    }
    XCTAssertThrowsError(try experiment([RandomStrategy()], initial: CoreSetStrategy(node: "z"))) {
      XCTAssertEqual(
        "\($0)",
        "Experiment.initial core_set reads the features of 'z', which this build of MLP does "
          + "not have")
    }
  }
}
