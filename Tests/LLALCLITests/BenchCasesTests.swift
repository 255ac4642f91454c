import Foundation
import XCTest

/// `llal bench train` and `llal bench engine` pick single cases with `--only`: the pose
/// and detection training steps, and one operation case of the engine by its key.
final class BenchCasesTests: CLITestCase {
  /// The case lines of `llal bench train --only CASES --threads 1 --quick`, which succeeds.
  private func trainCases(_ only: String) throws -> [[String: Any]] {
    let result = try llal("bench", "train", "--only", only, "--threads", "1", "--quick")
    XCTAssertEqual(result.status, 0, result.errors)
    return try jsonLines(result.output).filter { $0["case"] != nil }
  }

  func testThePoseTrainingStepsRunWithThePeersParameterCounts() throws {
    let cases = try trainCases("pose_b32,pose_lpm_b32")
    XCTAssertEqual(cases.map { $0["case"] as? String }, ["pose_b32", "pose_lpm_b32"])
    // bench/train_step_pose.py reports 42003 and 59156 parameters for the same two models
    // (`sum(p.numel() for p in params)` with torch 2.13.0).
    XCTAssertEqual(cases.map { $0["params"] as? Int }, [42003, 59156])
    for line in cases {
      XCTAssertEqual(line["batch"] as? Int, 32)
      XCTAssertEqual(line["steps"] as? Int, 5)
      let loss = try XCTUnwrap(line["final_loss"] as? Double, "\(line)")
      XCTAssertTrue(loss.isFinite && loss > 0, "\(line)")
    }
  }

  func testTheDetectionTrainingStepsRunWithThePeersParameterCountsAndLearn() throws {
    let cases = try trainCases("detect_b32,detect_lpm_b32")
    XCTAssertEqual(cases.map { $0["case"] as? String }, ["detect_b32", "detect_lpm_b32"])
    // bench/train_step_detect.py reports 106560 and 127809 parameters for the same two
    // models (`sum(p.numel() for p in params)` with torch 2.13.0).
    XCTAssertEqual(cases.map { $0["params"] as? Int }, [106560, 127809])
    for line in cases {
      XCTAssertEqual(line["batch"] as? Int, 32)
      XCTAssertEqual(line["steps"] as? Int, 5)
      // Six SGD steps on one fixed batch lower the multibox loss of the untrained model.
      let first = try XCTUnwrap(line["first_loss"] as? Double, "\(line)")
      let final = try XCTUnwrap(line["final_loss"] as? Double, "\(line)")
      XCTAssertTrue(final.isFinite && final > 0 && final < first, "\(line)")
    }
  }

  func testTheEngineRunsOneOperationCaseByItsKey() throws {
    let result = try llal(
      "bench", "engine", "--only", "conv3x3_c64_h8_s2", "--threads", "1", "--reps", "1",
      "--min-rep-time", "0")
    XCTAssertEqual(result.status, 0, result.errors)
    let cases = try jsonLines(result.output).filter { $0["op"] != nil }
    XCTAssertEqual(cases.map { $0["mode"] as? String }, ["fwd", "fwd+bwd"])
    for line in cases {
      XCTAssertEqual(line["op"] as? String, "conv3x3")
      XCTAssertEqual(line["cin"] as? Int, 64)
      XCTAssertEqual(line["cout"] as? Int, 128)
      XCTAssertEqual(line["h"] as? Int, 8)
      XCTAssertEqual(line["stride"] as? Int, 2)
    }
    assertExit(
      try llal("bench", "engine", "--only", "conv3x3_c7_h8", "--threads", "1"), 70,
      errors: "llal: bench engine: unknown case 'conv3x3_c7_h8' (gemm, ops, or an operation "
        + "case such as conv3x3_c64_h8_s2)\n")
  }

  func testStepsSetsTheTimedStepsOfTrainOnly() throws {
    let result = try llal(
      "bench", "train", "--only", "mlp_b128", "--threads", "1", "--steps", "3")
    XCTAssertEqual(result.status, 0, result.errors)
    let cases = try jsonLines(result.output).filter { $0["case"] != nil }
    XCTAssertEqual(cases.map { $0["steps"] as? Int }, [3])
    XCTAssertEqual(cases.first?["warmup"] as? Int, 5)
    let zero = try llal("bench", "train", "--steps", "0")
    XCTAssertEqual(zero.status, 64)
    XCTAssertTrue(zero.errors.hasPrefix("Error: --steps must be >= 1, got 0\n"), zero.errors)
    let engine = try llal("bench", "engine", "--steps", "10")
    XCTAssertEqual(engine.status, 64)
    XCTAssertTrue(
      engine.errors.hasPrefix("Error: engine does not take --steps (an option of train)\n"),
      engine.errors)
  }
}
