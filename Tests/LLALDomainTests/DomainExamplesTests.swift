import Foundation
import LLALDomain
import LLALLanguage
import TestSupport
import XCTest

/// Runs every notebook under `examples/` end to end, scaled down with the same
/// `param` values `llal run FILE --set ...` gives, so that the examples cannot rot.
final class DomainExamplesTests: XCTestCase {
  private static var examples: URL { TestSupport.packageRoot.appendingPathComponent("examples") }

  /// Runs `examples/name` with `parameters`; returns its output, failing on any error.
  private func runExample(_ name: String, _ parameters: [String: Value]) throws -> String {
    let url = Self.examples.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    interpreter.parameters = parameters
    do {
      try ScriptRunner(interpreter: interpreter).run(SourceFile(name: name, text: text))
    } catch let error as LanguageError {
      XCTFail("\(name): \(error.diagnostics.map(\.message).joined(separator: "\n"))")
    }
    let unread = Set(parameters.keys).subtracting(interpreter.parametersRead)
    XCTAssertTrue(unread.isEmpty, "\(name) reads no param for \(unread.sorted())")
    return buffer.text
  }

  private static let quick: [String: Value] = [
    "epochs": .int(1), "cycles": .int(2), "seeds": .int(1),
  ]

  func testEveryExampleIsCovered() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
      .filter { $0.hasSuffix(".llal") }.sorted()
    XCTAssertEqual(
      files,
      [
        "custom-strategy.llal", "detection.llal", "digits.llal", "diversity.llal",
        "human-loop.llal", "inside-learning-loss.llal", "objectives.llal", "paper-cifar10.llal",
        "pose.llal", "quickstart.llal", "regression.llal",
      ])
  }

  func testInsideLearningLoss() throws {
    var parameters = Self.quick
    parameters["epochs"] = .int(2)
    parameters["step"] = .int(20)
    parameters["initial"] = .int(40)
    let out = try runExample("inside-learning-loss.llal", parameters)
    for expected in [
      "│ cycle │ labeled │ entropy │ learning_loss │ entropy x loss │",
      "cycle 1 pool 1378 | module vs true loss: ρ", "cycle 2 pool 1378 | module vs true loss: ρ",
      "overlap of the top 20 picks, cycle 1:", "detached from epoch",
      "│ strategy       │ cycle │ lpm_spearman │", "│ learning_loss  │     1 │",
      "test_acc by strategy, labeled", "Ranking on the unlabeled pool",
    ] {
      XCTAssertTrue(out.contains(expected), "missing \(expected) in\n\(out)")
    }
  }

  func testPose() throws {
    var parameters = Self.quick
    parameters["count"] = .int(260)
    let out = try runExample("pose.llal", parameters)
    for heading in [
      "targets [3, 2]", "metric pck (higher is better)", "Test pck",
      "│ cycle │ labeled │ random │ core_set │ ll_lambda_1 │ ll_lambda_0.001 │",
      "loss module (ll_lambda_0.001)", "Test accuracy", "loss module (learning_loss)",
      "arms, lambda 1:", "digits, lambda 1:",
    ] {
      XCTAssertTrue(out.contains(heading), "missing \(heading) in\n\(out)")
    }
  }

  func testDetection() throws {
    var parameters = Self.quick
    parameters["count"] = .int(72)
    parameters["initial"] = .int(16)
    parameters["step"] = .int(8)
    let out = try runExample("detection.llal", parameters)
    for expected in [
      "detect(classes: 3, anchors: 544): metric map (higher is better)", "Test map",
      "│ cycle │ labeled │ random │ entropy │ core_set │ learning_loss │",
      "loss module (learning_loss)", "entropy (random)", "loss module (learning_loss): 0.",
      "entropy (random):            0.",
      "=== What the detector finds ===\n(the first 8 of 12 images)",
    ] {
      XCTAssertTrue(out.contains(expected), "missing \(expected) in\n\(out)")
    }
  }

  func testRegression() throws {
    let out = try runExample("regression.llal", Self.quick)
    for heading in [
      "Test rmse", "│ cycle │ labeled │ random │ variance │ core_set │ learning_loss │",
      "loss module (learning_loss)", "cycle 2 of 2 done, 40 of 450 labeled, test mae",
    ] {
      XCTAssertTrue(out.contains(heading), "missing \(heading) in\n\(out)")
    }
  }

  func testQuickstart() throws {
    let out = try runExample("quickstart.llal", [:])
    XCTAssertTrue(out.contains("[0.4000  0.1000  0.3500]"), out)
    XCTAssertTrue(out.contains("[0.4000  0.8500  0.3500]"), out)
    XCTAssertTrue(out.contains("[1.3710  0.5690  1.1412]"), out)
  }

  func testDigits() throws {
    let dir = try temporaryDirectory()
    let csv = dir.appendingPathComponent("digits.csv").path
    var parameters = Self.quick
    parameters["out"] = .string(csv)
    let out = try runExample("digits.llal", parameters)
    for heading in [
      "=== Run the experiment ===", "│ cycle │ labeled │ random │ entropy │ margin │",
      "Test accuracy, Net", "loss module (learning_loss)", "saved \(csv)",
      "│  AUBC │         │", "=== The penalty matrix ===",
      "Penalty matrix: cycles where the row beat the column", "Area under the budget curve",
      "learning_loss − random, paired over 1 seed",
    ] {
      XCTAssertTrue(out.contains(heading), "missing \(heading)\n\(out)")
    }
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(rows.count, 1 + 5 * 2)  // 5 strategies × 2 cycles × 1 seed
  }

  func testObjectives() throws {
    var parameters = Self.quick
    parameters["width"] = .int(16)
    let out = try runExample("objectives.llal", parameters)
    for expected in [
      "│ listwise │ ranking+attention │ random │",
      "loss module (bce)", "loss module (listwise)", "loss module (ranking+attention)",
      "Area under the budget curve", "bce − ranking, paired over 1 seed",
      "listwise − ranking, paired over 1 seed", "ranking+attention − ranking, paired over 1 seed",
      "attention: α = softmax over taps of linear(1) of each tap", "seed 0 mean α: c1 0.",
    ] {
      XCTAssertTrue(out.contains(expected), "missing \(expected) in\n\(out)")
    }
  }

  func testDiversity() throws {
    let out = try runExample("diversity.llal", Self.quick)
    XCTAssertTrue(
      out.contains("│ learning_loss │ ll + k-center │ core_set │ badge │ random │"), out)
    XCTAssertTrue(out.contains("ll + k-center would query 100 points"), out)
  }

  func testHumanLoop() throws {
    let dir = try temporaryDirectory()
    let out = try runExample(
      "human-loop.llal",
      ["epochs": .int(1), "cycles": .int(3), "step": .int(10), "folder": .string(dir.path)])
    for expected in [
      "session entropy, seed 0: cycle 0 of 3 done, 20 of 1438 labeled",
      "entropy cycle 1: 20 labeled", "cycle 1: 10 images to label, answers [",
      "entropy cycle 3: 40 labeled", "│ cycle │ labeled │ test_acc │ stop_kappa │ would_stop │",
    ] {
      XCTAssertTrue(out.contains(expected), "missing \(expected) in\n\(out)")
    }
    // The last answers match the pool's labels of the last query's picks.
    let rows = try String(
      contentsOfFile: dir.appendingPathComponent("labeled.csv").path, encoding: .utf8
    )
    .split(separator: "\n")
    XCTAssertEqual(rows.first, "index,label")
    XCTAssertEqual(rows.count, 11)
    let images = try FileManager.default.contentsOfDirectory(atPath: dir.path)
      .filter { $0.hasSuffix(".png") }
    XCTAssertEqual(images.count, 20)
  }

  func testCustomStrategy() throws {
    let out = try runExample("custom-strategy.llal", Self.quick)
    XCTAssertTrue(out.contains("margin ratio  Tensor[3] float32\n[0.3333  0.0556  0.4615]"), out)
    XCTAssertTrue(out.contains("│ entropy │ margin_ratio │ sharp_entropy │ far_and_unsure │"), out)
  }

  func testPaperWithoutDataSaysWhereToPutIt() throws {
    let out = try runExample("paper-cifar10.llal", ["data": .string("/definitely/not/here")])
    XCTAssertTrue(out.contains("CIFAR-10 is not in '/definitely/not/here'."), out)
    XCTAssertTrue(out.contains("ResNet-18 of width 64 has 11173962 parameters"), out)
    XCTAssertFalse(out.contains("Test accuracy"), out)
  }

  func testPaperScaledDownOnGeneratedCIFARFiles() throws {
    let dir = try temporaryDirectory()
    // Six files of 12 records each in the CIFAR-10 binary layout: a label byte, then
    // 3,072 pixel bytes.
    var generator = SystemRandomNumberGenerator()
    for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
      var bytes: [UInt8] = []
      for k in 0..<12 {
        bytes.append(UInt8(k % 10))
        bytes += (0..<3072).map { _ in UInt8.random(in: 0...255, using: &generator) }
      }
      try Data(bytes).write(to: dir.appendingPathComponent(name))
    }
    let csv = dir.appendingPathComponent("cifar.csv").path
    let out = try runExample(
      "paper-cifar10.llal",
      [
        "data": .string(dir.path), "width": .int(2), "epochs": .int(1), "cycles": .int(2),
        "initial": .int(20), "step": .int(10), "subset": .int(20), "seeds": .int(1),
        "pool": .int(40), "out": .string(csv),
      ])
    XCTAssertTrue(
      out.contains(
        "pool: Dataset(40 samples, x [40, 3, 32, 32], 10 classes), augmented: crop with "
          + "padding 4, flip"), out)
    XCTAssertTrue(
      out.contains("│ cycle │ labeled │ random │ entropy │ core_set │ learning_loss │"), out)
    XCTAssertEqual(
      try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count, 1 + 8)
  }
}
