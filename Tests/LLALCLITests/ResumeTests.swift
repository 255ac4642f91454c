import Foundation
import TestSupport
import XCTest

/// `experiment(..., checkpoint:)` in `llal run`: a run killed with SIGKILL in the middle of
/// a cycle and run again resumes after the last saved cycle, and ends with the same
/// records, bit for bit, as a run that went straight through.
final class ResumeTests: CLITestCase {
  /// Two strategies, two seeds, four cycles of a few hundred training steps each; the
  /// checkpoint folder is the parameter `ck`.
  private let script = """
    model M(x: [2]) {
      return x |> linear(32) |> relu() |> linear(2)
    }
    d = blobs(count: 400, classes: 2, seed: 0)
    tr, te = d.split(test: 0.5, seed: 0)
    r = experiment(M, tr, te, [entropy()], budget: budget(initial: 40, step: 20, cycles: 4),
      optimizer: sgd(epochs: 60, batch: 4), seeds: 2, checkpoint: param("ck", "a"))
    r.save(param("out", "a.json"))

    """

  /// The cycle files of `folder` (`run/cycle-NNNN.json`) with their records' wall-clock
  /// fields removed, and the last weights of each run, by relative path.
  private func contents(of folder: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let root = path(folder)
    for run in try FileManager.default.contentsOfDirectory(atPath: root)
    where run != "manifest.json" && !run.contains(".llal-tmp-") {
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + run)
      where !name.contains(".llal-tmp-") {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: "\(root)/\(run)/\(name)"))
        guard name.hasSuffix(".json") else {
          out["\(run)/\(name)"] = data
          continue
        }
        var state = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var record = try XCTUnwrap(state["record"] as? [String: Any])
        record["trainSeconds"] = nil
        record["cycleSeconds"] = nil
        state["record"] = record
        out["\(run)/\(name)"] = try JSONSerialization.data(
          withJSONObject: state, options: [.sortedKeys])
      }
    }
    return out
  }

  /// The saved results without the timing columns.
  private func untimedResults(_ name: String) throws -> String {
    let text = try XCTUnwrap(contents(name))
    return text.replacingOccurrences(
      of: #""(cycle_s|train_s|wall_s|wall_s_per_seed)": [0-9.e+-]+"#, with: "", options: .regularExpression)
  }

  func testAKilledRunResumesToTheRecordsOfAStraightRun() throws {
    try write("r.llal", script)
    let straight = try llal(
      "run", "-q", "r.llal", "--set", "ck=a", "--set", "out=a.json")
    XCTAssertEqual(straight.status, 0, straight.errors)

    // Killed while the first run trains its third cycle (cycles 0 and 1 saved).
    let killed = try start(["run", "-q", "r.llal", "--set", "ck=b", "--set", "out=b.json"])
    let marker = path("b/entropy-seed-0/cycle-0001.json")
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: marker), Date() < deadline {
      usleep(2_000)
    }
    // Into cycle 2's training (a cycle trains for a few hundred milliseconds).
    usleep(100_000)
    killed.send(SIGKILL)
    let result = killed.finish()
    XCTAssertTrue(result.signalled, "the run ended before the kill: \(result.errors)")
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: path("b/entropy-seed-0/cycle-0003.json")),
      "the kill came after the run's last cycle")

    let resumed = try llal("run", "-q", "r.llal", "--set", "ck=b", "--set", "out=b.json")
    XCTAssertEqual(resumed.status, 0, resumed.errors)
    let skipped = resumed.output.split(separator: "\n").filter { $0.hasPrefix("checkpoint b:") }
    XCTAssertGreaterThanOrEqual(skipped.count, 1, resumed.output)
    XCTAssertTrue(
      skipped.first?.hasPrefix("checkpoint b: entropy, seed 0: skipped cycles 1–") ?? false,
      resumed.output)

    XCTAssertEqual(try contents(of: "b"), try contents(of: "a"))
    XCTAssertEqual(try untimedResults("b.json"), try untimedResults("a.json"))
  }

  func testAChangedScriptIsRefusedUnlessRestarted() throws {
    try write("r.llal", script)
    XCTAssertEqual(try llal("run", "-q", "r.llal").status, 0)
    try write("r.llal", script.replacingOccurrences(of: "cycles: 4", with: "cycles: 3"))
    let refused = try llal("run", "-q", "r.llal")
    XCTAssertEqual(refused.status, 70, refused.errors)
    XCTAssertTrue(
      refused.errors.contains(
        "argument 'checkpoint' of 'experiment' names a, a checkpoint of another experiment: "
          + "the budget changed; pass resume: \"restart\" to start over"), refused.errors)
    let restarted = try llal("run", "-q", "--restart", "r.llal")
    XCTAssertEqual(restarted.status, 0, restarted.errors)
    XCTAssertFalse(restarted.output.contains("skipped"), restarted.output)
    let again = try llal("run", "-q", "--resume", "r.llal")
    XCTAssertEqual(
      again.output,
      "checkpoint a: entropy, seed 0: skipped all 3 cycles, already done\n"
        + "checkpoint a: random, seed 0: skipped all 3 cycles, already done\n"
        + "checkpoint a: entropy, seed 1: skipped all 3 cycles, already done\n"
        + "checkpoint a: random, seed 1: skipped all 3 cycles, already done\n")
  }

  func testResumeAndRestartExcludeEachOther() throws {
    try write("r.llal", script)
    let result = try llal("run", "--resume", "--restart", "r.llal")
    assertExit(result, 64, errors: "llal: --resume and --restart exclude each other\n")
  }

  func testAKilledSessionResumesToTheCyclesOfAStraightRun() throws {
    try write(
      "s.llal",
      """
      model M(x: [2]) {
        return x |> linear(32) |> relu() |> linear(2)
      }
      d = blobs(count: 400, classes: 2, seed: 0)
      tr, te = d.split(test: 0.5, seed: 0)
      s = session(M, tr, strategy: entropy(), budget: budget(initial: 40, step: 20, cycles: 4),
        optimizer: sgd(epochs: 60, batch: 4), test: te, checkpoint: param("ck", "a"))
      done = s.run()

      """)
    let straight = try llal("run", "-q", "s.llal", "--set", "ck=a")
    XCTAssertEqual(straight.status, 0, straight.errors)

    let killed = try start(["run", "-q", "s.llal", "--set", "ck=b"])
    let marker = path("b/entropy-seed-0/cycle-0001.json")
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: marker), Date() < deadline {
      usleep(2_000)
    }
    usleep(100_000)
    killed.send(SIGKILL)
    XCTAssertTrue(killed.finish().signalled, "the session ended before the kill")
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: path("b/entropy-seed-0/cycle-0003.json")),
      "the kill came after the session's last cycle")

    let resumed = try llal("run", "-q", "s.llal", "--set", "ck=b")
    XCTAssertEqual(resumed.status, 0, resumed.errors)
    XCTAssertTrue(
      resumed.output.hasPrefix("checkpoint b: entropy, seed 0: skipped cycles 1–"),
      resumed.output)
    // Every cycle's state and weights, as the straight run saved them.
    XCTAssertEqual(try contents(of: "b"), try contents(of: "a"))
    XCTAssertEqual(try contents(of: "a").count, 8)
  }
}
