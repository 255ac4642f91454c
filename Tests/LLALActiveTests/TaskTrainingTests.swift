import LLALData
import LLALNN
import LLALTensor
import XCTest

/// The regression and heatmap tasks through the trainer and evaluation: a generated
/// dataset with float targets, a model, `Trainer(task:)` and `evaluate(targets:task:)`.
final class TaskTrainingTests: XCTestCase {
  /// Trains `model` on `data` with `task` for `epochs` (Adam, batches of `batch`) and
  /// returns the mean loss on `data` in eval mode before and after, and the final metrics.
  private func train(
    _ model: ModelGraph, _ data: Dataset, _ task: any ModelTask, epochs: Int, batch: Int,
    lr: Float
  ) throws -> (before: Float, after: Float, metrics: [TaskMetric]) {
    let before = try model.evaluate(data.x, targets: data.targetTensor, task: task)
    let trainer = try Trainer(
      model: model, task: task,
      config: TrainingConfig(epochs: epochs, batchSize: batch, optimizer: .adam(lr: lr)))
    let history = try trainer.fit(x: data.x, targets: data.targetTensor)
    // Without class probabilities there is no training accuracy.
    XCTAssertTrue(history.allSatisfy { $0.accuracy == nil })
    let after = try model.evaluate(data.x, targets: data.targetTensor, task: task)
    return (Float(before.meanLoss), Float(after.meanLoss), after.metrics)
  }

  // The trainer refuses a model whose output the task cannot use, naming the output node.
  func testTrainerChecksTheTask() throws {
    let data = try Datasets.curves(count: 8, seed: 0)
    let g = try ModelGraph(inputShape: [1], seed: 0)
    try g.add(Linear(outFeatures: 2), g.input, name: "out")
    let trainer = try Trainer(model: g, task: RegressionTask(), config: TrainingConfig(epochs: 1, batchSize: 4))
    XCTAssertThrowsError(try trainer.fit(x: data.x, targets: data.targetTensor)) { e in
      XCTAssertEqual(
        "\(e)", "node 'out': task regress needs an output shaped like the targets, [1] per "
          + "sample, got [2]")
    }
  }

  // A small encoder–decoder (max-pool down, nearest upsample up) learns heatmaps of a few
  // arms: the loss falls below that of empty maps, and PCK is reported over all joints and
  // per joint.
  func testConvNetTrainsOnArmHeatmaps() throws {
    let data = try Datasets.arms(count: 48, seed: 3)
    let g = try ModelGraph(inputShape: [1, 32, 32], seed: 1)
    var h = try g.add(Conv2d(outChannels: 8, kernel: 3, padding: 1), g.input)
    h = try g.add(MaxPool2d(kernel: 4), try g.add(ReLU(), h))
    h = try g.add(Upsample(factor: 2), h)
    try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), h)
    let task = try HeatmapTask(size: 16, sigma: 1, pck: 3)
    let r = try train(g, data, task, epochs: 10, batch: 16, lr: 1e-2)
    XCTAssertLessThan(r.after, r.before * 0.8, "loss \(r.before) → \(r.after)")
    // Better than drawing nothing: all-zero maps score the targets' mean square.
    let rendered = try task.lossTargets(data.targetTensor, input: [1, 32, 32])
    XCTAssertLessThan(r.after, try rendered.square().mean().item ?? 0)
    XCTAssertEqual(r.metrics.map(\.name), ["pck", "pck_j0", "pck_j1", "pck_j2"])
    XCTAssertTrue(r.metrics.allSatisfy { (0...1).contains($0.value) }, "\(r.metrics)")
  }

  // An MLP fits the curves: R² well above 0 and RMSE below the targets' spread.
  func testMLPFitsTheCurves() throws {
    let data = try Datasets.curves(count: 128, noise: 0.05, seed: 2)
    let g = try ModelGraph(inputShape: [1], seed: 4)
    var h = try g.add(Linear(outFeatures: 32), g.input)
    h = try g.add(ReLU(), h)
    h = try g.add(Linear(outFeatures: 32), h)
    h = try g.add(ReLU(), h)
    try g.add(Linear(outFeatures: 1), h)
    let r = try train(g, data, RegressionTask(), epochs: 150, batch: 32, lr: 1e-2)
    let spread = try data.targetTensor.variance().item.map { Double($0).squareRoot() } ?? 0
    XCTAssertEqual(r.metrics.map(\.name), ["rmse", "r2"])
    XCTAssertLessThan(r.metrics[0].value, spread * 0.5, "\(r.metrics)")
    XCTAssertGreaterThan(r.metrics[1].value, 0.8, "\(r.metrics)")
  }
}
