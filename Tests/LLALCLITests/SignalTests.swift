import Foundation
import TestSupport
import XCTest

/// SIGINT and SIGTERM during `llal run` and `llal notebook`: the work stops at its next
/// safe point, one line says so, and the status is 128 + the signal (130, 143).
final class SignalTests: CLITestCase {
  private let loop = "print(\"ready\")\ni = 0\nwhile true {\n  i = i + 1\n}\n"

  /// Starts `arguments`, waits until the script printed `ready`, sends `signal`.
  private func interrupt(_ arguments: [String], with signal: Int32) throws -> CommandRun.Result {
    let run = try start(arguments)
    XCTAssertTrue(run.waitForOutput("ready"), "the script never got going")
    run.send(signal)
    return run.finish()
  }

  func testSIGINTStopsARunWith130() throws {
    try write("loop.llal", loop)
    let result = try interrupt(["run", "loop.llal"], with: SIGINT)
    assertExit(result, 130, errors: "llal: stopped by SIGINT at loop.llal:3:1\n")
    XCTAssertEqual(result.output, "ready\n")
  }

  func testSIGTERMStopsARunWith143() throws {
    try write("loop.llal", loop)
    let result = try interrupt(["run", "loop.llal"], with: SIGTERM)
    assertExit(result, 143, errors: "llal: stopped by SIGTERM at loop.llal:3:1\n")
  }

  func testASignalStopsTheWholeScriptNotJustTheCurrentLoop() throws {
    // The interrupt stays raised: the second loop does not start after the first stops.
    try write("two.llal", loop + "while true {\n  i = i - 1\n}\n")
    let result = try interrupt(["run", "two.llal"], with: SIGINT)
    assertExit(result, 130, errors: "llal: stopped by SIGINT at two.llal:3:1\n")
  }

  func testSIGINTStopsTrainingAtTheNextBatch() throws {
    // Unstopped, this experiment would train for many minutes.
    try write(
      "train.llal",
      """
      model M(x: [2]) {
        return x |> linear(64) |> relu() |> linear(2)
      }
      d = blobs(count: 2000, classes: 2, seed: 0)
      tr, te = d.split(test: 0.5, seed: 0)
      print("ready")
      r = experiment(M, tr, te, [random()], budget: budget(initial: 900, step: 10, cycles: 5),
        optimizer: sgd(epochs: 100000, batch: 2))

      """)
    let result = try interrupt(["run", "train.llal"], with: SIGINT)
    XCTAssertEqual(result.status, 130, result.errors)
    // A note saying where the (no) finished cycles are, then the line that it stopped.
    let lines = result.errors.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 2, result.errors)
    XCTAssertTrue(
      lines.first?.hasSuffix("its 0 finished cycles saved in train.partial.json") ?? false,
      result.errors)
    XCTAssertEqual(lines.last, "llal: stopped by SIGINT at train.llal:7:5")
    XCTAssertEqual(result.output, "ready\n")
  }

  func testSIGINTSavesTheFinishedCyclesOfAnExperiment() throws {
    // Cycle 0 trains 20 points, cycle 1 920: the score function prints `ready` at the
    // end of cycle 0's query (no safe point after it), so the signal stops cycle 1.
    try write(
      "keep.llal",
      """
      model M(x: [2]) {
        return x |> linear(64) |> relu() |> linear(2)
      }
      d = blobs(count: 2000, classes: 2, seed: 0)
      tr, te = d.split(test: 0.5, seed: 0)
      fn ready(p) {
        s = 1 - p.max(axis: 1)
        print("ready")
        return s
      }
      r = experiment(M, tr, te, [uncertainty(ready)], budget: budget(initial: 20, step: 900,
        cycles: 2), optimizer: sgd(epochs: 300, batch: 2), baseline: none)
      r.save("after.csv")

      """)
    let result = try interrupt(["run", "keep.llal"], with: SIGINT)
    XCTAssertEqual(result.status, 130, result.errors)
    let lines = result.errors.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 2, result.errors)
    XCTAssertTrue(
      lines.first?.hasPrefix("llal: note: experiment stopped by SIGINT in ") ?? false, result.errors)
    XCTAssertTrue(
      lines.first?.hasSuffix("; its 1 finished cycle saved in keep.partial.json") ?? false,
      result.errors)
    XCTAssertEqual(lines.last, "llal: stopped by SIGINT at keep.llal:11:5")
    let saved = try String(contentsOfFile: path("keep.partial.json"), encoding: .utf8)
    XCTAssertTrue(saved.contains("\"cancelled\": true"), saved)
    // Cycles count from 1 in the export: the first finished, the second did not.
    XCTAssertTrue(saved.contains("\"cycle\": 1"), saved)
    XCTAssertFalse(saved.contains("\"cycle\": 2"), saved)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: path("after.csv")),
      "the script stopped at the experiment")
  }

  func testSIGTERMStopsANotebookWith143AndWritesThePageSoFar() throws {
    // A notebook prints nothing until its page is written; its first cell reads a FIFO,
    // so the test knows the run has begun (and its handlers are installed) once the
    // FIFO opens.
    XCTAssertEqual(mkfifo(path("gate.csv"), 0o600), 0)
    try write(
      "nb.llal",
      "# %% Gate\nd = csv(\"gate.csv\")\n# %% Loop\n" + loop + "# %% Later\n1 + 1\n")
    let run = try start(["notebook", "nb.llal", "-o", "-"])
    let gate = try XCTUnwrap(FileHandle(forWritingAtPath: path("gate.csv")))
    try gate.write(contentsOf: Data("x,label\n1.5,0\n2.5,1\n".utf8))
    try gate.close()
    run.send(SIGTERM)
    let result = run.finish()
    assertExit(result, 143, errors: "llal: stopped by SIGTERM\n")
    XCTAssertTrue(result.output.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(result.output.contains("llal-not-run"), "the later cell is shown as not run")
  }

  func testSIGINTSavesTheFinishedCyclesOfANotebooksExperiment() throws {
    // As in `llal run`: cycle 0 trains 20 points, cycle 1 920. The score function reads
    // a FIFO at the end of cycle 0's query (no safe point after it), so once the test
    // has written the FIFO, the signal stops cycle 1.
    XCTAssertEqual(mkfifo(path("gate.csv"), 0o600), 0)
    try write(
      "nb.llal",
      """
      # %% Setup
      model M(x: [2]) {
        return x |> linear(64) |> relu() |> linear(2)
      }
      d = blobs(count: 2000, classes: 2, seed: 0)
      tr, te = d.split(test: 0.5, seed: 0)
      fn gated(p) {
        g = csv("gate.csv")
        return 1 - p.max(axis: 1)
      }
      # %% Experiment
      r = experiment(M, tr, te, [uncertainty(gated)], budget: budget(initial: 20, step: 900,
        cycles: 2), optimizer: sgd(epochs: 300, batch: 2), baseline: none)
      # %% Later
      r.save("after.csv")

      """)
    let run = try start(["notebook", "nb.llal", "-o", "-"])
    let gate = try XCTUnwrap(FileHandle(forWritingAtPath: path("gate.csv")))
    try gate.write(contentsOf: Data("x,label\n1.5,0\n2.5,1\n".utf8))
    try gate.close()
    run.send(SIGINT)
    let result = run.finish()
    XCTAssertEqual(result.status, 130, result.errors)
    let lines = result.errors.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 2, result.errors)
    XCTAssertTrue(
      lines.first?.hasPrefix("llal: note: experiment stopped by SIGINT in ") ?? false,
      result.errors)
    XCTAssertTrue(
      lines.first?.hasSuffix("; its 1 finished cycle saved in nb.partial.json") ?? false,
      result.errors)
    XCTAssertEqual(lines.last, "llal: stopped by SIGINT")
    let saved = try String(contentsOfFile: path("nb.partial.json"), encoding: .utf8)
    XCTAssertTrue(saved.contains("\"cancelled\": true"), saved)
    XCTAssertTrue(saved.contains("\"cycle\": 1"), saved)
    XCTAssertFalse(saved.contains("\"cycle\": 2"), saved)
    // The page is still written, the later cell shown as not run.
    XCTAssertTrue(result.output.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(result.output.contains("llal-not-run"), "the later cell is shown as not run")
    XCTAssertFalse(FileManager.default.fileExists(atPath: path("after.csv")))
  }
}
