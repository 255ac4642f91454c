import Foundation
import XCTest

/// `llal bench al-detect`: a tiny run on generated box files prints the peer's JSON lines
/// (`al_detect.py`'s fields, in its order).
final class DetectBenchTests: CLITestCase {
  /// The fields of the peer's per-cycle line, in its order.
  static let cycleFields = [
    "bench", "strategy", "seed", "cycle", "labeled", "map", "ap_per_class", "test_loss",
    "rank_acc_lpm", "rank_acc_entropy", "final_train_loss", "train_seconds", "cycle_s",
  ]
  /// The fields of the peer's per-strategy summary, in its order.
  static let summaryFields = [
    "bench", "strategy", "seeds", "labeled", "map_mean", "map_std", "rank_acc_entropy_mean",
    "rank_acc_entropy_mean_all", "rank_acc_lpm_mean", "rank_acc_lpm_mean_all", "test_loss_mean",
    "wall_s", "wall_s_per_seed", "cpu_s", "peak_rss_mb",
  ]

  func testATinyRunPrintsThePeersLines() throws {
    try writeDetectFiles(train: 24, test: 6)
    let result = try llal(
      "bench", "al-detect", "--data", path("detect"), "--threads", "1", "--seeds", "0",
      "--cycles", "2", "--epochs", "1", "--initial", "8", "--budget", "4")
    XCTAssertEqual(result.status, 0, result.errors)
    let lines = try jsonLines(result.output)
    let meta = try XCTUnwrap(lines.first)
    XCTAssertEqual(meta["bench"] as? String, "al_detect")
    XCTAssertEqual(meta["anchors"] as? Int, 544)
    let cycles = lines.filter { $0["bench"] as? String == "al_detect" && $0["cycle"] != nil }
    XCTAssertEqual(
      cycles.map { "\($0["strategy"] ?? "-") \($0["cycle"] ?? "-") \($0["labeled"] ?? "-")" },
      ["random", "entropy", "core_set", "learning_loss"].flatMap { ["\($0) 0 8", "\($0) 1 12"] })
    for line in result.output.split(separator: "\n").dropFirst() where line.contains("\"al_detect\",") {
      XCTAssertEqual(keys(of: String(line)), Self.cycleFields, String(line))
    }
    for row in cycles {
      XCTAssertTrue((0...1).contains(try XCTUnwrap(row["map"] as? Double)), "\(row)")
      XCTAssertEqual((row["ap_per_class"] as? [Any])?.count, 3, "\(row)")
      XCTAssertTrue((0...1).contains(try XCTUnwrap(row["rank_acc_entropy"] as? Double)), "\(row)")
      if row["strategy"] as? String == "learning_loss" {
        XCTAssertTrue((0...1).contains(try XCTUnwrap(row["rank_acc_lpm"] as? Double)), "\(row)")
      } else {
        XCTAssertTrue(row["rank_acc_lpm"] is NSNull, "\(row)")
      }
    }
    let summaries = result.output.split(separator: "\n").filter {
      $0.contains("\"al_detect_summary\"")
    }
    XCTAssertEqual(summaries.count, 4)
    for line in summaries { XCTAssertEqual(keys(of: String(line)), Self.summaryFields) }
    XCTAssertEqual(lines.last?["bench"] as? String, "al_detect_total")
    XCTAssertTrue(result.errors.contains("| loss module (learning_loss) |"), result.errors)
    XCTAssertTrue(result.errors.contains("| entropy (core_set) |"), result.errors)
  }

  /// Writes `detect/{train,test}_{x,y}.npy`: 32×32 uint8 images with one or two bright
  /// squares of side 6–11 from a fixed linear congruential sequence, boxes `[N, 3, 5]`
  /// padded with class −1.
  private func writeDetectFiles(train: Int, test: Int) throws {
    let folder = folder.appendingPathComponent("detect")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var state: UInt64 = 777
    func next(_ below: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(below))
    }
    for (split, n) in [("train", train), ("test", test)] {
      var pixels = [UInt8](repeating: 20, count: n * 32 * 32)
      var boxes: [Float] = []
      for s in 0..<n {
        let objects = 1 + next(2)
        for o in 0..<3 {
          guard o < objects else {
            boxes += [-1, 0, 0, 0, 0]
            continue
          }
          let side = 6 + next(6)
          let (x, y) = (next(32 - side), next(32 - side))
          boxes += [Float(next(3)), Float(x), Float(y), Float(x + side), Float(y + side)]
          for dy in 0..<side {
            for dx in 0..<side { pixels[s * 1024 + (y + dy) * 32 + x + dx] = 230 }
          }
        }
      }
      try Data(npy("|u1", "(\(n), 1, 32, 32)", pixels)).write(
        to: folder.appendingPathComponent("\(split)_x.npy"))
      try Data(npy("<f4", "(\(n), 3, 5)", boxes.withUnsafeBytes { Array($0) })).write(
        to: folder.appendingPathComponent("\(split)_y.npy"))
    }
  }
}
