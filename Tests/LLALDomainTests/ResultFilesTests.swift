import Foundation
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// `results(path)`: results JSON read back, one file or a folder of per-job files merged
/// into the value `experiment(...)` returns; what cannot be merged is refused, naming the
/// file and what differs.
final class ResultFilesTests: XCTestCase {
  private static let setup = """
    model M(x: [2]) {
      h = x |> linear(8) |> relu()
      return h |> linear(3)
    }
    d = blobs(count: 150, classes: 3, dimensions: 2, spread: 1, seed: 4)
    tr, te = d.split(test: 0.25, seed: 0)
    b = budget(initial: 10, step: 5, cycles: 3)
    opt = sgd(epochs: 2, batch: 8)
    dir = param("dir", "")

    """

  private var folder = ""

  override func setUpWithError() throws {
    folder = try temporaryDirectory().path
    try FileManager.default.createDirectory(
      atPath: folder + "/jobs", withIntermediateDirectories: true)
  }

  private func run(_ body: String) throws -> String {
    try DomainScript.run(Self.setup + body, name: "r.llal", parameters: ["dir": .string(folder)])
      .output
  }

  /// `line:col: message` of the first diagnostic, lines counted in `body`.
  private func failure(_ body: String) -> String {
    DomainScript.failure(
      Self.setup + body, name: "r.llal", skippingLines: DomainScript.lines(of: Self.setup),
      parameters: ["dir": .string(folder)])
  }

  /// One job: `strategy` with `seed` alone, saved as `jobs/NAME-SEED.json`.
  private func job(_ strategy: String, _ seed: Int, budget: String = "b") -> String {
    let name = strategy.prefix { $0 != "(" }
    return """
      experiment(M, tr, te, [\(strategy)], budget: \(budget), optimizer: opt, seeds: [\(seed)], baseline: none).save(dir + "/jobs/\(name)-\(seed).json")

      """
  }

  /// The jobs of entropy, margin and random with seeds 0 and 1.
  private var jobs: String {
    ["entropy()", "margin()", "random()"].flatMap { s in [0, 1].map { job(s, $0) } }.joined()
  }

  /// The records of a saved JSON file without the wall-clock fields.
  private func untimedRecords(_ path: String) throws -> [NSDictionary] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let top = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    let records = try XCTUnwrap(top["records"] as? [[String: Any]])
    return records.map { r in
      var r = r
      r["cycle_s"] = nil
      r["train_s"] = nil
      return r as NSDictionary
    }
  }

  func testPerJobFilesMergeIntoTheResultsOfTheWholeExperiment() throws {
    let out = try run(
      """
      full = experiment(M, tr, te, [entropy(), margin()], budget: b, optimizer: opt, seeds: 2)
      full.save(dir + "/full.json")
      \(jobs)
      a = results(dir + "/full.json")
      m = results(dir + "/jobs")
      print(m.strategies, m.seeds, m.labeled)
      print(str(a.aubc) == str(m.aubc), str(a.penalty) == str(m.penalty))
      print(str(a.compare("entropy", "random")) == str(m.compare("entropy", "random")))
      print(str(a.ranking) == str(m.ranking), len(m.records))
      m.save(dir + "/merged.json")
      a.save(dir + "/again.json")
      print(m)

      """)
    let lines = out.split(separator: "\n").map(String.init)
    XCTAssertEqual(
      Array(lines.prefix(4)),
      [
        "[\"entropy\", \"margin\", \"random\"] [0, 1] [10, 15, 20]", "true true", "true",
        "true 18",
      ])
    // The table is the experiment's: three cycles and the AUBC row of three strategies.
    XCTAssertTrue(out.contains("Test accuracy (mean ± std over 2 seeds)"), out)
    XCTAssertTrue(out.contains("│  AUBC │"), out)
    XCTAssertTrue(out.contains("\(folder)/jobs, 2 seeds"), out)
    // Read back and saved again, a file keeps its records; merged, the jobs give the
    // experiment's records (timings aside: each job ran on its own).
    XCTAssertEqual(
      try untimedRecords(folder + "/again.json"), try untimedRecords(folder + "/full.json"))
    XCTAssertEqual(
      try untimedRecords(folder + "/merged.json"), try untimedRecords(folder + "/full.json"))
  }

  func testAnEmptyFolderIsRefused() {
    XCTAssertEqual(
      failure("r = results(dir + \"/jobs\")\n"),
      "1:13: argument 'path' of 'results' names the folder \(folder)/jobs, which holds no "
        + ".json results files")
  }

  func testTwoFilesOfOneJobAreRefused() throws {
    _ = try run(job("entropy()", 0) + job("random()", 0))
    try FileManager.default.copyItem(
      atPath: folder + "/jobs/entropy-0.json", toPath: folder + "/jobs/entropy-0-copy.json")
    XCTAssertEqual(
      failure("r = results(dir + \"/jobs\")\n"),
      "1:13: results: \(folder)/jobs/entropy-0.json holds entropy, seed 0, which "
        + "\(folder)/jobs/entropy-0-copy.json holds too")
  }

  func testOtherBudgetsAreRefusedNamingBothFiles() throws {
    _ = try run(
      job("entropy()", 0)
        + job("random()", 0, budget: "budget(initial: 10, step: 5, cycles: 2)"))
    XCTAssertEqual(
      failure("r = results(dir + \"/jobs\")\n"),
      "1:13: results: \(folder)/jobs/random-0.json has another budget: its random, seed 0 ran "
        + "2 cycles, but \(folder)/jobs/entropy-0.json's entropy, seed 0 ran 3")
  }

  func testOtherCycleGridsAreRefusedNamingBothFiles() throws {
    _ = try run(
      job("entropy()", 0)
        + job("random()", 0, budget: "budget(initial: 10, step: 6, cycles: 3)"))
    XCTAssertEqual(
      failure("r = results(dir + \"/jobs\")\n"),
      "1:13: results: \(folder)/jobs/random-0.json has another cycle grid: its random, seed 0 "
        + "labels 10, 16, 22 at cycles 1–3, but \(folder)/jobs/entropy-0.json's entropy, "
        + "seed 0 labels 10, 15, 20")
  }

  func testMalformedFilesNameTheFileAndField() throws {
    _ = try run(job("entropy()", 0))
    let path = folder + "/jobs/entropy-0.json"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let cases: [(String, String)] = [
      ("not json", "is not valid JSON: line 1, column 1: expected a value, found 'n'"),
      ("[1, 2]", "is not an llal results file: it holds an array, not an object"),
      (
        text.replacingOccurrences(of: "\"seed\": 0,", with: "\"seed\": \"x\","),
        "is malformed: records[0].seed must be a non-negative integer, found \"x\""
      ),
      (
        text.replacingOccurrences(of: "\"strategies\"", with: "\"names\""),
        "is malformed: the field \"strategies\" (a list of strings) is missing"
      ),
      (
        text.replacingOccurrences(of: "\"test_acc\"", with: "\"acc\""),
        "is malformed: records[0]: the field \"test_acc\" (or a task's metric and "
          + "\"test_loss\") is missing"
      ),
      (
        text.replacingOccurrences(of: "\"strategy\": \"entropy\"", with: "\"strategy\": \"x\""),
        "is malformed: records[0].strategy is \"x\", which \"strategies\" does not list"
      ),
    ]
    for (content, message) in cases {
      try content.write(toFile: path, atomically: true, encoding: .utf8)
      XCTAssertEqual(
        failure("r = results(dir + \"/jobs/entropy-0.json\")\n"),
        "1:13: results: \(path) \(message)")
    }
  }
}
