import LLALLanguage
import LLALNN
import LLALTensor
import TestSupport
import XCTest

@testable import LLALDomain

/// A task whose loss is written in the language: autodiff through the interpreter's
/// tensors, and the metric it reports.
final class ClosureTaskTests: XCTestCase {
  private func task(_ source: String) throws -> any ModelTask {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "t.llal", text: source))
    guard case .host(let h)? = interpreter.value(named: "t"), let v = h as? TaskValue else {
      throw RuntimeError("t is not a task")
    }
    return v.task
  }

  // Σ (o − t)² per sample: the gradient through the language's operations is 2(o − t),
  // and a finite-difference check agrees.
  func testLossGradientFlowsThroughTheLanguage() throws {
    let t = try task("t = task(loss: fn (o, t) => ((o - t) * (o - t)).sum(axis: 1), name: \"sq\")")
    let output = try Tensor(rows: [[1, 2], [0.5, -1], [3, 0]])
    let target = try Tensor(rows: [[0, 2], [1, 1], [2, 2]])
    let x = output.detached().requiringGrad()
    let loss = try t.perSampleLoss(output: x, lossTargets: target)
    XCTAssertEqual(loss.scalars, [1, 4.25, 5])
    try loss.sum().backward()
    let grad = try XCTUnwrap(x.grad).scalars
    XCTAssertEqual(grad, [2, 0, -1, -4, 2, -4])
    let report = try GradientCheck.check([output]) {
      try t.perSampleLoss(output: $0[0], lossTargets: target)
    }
    XCTAssertLessThan(report.maxError, 2e-2, "\(report)")
    XCTAssertFalse(t.hasClassProbabilities)
    // Without a metric, the metric is the mean loss, lower being better.
    XCTAssertEqual(t.metricName, "loss")
    XCTAssertFalse(t.higherIsBetter)
    let m = try t.metrics(output: output, targets: target, input: [2])
    XCTAssertEqual(m[0].value, (1 + 4.25 + 5) / 3, accuracy: 1e-6)
  }

  func testMetricIsNamedAfterTheTask() throws {
    let t = try task(
      "t = task(loss: fn (o, t) => (o - t).abs().sum(axis: 1), "
        + "metric: fn (o, t) => (o - t).abs().mean(), name: \"mae\", higher_is_better: false)")
    let m = try t.metrics(
      output: try Tensor(rows: [[1], [2]]), targets: try Tensor(rows: [[0], [4]]), input: [1])
    XCTAssertEqual(m, [TaskMetric("mae", 1.5)])
    XCTAssertEqual(t.metricName, "mae")
    XCTAssertFalse(t.higherIsBetter)
  }
}
