import Foundation
import XCTest

/// `llal bench al-pose`: a tiny run on generated arm-like files prints the peer's JSON
/// lines (`al_pose.py`'s fields, in its order), and its options are checked.
final class PoseBenchTests: CLITestCase {
  /// The fields of the peer's per-cycle line, in its order.
  static let cycleFields = [
    "bench", "strategy", "seed", "cycle", "labeled", "pck", "test_loss", "rank_acc_lpm",
    "rank_acc_peak", "final_train_loss", "train_seconds", "cycle_seconds",
  ]
  /// The fields of the peer's per-strategy summary, in its order.
  static let summaryFields = [
    "bench", "strategy", "seeds", "labeled", "pck_mean", "pck_std", "test_loss_mean",
    "rank_acc_lpm_mean", "rank_acc_lpm_mean_all", "rank_acc_peak_mean", "wall_s",
    "wall_s_per_seed", "cpu_s", "peak_rss_mb",
  ]

  func testATinyRunPrintsThePeersLines() throws {
    try writePoseFiles(train: 24, test: 6)
    let result = try llal(
      "bench", "al-pose", "--data", path("pose"), "--threads", "1", "--seeds", "0,1",
      "--cycles", "2", "--epochs", "1", "--initial", "8", "--budget", "4")
    XCTAssertEqual(result.status, 0, result.errors)
    let lines = try jsonLines(result.output)
    let meta = try XCTUnwrap(lines.first)
    XCTAssertEqual(meta["bench"] as? String, "al_pose")
    XCTAssertEqual(meta["pool"] as? Int, 24)
    XCTAssertEqual(meta["test"] as? Int, 6)
    let config = try XCTUnwrap(meta["config"] as? [String: Any])
    XCTAssertEqual(config["seeds"] as? String, "0,1")
    XCTAssertEqual(config["epochs"] as? Int, 1)
    XCTAssertEqual(config["lam"] as? Double, 1)

    // Strategy by strategy, then seed by seed, then cycle, as the peer prints them.
    let cycles = lines.filter { $0["bench"] as? String == "al_pose" && $0["cycle"] != nil }
    XCTAssertEqual(
      cycles.map { row in
        ["strategy", "seed", "cycle", "labeled"].map { "\(row[$0] ?? "-")" }.joined(separator: " ")
      },
      ["random", "core_set", "learning_loss"].flatMap { s in
        ["\(s) 0 0 8", "\(s) 0 1 12", "\(s) 1 0 8", "\(s) 1 1 12"]
      })
    for line in result.output.split(separator: "\n").dropFirst() where line.contains("\"al_pose\"")
    {
      XCTAssertEqual(keys(of: String(line)), Self.cycleFields, String(line))
    }
    for row in cycles {
      let pck = try XCTUnwrap(row["pck"] as? Double)
      XCTAssertTrue((0...1).contains(pck), "\(row)")
      XCTAssertGreaterThan(try XCTUnwrap(row["test_loss"] as? Double), 0)
      let peak = try XCTUnwrap(row["rank_acc_peak"] as? Double)
      XCTAssertTrue((0...1).contains(peak), "\(row)")
      // Only the learning-loss runs have a loss module to rank with.
      if row["strategy"] as? String == "learning_loss" {
        XCTAssertTrue((0...1).contains(try XCTUnwrap(row["rank_acc_lpm"] as? Double)), "\(row)")
      } else {
        XCTAssertTrue(row["rank_acc_lpm"] is NSNull, "\(row)")
      }
    }

    let summaries = result.output.split(separator: "\n").filter {
      $0.contains("\"al_pose_summary\"")
    }
    XCTAssertEqual(summaries.count, 3)
    for line in summaries { XCTAssertEqual(keys(of: String(line)), Self.summaryFields) }
    let random = try XCTUnwrap(lines.first { $0["bench"] as? String == "al_pose_summary" })
    XCTAssertEqual(random["labeled"] as? [Int], [8, 12])
    // The summary's mean is the mean of the rows it summarises.
    let firstCycle = cycles.filter {
      $0["strategy"] as? String == "random" && $0["cycle"] as? Int == 0
    }
    let mean = firstCycle.map { $0["pck"] as? Double ?? .nan }.reduce(0, +) / 2
    let pckMean = try XCTUnwrap(random["pck_mean"] as? [Double])
    XCTAssertEqual(pckMean[0], mean, accuracy: 1e-4)
    XCTAssertTrue(random["rank_acc_lpm_mean"] is NSNull)
    XCTAssertEqual(lines.last?["bench"] as? String, "al_pose_total")
    XCTAssertTrue(result.errors.contains("| loss module (learning_loss) |"), result.errors)
  }

  func testOptionsAreChecked() throws {
    assertExit(
      try llal("bench", "al-pose"), 64,
      errors: """
        Error: al-pose needs --data DIR, the folder holding train_x.npy, train_y.npy, \
        test_x.npy and test_y.npy
        Usage: llal bench [<options>] <suite>
          See 'llal bench --help' for more information.

        """)
    let engine = try llal("bench", "engine", "--seeds", "0", "--data", "x")
    XCTAssertEqual(engine.status, 64)
    XCTAssertTrue(
      engine.errors.hasPrefix(
        "Error: engine does not take --seeds, --data (options of al-digits, al-pose and al-detect)\n"),
      engine.errors)
    let digits = try llal("bench", "al-digits", "--data", "x")
    XCTAssertEqual(digits.status, 64)
    XCTAssertTrue(
      digits.errors.hasPrefix(
        "Error: al-digits does not take --data (it runs on the bundled digits)\n"),
      digits.errors)
    let seeds = try llal("bench", "al-pose", "--data", "x", "--seeds", "0,-1")
    XCTAssertEqual(seeds.status, 64)
    XCTAssertTrue(
      seeds.errors.hasPrefix(
        "Error: --seeds wants non-negative integers separated by commas, got '0,-1'\n"),
      seeds.errors)
    let epochs = try llal("bench", "al-pose", "--data", "x", "--epochs", "0")
    XCTAssertEqual(epochs.status, 64)
    XCTAssertTrue(epochs.errors.hasPrefix("Error: --epochs must be >= 1, got 0\n"), epochs.errors)
  }

  func testAMissingFolderIs74AndAnUnknownStrategy70() throws {
    assertExit(
      try llal("bench", "al-pose", "--data", "nowhere"), 74,
      errors: "llal: nowhere: missing train_x.npy, train_y.npy, test_x.npy, test_y.npy "
        + "(an npy pair needs train_x.npy, train_y.npy, test_x.npy, test_y.npy)\n")
    try writePoseFiles(train: 12, test: 4)
    assertExit(
      try llal(
        "bench", "al-pose", "--data", path("pose"), "--strategies", "random,entropy",
        "--initial", "4", "--budget", "4", "--cycles", "1", "--epochs", "1"),
      70,
      errors: "llal: al-pose: unknown strategy 'entropy' (random, core_set, learning_loss)\n")
  }

  /// Writes `pose/{train,test}_{x,y}.npy`: 32×32 uint8 images with a bright 3×3 square at
  /// each of 3 joints drawn from a fixed linear congruential sequence, joints `[N, 3, 2]`.
  private func writePoseFiles(train: Int, test: Int) throws {
    let folder = folder.appendingPathComponent("pose")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var state: UInt64 = 12345
    func next(_ below: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(below))
    }
    for (split, n) in [("train", train), ("test", test)] {
      var pixels = [UInt8](repeating: 20, count: n * 32 * 32)
      var joints: [Float] = []
      for s in 0..<n {
        for _ in 0..<3 {
          let (x, y) = (3 + next(26), 3 + next(26))
          joints += [Float(x) + 0.5, Float(y) + 0.5]
          for dy in -1...1 {
            for dx in -1...1 { pixels[s * 1024 + (y + dy) * 32 + x + dx] = 230 }
          }
        }
      }
      try Data(npy("|u1", "(\(n), 1, 32, 32)", pixels)).write(
        to: folder.appendingPathComponent("\(split)_x.npy"))
      try Data(npy("<f4", "(\(n), 3, 2)", joints.withUnsafeBytes { Array($0) })).write(
        to: folder.appendingPathComponent("\(split)_y.npy"))
    }
  }
}
