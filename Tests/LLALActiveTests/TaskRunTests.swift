import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// Active learning on tasks other than classification: the metric a run records, the
/// results' columns, the true losses the loss module is ranked against, the refusal of
/// probability strategies, and Monte-Carlo dropout variance.
final class TaskRunTests: XCTestCase {
  /// 1 → 16 (h) → dropout → 1.
  private func regressor() throws -> ModelGraph {
    let g = try ModelGraph(name: "R", inputShape: [1], seed: 0)
    var h = try g.add(Linear(outFeatures: 16), g.input)
    h = try g.add(ReLU(), h, name: "h")
    h = try g.add(Dropout(0.2), h)
    try g.add(Linear(outFeatures: 1), h)
    return g
  }

  private func experiment(_ strategies: [any QueryStrategy]) throws -> Experiment {
    try Experiment(
      model: try regressor(), task: RegressionTask(), pool: try Datasets.curves(count: 80, seed: 1),
      test: try Datasets.curves(count: 40, seed: 2), strategies: strategies,
      budget: try LabelBudget(initial: 20, step: 10, cycles: 2),
      training: CycleTraining(TrainingConfig(epochs: 3, batchSize: 10, optimizer: .adam(lr: 0.01))),
      seeds: [0])
  }

  func testRegressionRunRecordsRMSEAndRanksTheModuleAgainstTheSquaredError() throws {
    let model = try regressor()
    let ll = LearningLossStrategy(
      layout: try LossModuleLayout(model: model, tapNames: ["h"], options: LossModuleOptions(width: 8)),
      training: .paper)
    let result = try experiment([RandomStrategy(), ll, try VarianceStrategy(passes: 3)]).run()
    XCTAssertEqual(result.metricName, "rmse")
    let first = try XCTUnwrap(result.records.first)
    XCTAssertEqual(first.metricName, "rmse")
    XCTAssertEqual(first.otherMetrics.map(\.name), ["r2"])
    XCTAssertGreaterThan(try XCTUnwrap(first.testLoss), 0)
    // RMSE is the square root of the mean per-sample MSE (one value per sample).
    XCTAssertEqual(
      try XCTUnwrap(first.testAccuracy), first.testLoss!.squareRoot(), accuracy: 1e-4)
    XCTAssertNil(first.entropyRankingAccuracy, "no class probabilities to rank with")
    let module = try XCTUnwrap(
      result.records.first { $0.strategy == "learning_loss" }?.lossModuleRankingAccuracy)
    XCTAssertTrue((0...1).contains(module))
    let header = result.csv().split(separator: "\n")[0]
    XCTAssertEqual(
      header,
      "strategy,seed,cycle,labeled,rmse,r2,test_loss,final_train_loss,entropy_rank_acc,"
        + "margin_rank_acc,lc_rank_acc,lpm_rank_acc,entropy_kendall_tau,lpm_kendall_tau,"
        + "cycle_s,train_s,chosen")
    XCTAssertEqual(
      result.ranking.rows.map(\.scorer), ["loss module", "loss module", "loss module"],
      "the module's three measures, no entropy rows")
    XCTAssertEqual(result.summaries[0].fields.map(\.0)[3], "rmse_mean")
    // The text table names the task's metric and shows it as it is, not in percent.
    let title = result.description.split(separator: "\n")[0]
    XCTAssertTrue(title.hasPrefix("test rmse, mean±std over seeds"), "\(title)")
    let rmse = try XCTUnwrap(result.summaries[0].accuracyMean.first)
    XCTAssertTrue(
      result.description.contains(String(format: "%.3f", rmse)), "\(result.description)")
  }

  func testProbabilityStrategiesAreRefusedNamingTheTask() throws {
    for (strategy, name) in [
      (EntropyStrategy() as any QueryStrategy, "entropy"), (MarginStrategy(), "margin"),
      (LeastConfidenceStrategy(), "least_confidence"), (try BALDStrategy(passes: 2), "bald"),
      (BADGEStrategy(node: "h"), "badge"),
      (try DiversifyStrategy(EntropyStrategy(), node: "h"), "entropy"),
    ] {
      XCTAssertThrowsError(try experiment([strategy])) { e in
        XCTAssertEqual(
          "\(e)",
          "Experiment.strategies \(name)() needs class probabilities; task regress gives values")
      }
    }
    XCTAssertNoThrow(try experiment([RandomStrategy(), CoreSetStrategy(node: "h")]))
  }

  func testHeatmapRunsRefuseAugmentation() throws {
    let g = try ModelGraph(inputShape: [1, 32, 32], seed: 0)
    try g.add(MaxPool2d(kernel: 2), try g.add(Conv2d(outChannels: 3, kernel: 1), g.input))
    XCTAssertThrowsError(
      try GraphLearner(
        model: g, task: try HeatmapTask(size: 16, pck: 3), pool: try Datasets.arms(count: 4, seed: 0),
        training: TrainingConfig(epochs: 1, batchSize: 2),
        augmentation: try Augmentation([.horizontalFlip()]))
    ) { e in
      XCTAssertEqual(
        "\(e)",
        "GraphLearner.augmentation cannot augment for task heatmaps: crops and flips would "
          + "move the images but not their keypoints")
    }
  }

  func testMeanVarianceAcrossPasses() throws {
    // Three passes over two rows of two values. NumPy:
    //   a = np.array([[[1,2],[3,4]],[[2,2],[1,5]],[[0,2],[2,3]]], float)
    //   a.var(axis=0).mean(axis=1)  →  [0.33333333, 0.66666667]
    let passes = [
      try Tensor(rows: [[1, 2], [3, 4]]), try Tensor(rows: [[2, 2], [1, 5]]),
      try Tensor(rows: [[0, 2], [2, 3]]),
    ]
    let v = try VarianceStrategy.meanVariance(passes)
    XCTAssertEqual(v[0], 1.0 / 3, accuracy: 1e-6)
    XCTAssertEqual(v[1], 2.0 / 3, accuracy: 1e-6)
    XCTAssertEqual(try VarianceStrategy.meanVariance([passes[0], passes[0]]), [0, 0])
    XCTAssertThrowsError(try VarianceStrategy(passes: 0)) { e in
      XCTAssertEqual("\(e)", "VarianceStrategy.passes must be positive, found 0")
    }
  }
}
