import Foundation
import TestSupport
import XCTest

@testable import LLALActive

final class ResultsTests: XCTestCase {
  func sample() -> ExperimentResult {
    var result = ExperimentResult(strategies: ["random", "learning_loss"], seeds: [0, 1])
    for (strategy, base) in [("random", 0.80), ("learning_loss", 0.82)] {
      for seed in [0, 1] {
        for cycle in 0..<3 {
          var r = CycleRecord(
            strategy: strategy, seed: seed, cycle: cycle, labeled: 10 * (cycle + 1),
            testAccuracy: base + 0.05 * Double(cycle) + 0.01 * Double(seed),
            finalTrainLoss: 0.5, trainSeconds: 1, cycleSeconds: 1.5,
            chosen: cycle < 2 ? [cycle, cycle + 10] : [])
          r.entropyRankingAccuracy = 0.9
          r.marginRankingAccuracy = 0.8
          r.leastConfidenceRankingAccuracy = 0.85
          r.entropyKendallTau = 0.7
          if strategy == "learning_loss" {
            r.lossModuleRankingAccuracy = 0.6 + 0.02 * Double(seed)
            r.lossModuleKendallTau = 0.2
          }
          result.append(r)
        }
      }
    }
    return result
  }

  func testSummaryMeanAndSampleStd() throws {
    let s = try XCTUnwrap(sample().summary("random"))
    XCTAssertEqual(s.labeled, [10, 20, 30])
    XCTAssertEqual(s.seeds, [0, 1])
    for (m, e) in zip(s.accuracyMean, [0.805, 0.855, 0.905]) {
      XCTAssertEqual(m, e, accuracy: 1e-12)
    }
    // Two values 0.01 apart: sample std = 0.01 / √2.
    for d in s.accuracyStd { XCTAssertEqual(d, 0.01 / 2.0.squareRoot(), accuracy: 1e-12) }
    XCTAssertNil(s.lossModuleRankingMean)
    XCTAssertEqual(s.wallSeconds, 9)
    XCTAssertEqual(s.meanAccuracy(cycles: 1...2) ?? 0, 0.88, accuracy: 1e-12)
    let ll = try XCTUnwrap(sample().summary("learning_loss"))
    XCTAssertEqual(ll.lossModuleRankingMean?.compactMap { $0 }.first ?? 0, 0.61, accuracy: 1e-12)
  }

  func testRankingTable() {
    let t = sample().ranking
    let accuracy = t.rows.filter { $0.measure == .rankingAccuracy }
    XCTAssertEqual(accuracy.map(\.scorer), ["loss module", "entropy", "entropy"])
    XCTAssertEqual(accuracy.map(\.strategy), ["learning_loss", "random", "learning_loss"])
    XCTAssertEqual(t.rows.count, 9)  // rank acc, τ-b and ρ per row
    XCTAssertEqual(t.labeled, [10, 20, 30])
    XCTAssertTrue(
      t.description.contains("loss module (learning_loss)  0.610  0.610  0.610"), t.description)
  }

  func testTextTable() {
    let text = sample().description
    XCTAssertTrue(text.contains("random         80.5±0.7  85.5±0.7  90.5±0.7     9.0"), text)
  }

  /// Issue 14: an interrupted experiment showed `± 0.0` for cycles that one seed reached,
  /// as if the seeds agreed; such a cycle has no spread and says how many seeds it has.
  func testCyclesOneSeedReachedHaveNoSpread() throws {
    let all = sample()
    let interrupted = ExperimentResult(
      strategies: all.strategies, seeds: all.seeds,
      records: all.records.filter { $0.seed == 0 || $0.cycle < 2 }, cancelled: true)
    let s = try XCTUnwrap(interrupted.summary("random"))
    XCTAssertEqual(s.seedsPerCycle, [2, 2, 1])
    XCTAssertEqual(s.spread(atCycle: 1) ?? 0, 0.01 / 2.0.squareRoot(), accuracy: 1e-12)
    XCTAssertNil(s.spread(atCycle: 2))
    let text = interrupted.description
    XCTAssertTrue(text.contains("random         80.5±0.7  85.5±0.7  90.0 (n=1)     7.5"), text)
  }

  func testPeerFieldNames() {
    let r = sample().records(strategy: "learning_loss", seed: 1)[0]
    XCTAssertEqual(
      r.fields.map(\.0),
      [
        "strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss", "entropy_rank_acc",
        "margin_rank_acc", "lc_rank_acc", "lpm_rank_acc", "entropy_kendall_tau",
        "lpm_kendall_tau", "cycle_s", "train_s",
      ])
    XCTAssertEqual(
      ResultJSON.object(r.fields).text,
      "{\"strategy\": \"learning_loss\", \"seed\": 1, \"cycle\": 1, \"labeled\": 10, "
        + "\"test_acc\": 0.83, \"final_train_loss\": 0.5, \"entropy_rank_acc\": 0.9, "
        + "\"margin_rank_acc\": 0.8, \"lc_rank_acc\": 0.85, \"lpm_rank_acc\": 0.62, "
        + "\"entropy_kendall_tau\": 0.7, \"lpm_kendall_tau\": 0.2, \"cycle_s\": 1.5, "
        + "\"train_s\": 1.0}")
    let random = sample().records(strategy: "random", seed: 0)[0]
    XCTAssertFalse(random.fields.map(\.0).contains("lpm_rank_acc"))
  }

  func testCSVAndJSONExportAreWrittenAtomically() throws {
    let dir = try temporaryDirectory()
    let result = sample()
    let csvPath = dir.appendingPathComponent("r.csv").path
    let jsonPath = dir.appendingPathComponent("r.json").path
    try "old".write(toFile: csvPath, atomically: false, encoding: .utf8)
    try result.save(to: csvPath)
    try result.save(to: jsonPath)
    let csv = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(csv.count, 1 + 12)
    XCTAssertTrue(csv[0].hasPrefix("strategy,seed,cycle,labeled,test_acc,"))
    // Cycles count from 1 in the export, as in the tables.
    XCTAssertEqual(csv[1], "random,0,1,10,0.8,0.5,0.9,0.8,0.85,,0.7,,1.5,1.0,0 10")
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: jsonPath)))
    let object = try XCTUnwrap(json as? [String: Any])
    XCTAssertEqual((object["records"] as? [Any])?.count, 12)
    XCTAssertEqual((object["summaries"] as? [Any])?.count, 2)
    XCTAssertEqual(object["cancelled"] as? Bool, false)
    // Only the two files remain: no temporary left behind.
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["r.csv", "r.json"])
    XCTAssertThrowsError(try result.save(to: dir.appendingPathComponent("r.txt").path))
    XCTAssertThrowsError(try result.save(to: "/nonexistent-dir/r.csv"))
  }
}
