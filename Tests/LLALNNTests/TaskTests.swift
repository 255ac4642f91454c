import LLALTensor
import XCTest

@testable import LLALNN

/// The three library tasks: their shape checks, per-sample losses (values and
/// finite-difference gradients), metrics and refusals.
final class TaskTests: XCTestCase {
  private func assertError(
    _ message: String, line: UInt = #line, _ body: () throws -> Any
  ) {
    XCTAssertThrowsError(try body(), line: line) { e in
      XCTAssertEqual("\(e)", message, line: line)
    }
  }

  // MARK: classification

  func testClassificationLossIsCrossEntropyAndMetricIsAccuracy() throws {
    let task = ClassificationTask()
    let logits = try Tensor(rows: [[2, 0, 0], [0, 1, 3], [1, 1, 0]])
    let ids = Tensor([0, 2, 1])
    let targets = try task.lossTargets(ids, input: [4])
    let loss = try task.perSampleLoss(output: logits, lossTargets: targets)
    XCTAssertEqual(
      loss.scalars, try Tensor.crossEntropy(logits: logits, targets: [0, 2, 1]).scalars)
    // Rows 0 and 1 are right; row 2 ties 1 = 1 and the first maximum (class 0) is wrong.
    XCTAssertEqual(
      try task.metrics(output: logits, targets: ids, input: [4]), [TaskMetric("accuracy", 2.0 / 3)])
    XCTAssertNoThrow(try task.requireClassProbabilities(for: "entropy()"))
    let report = try GradientCheck.check([logits]) {
      try task.perSampleLoss(output: $0[0], targets: ids, input: [4])
    }
    XCTAssertLessThan(report.maxError, 2e-2, "\(report)")
  }

  func testClassificationRefusesOtherShapes() throws {
    let task = ClassificationTask()
    XCTAssertNoThrow(try task.check(input: [1, 8, 8], output: [10], target: []))
    assertError("task classify needs a [classes] output per sample, got [3, 16, 16]") {
      try task.check(input: [1, 32, 32], output: [3, 16, 16], target: [])
    }
    assertError("task classify needs one class id per sample; the targets are [3, 2] per sample") {
      try task.check(input: [1, 32, 32], output: [10], target: [3, 2])
    }
    assertError("task classify needs class ids [N], got targets [4, 2]") {
      try task.lossTargets(Tensor.zeros([4, 2]), input: [3])
    }
    assertError("task classify needs logits [N, K] and class ids [N], got [2, 3] and [3]") {
      try task.metrics(output: Tensor.zeros([2, 3]), targets: Tensor.zeros([3]), input: [3])
    }
  }

  // MARK: regression

  // Per sample ((1 − 1.5)² + (2 − 1)²) / 2 = 0.625, (0.25 + 0.25) / 2 = 0.25, (1 + 4) / 2
  // = 2.5. Metrics from NumPy 2.4.6 (float64):
  //     p = [[1, 2], [2.5, 0], [4, 1]]; t = [[1.5, 1], [2, 0.5], [3, 3]]
  //     np.sqrt(np.mean((p - t) ** 2))                                       # 1.0606601717798212
  //     1 - ((p - t) ** 2).sum() / ((t - t.mean(axis=0)) ** 2).sum()         # -0.4464285714285716
  func testRegressionLossIsPerSampleMSEAndMetricsAreRMSEAndR2() throws {
    let task = RegressionTask()
    let p = try Tensor(rows: [[1, 2], [2.5, 0], [4, 1]])
    let t = try Tensor(rows: [[1.5, 1], [2, 0.5], [3, 3]])
    XCTAssertEqual(
      try task.perSampleLoss(output: p, targets: t, input: [5]).scalars, [0.625, 0.25, 2.5])
    let m = try task.metrics(output: p, targets: t, input: [5])
    XCTAssertEqual(m.map(\.name), ["rmse", "r2"])
    XCTAssertEqual(m[0].value, 1.0606601717798212, accuracy: 1e-12)
    XCTAssertEqual(m[1].value, -0.4464285714285716, accuracy: 1e-12)
    assertError("regress() needs class probabilities; task regress gives values") {
      try task.requireClassProbabilities(for: "regress()")
    }
    let report = try GradientCheck.check([p]) {
      try task.perSampleLoss(output: $0[0], targets: t, input: [5])
    }
    XCTAssertLessThan(report.maxError, 2e-2, "\(report)")
  }

  // One value per sample: targets [N] go with a [1] output. NumPy 2.4.6:
  //     p1 = [0.1, 0.9, 2.2, 2.8]; t1 = [0, 1, 2, 3] (float32 cast to float64)
  //     np.sqrt(np.mean((p1 - t1) ** 2))                                     # 0.15811391717158596
  //     1 - ((p1 - t1) ** 2).sum() / ((t1 - t1.mean()) ** 2).sum()           # 0.9799999913573255
  // Constant targets: R² is 1 for a perfect fit and 0 otherwise (as scikit-learn).
  func testRegressionWithOneValuePerSample() throws {
    let task = RegressionTask()
    XCTAssertNoThrow(try task.check(input: [1], output: [1], target: []))
    let p = try Tensor(shape: [4, 1], [0.1, 0.9, 2.2, 2.8])
    let m = try task.metrics(output: p, targets: Tensor([0, 1, 2, 3]), input: [1])
    XCTAssertEqual(m[0].value, 0.15811391717158596, accuracy: 1e-9)
    XCTAssertEqual(m[1].value, 0.9799999913573255, accuracy: 1e-9)
    let constant = Tensor([2, 2])
    XCTAssertEqual(
      try RegressionMetrics.r2(
        prediction: try constant.reshaped([2, 1]), target: try constant.reshaped([2, 1])), 1)
    XCTAssertEqual(
      try RegressionMetrics.r2(
        prediction: try Tensor(shape: [2, 1], [1, 2]), target: try constant.reshaped([2, 1])), 0)
    XCTAssertTrue(
      try RegressionMetrics.rmse(prediction: Tensor.zeros([0, 2]), target: Tensor.zeros([0, 2]))
        .isNaN)
  }

  func testRegressionRefusesMismatchedShapes() throws {
    let task = RegressionTask()
    assertError("task regress needs an output shaped like the targets, [3, 2] per sample, got [6]")
    {
      try task.check(input: [4], output: [6], target: [3, 2])
    }
    assertError("task regress needs an output shaped like the targets, [1] per sample, got [2]") {
      try task.check(input: [4], output: [2], target: [])
    }
    assertError("task regress needs outputs shaped like the targets, got [2, 3] and [2, 1]") {
      try task.perSampleLoss(output: Tensor.zeros([2, 3]), targets: Tensor.zeros([2]), input: [4])
    }
    assertError(
      "rmse needs predictions and targets of the same shape [N, …], got [2, 3] and [3, 2]"
    ) {
      try RegressionMetrics.rmse(prediction: Tensor.zeros([2, 3]), target: Tensor.zeros([3, 2]))
    }
  }

  // MARK: heatmaps

  // The loss is the per-sample MSE against the rendered keypoints: an output equal to the
  // rendering has loss 0 and PCK 1 (every maximum sits within a cell of its keypoint).
  func testHeatmapLossAgainstRenderedKeypointsAndPCK() throws {
    let task = try HeatmapTask(size: 16, sigma: 1, pck: 3)
    let kp = try Tensor(
      shape: [2, 3, 2], [5.3, 7.9, 16, 16, 2.25, 29, 31.9, 0.1, 10.5, 20.75, 24, 3])
    try task.check(input: [1, 32, 32], output: [3, 16, 16], target: [3, 2])
    let rendered = try task.lossTargets(kp, input: [1, 32, 32])
    XCTAssertEqual(
      rendered.scalars,
      try Heatmaps.render(keypoints: kp, size: 16, sigma: 1, imageHeight: 32, imageWidth: 32)
        .scalars)
    XCTAssertEqual(try task.perSampleLoss(output: rendered, lossTargets: rendered).scalars, [0, 0])
    let zeros = try Tensor.zeros([2, 3, 16, 16])
    let loss = try task.perSampleLoss(output: zeros, targets: kp, input: [1, 32, 32])
    for (a, b) in zip(loss.scalars, try rendered.square().meanPerSample().scalars) {
      XCTAssertEqual(a, b, accuracy: 1e-8)
    }
    let m = try task.metrics(output: rendered, targets: kp, input: [1, 32, 32])
    XCTAssertEqual(m.map(\.name), ["pck", "pck_j0", "pck_j1", "pck_j2"])
    XCTAssertEqual(m.map(\.value), [1, 1, 1, 1])
    assertError("entropy() needs class probabilities; task heatmaps gives heatmaps") {
      try task.requireClassProbabilities(for: "entropy()")
    }
    let out = try Tensor.uniform([2, 3, 4, 4], seed: 3)
    let small = try HeatmapTask(size: 4, sigma: 0.8, pck: 2)
    let report = try GradientCheck.check([out]) {
      try small.perSampleLoss(output: $0[0], targets: kp, input: [1, 32, 32])
    }
    XCTAssertLessThan(report.maxError, 2e-2, "\(report)")
  }

  func testHeatmapTaskRefusesBadSettingsAndShapes() throws {
    assertError("heatmaps(size:) must be >= 1, got 0") { try HeatmapTask(size: 0, pck: 3) }
    assertError("heatmaps(sigma:) must be positive and finite, got -1.0") {
      try HeatmapTask(size: 16, sigma: -1, pck: 3)
    }
    assertError("heatmaps(pck:) must be positive and finite, got inf") {
      try HeatmapTask(size: 16, pck: .infinity)
    }
    let task = try HeatmapTask(size: 16, sigma: 1, pck: 3)
    XCTAssertEqual(task.description, "heatmaps(size: 16, sigma: 1.0, pck: 3.0)")
    assertError("task heatmaps needs image inputs [channels, height, width], got [64]") {
      try task.check(input: [64], output: [3, 16, 16], target: [3, 2])
    }
    assertError("task heatmaps needs keypoints [joints, 2] per sample as targets, got []") {
      try task.check(input: [1, 32, 32], output: [3, 16, 16], target: [])
    }
    assertError(
      "task heatmaps(size: 16) needs an output [3, 16, 16] per sample (one map per joint), "
        + "got [3, 8, 8]"
    ) { try task.check(input: [1, 32, 32], output: [3, 8, 8], target: [3, 2]) }
    assertError(
      "task heatmaps needs outputs shaped like the target heatmaps, got [2, 3, 8, 8] and "
        + "[2, 3, 16, 16]"
    ) {
      try task.perSampleLoss(
        output: Tensor.zeros([2, 3, 8, 8]), targets: Tensor.zeros([2, 3, 2]), input: [1, 32, 32])
    }
  }
}
