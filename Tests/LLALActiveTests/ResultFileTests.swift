import LLALJSON
import LLALNN
import XCTest

@testable import LLALActive

/// Results JSON read back (`ResultFile`) and parts merged (`ResultsMerge`).
final class ResultFileTests: XCTestCase {
  private func record(
    _ strategy: String, seed: Int, cycle: Int, labeled: Int, metric: String = "accuracy"
  ) -> CycleRecord {
    var r = CycleRecord(
      strategy: strategy, seed: seed, cycle: cycle, labeled: labeled,
      testAccuracy: 0.5 + Double(cycle) / 10, finalTrainLoss: 0.25, trainSeconds: 1.5,
      cycleSeconds: 2, chosen: [cycle, 7])
    r.metricName = metric
    r.entropyRankingAccuracy = 0.625
    r.entropySpearman = 0.125
    r.warnings = ["w"]
    if metric != "accuracy" {
      r.otherMetrics = [TaskMetric("r2", 0.75)]
      r.testLoss = 0.0625
    }
    return r
  }

  private func result(_ records: [CycleRecord], cancelled: Bool = false) -> ExperimentResult {
    var strategies: [String] = []
    for r in records where !strategies.contains(r.strategy) { strategies.append(r.strategy) }
    return ExperimentResult(
      strategies: strategies, seeds: Array(Set(records.map(\.seed))).sorted(), records: records,
      cancelled: cancelled, metricName: records.first?.metricName ?? "accuracy")
  }

  private func roundTrip(_ r: ExperimentResult) throws -> ExperimentResult {
    try ResultFile.decode(try JSON.parse(r.json()), path: "r.json")
  }

  func testATaskMetricAndItsOthersReadBack() throws {
    var lpm = record("ll", seed: 2, cycle: 1, labeled: 15, metric: "rmse")
    lpm.lossModuleRankingAccuracy = 0.875
    lpm.lossModuleKendallTau = 0.5
    lpm.lossModuleSpearman = 0.25
    let r = result([record("ll", seed: 2, cycle: 0, labeled: 10, metric: "rmse"), lpm])
    let back = try roundTrip(r)
    XCTAssertEqual(back, r)
    XCTAssertEqual(back.metricName, "rmse")
  }

  func testAStoppingRulesMarksReadBackAndKeepTheStoppingLine() throws {
    var records = (0..<3).map { record("random", seed: 0, cycle: $0, labeled: 10 + 5 * $0) }
    for (i, kappa) in [nil, 0.5, 0.9375].enumerated() {
      records[i].stopKappa = kappa
      records[i].wouldStop = i == 2
    }
    let r = result(records)
    let back = try roundTrip(r)
    XCTAssertEqual(back, r)
    XCTAssertEqual(back.records.map(\.stopKappa), [nil, 0.5, 0.9375])
    XCTAssertEqual(
      back.stoppingNote, "stabilizing predictions would stop: random at cycle 3 (20 labeled)")
    // A run without a rule has no marks and no stopping line.
    XCTAssertNil(try roundTrip(result([record("random", seed: 0, cycle: 0, labeled: 10)])).stoppingNote)
  }

  func testAStoppingMarkOfTheWrongKindNamesTheField() throws {
    var r = record("random", seed: 0, cycle: 0, labeled: 10)
    r.wouldStop = false
    let text = result([r]).json().replacingOccurrences(
      of: "\"would_stop\": false", with: "\"would_stop\": 1")
    XCTAssertThrowsError(try ResultFile.decode(try JSON.parse(text), path: "r.json")) {
      XCTAssertEqual(
        "\($0)", "r.json is malformed: records[0].would_stop must be true or false, found a number")
    }
  }

  func testMergedPartsAreOrderedAsAnExperimentOrdersThem() throws {
    let a = result([record("entropy", seed: 1, cycle: 0, labeled: 10)])
    let b = result([
      record("random", seed: 0, cycle: 0, labeled: 10),
      record("random", seed: 1, cycle: 0, labeled: 10),
    ])
    let c = result([record("entropy", seed: 0, cycle: 0, labeled: 10)])
    let merged = try ResultsMerge.merge([("a", a), ("b", b), ("c", c)])
    XCTAssertEqual(merged.strategies, ["entropy", "random"])
    XCTAssertEqual(merged.seeds, [0, 1])
    XCTAssertEqual(
      merged.records.map { "\($0.strategy) \($0.seed)" },
      ["entropy 0", "random 0", "entropy 1", "random 1"])
  }

  func testPartsOfOtherMetricsAreRefused() {
    let a = result([record("entropy", seed: 0, cycle: 0, labeled: 10)])
    let b = result([record("random", seed: 0, cycle: 0, labeled: 10, metric: "pck")])
    XCTAssertThrowsError(try ResultsMerge.merge([("a.json", a), ("b.json", b)])) { error in
      XCTAssertEqual("\(error)", "b.json measures pck, but a.json measures accuracy")
    }
  }

  func testACancelledPartMayStopEarlyAndMarksTheMerge() throws {
    let a = result([
      record("entropy", seed: 0, cycle: 0, labeled: 10),
      record("entropy", seed: 0, cycle: 1, labeled: 15),
    ])
    let b = result([record("random", seed: 0, cycle: 0, labeled: 10)], cancelled: true)
    let merged = try ResultsMerge.merge([("a.json", a), ("b.json", b)])
    XCTAssertTrue(merged.cancelled)
    XCTAssertEqual(merged.records.count, 3)
  }

  func testCyclesWithAGapAreRefused() {
    let a = result([
      record("entropy", seed: 0, cycle: 0, labeled: 10),
      record("entropy", seed: 0, cycle: 2, labeled: 20),
    ])
    XCTAssertThrowsError(try ResultsMerge.merge([("a.json", a)])) { error in
      XCTAssertEqual(
        "\(error)",
        "a.json holds cycles of entropy, seed 0 that are not 1, 2, 3, …: cycle 3 where cycle "
          + "2 belongs")
    }
  }
}
