import Foundation
import LLALActive
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// `session(..., labels: "annotator", checkpoint:)`: the annotator's answers are saved with
/// the cycle whose query they answer; a rerun of the script replays each step, waits for
/// the answers again, checks they are the ones the checkpoint trained on, and ends with the
/// records of a run that went straight through.
final class AnnotatorCheckpointTests: XCTestCase {
  /// An annotator's session of 2-D blobs; `body` follows, with `ANSWERS` the answers file.
  private func script(_ folder: String?, _ body: String) -> String {
    let checkpoint = folder.map { ", checkpoint: \"\($0)\"" } ?? ""
    return """
      d = blobs(count: 60, classes: 3, dimensions: 2, spread: 1, seed: 4)
      model M(x: [2]) {
        return x |> linear(3)
      }
      b = budget(initial: 6, step: 4, cycles: 3)
      s = session(M, d, strategy: entropy(), budget: b, optimizer: sgd(epochs: 2, batch: 4), labels: "annotator", seed: 2\(checkpoint))
      \(body)

      """
  }

  /// One labeling round: the query saved, every pick answered with class `label`.
  private func answer(_ dir: String, label: Int) -> String {
    "q = s.query()\nq.save(\"\(dir)/ask.csv\")\n"
      + "write_csv(\"\(dir)/answers.csv\", map(read_csv(\"\(dir)/ask.csv\"), "
      + "fn (r) => {index: r.index, label: \(label)}))\ns.label(\"\(dir)/answers.csv\")\n"
  }

  func testARerunWaitsForTheSameAnswersAndEndsAsAStraightRun() throws {
    let dir = try temporaryDirectory().path
    let folder = dir + "/ck"
    let full = "s.step()\n" + answer(dir, label: 2) + "s.step()\n" + answer(dir, label: 1)
      + "s.step()\nprint(s.labeled)"
    let straight = try SessionScript.run(script(nil, full))
    XCTAssertEqual(straight.records.count, 3)
    XCTAssertEqual(straight.records.map(\.labeled), [6, 10, 14])

    // Stopped after the first step, before anyone answered.
    let first = try SessionScript.run(script(folder, "s.step()"))
    XCTAssertEqual(first.records, Array(straight.records.prefix(1)).map(Self.unchosen))
    // The rerun replays the step, takes the answers, trains the other two cycles.
    let resumed = try SessionScript.run(script(folder, full))
    XCTAssertEqual(
      resumed.output,
      "checkpoint \(folder): entropy, seed 2: skipped cycle 1 of 3, already done\n"
        + straight.output)
    XCTAssertEqual(resumed.records, straight.records)
    // Every cycle and its answers saved: the third run replays all of them.
    let again = try SessionScript.run(script(folder, full))
    XCTAssertEqual(again.records, straight.records)
    XCTAssertEqual(
      again.output.components(separatedBy: "skipped").count - 1, 3, again.output)
  }

  func testOtherAnswersThanTheSavedOnesAreRefusedAtTheStep() throws {
    let dir = try temporaryDirectory().path
    let folder = dir + "/ck"
    _ = try SessionScript.run(script(folder, "s.step()\n" + answer(dir, label: 2) + "s.step()"))
    let body = "s.step()\n" + answer(dir, label: 0) + "s.step()"
    do {
      _ = try SessionScript.run(script(folder, body))
      XCTFail("other answers were accepted")
    } catch let error as LanguageError {
      let d = error.diagnostics[0]
      let line = script(folder, body).split(separator: "\n").count
      XCTAssertEqual(d.location.map { "\($0.line):\($0.column)" }, "\(line):1")
      XCTAssertEqual(
        d.message,
        "checkpoint \(folder)/entropy-seed-2/cycle-0001.json: holds an annotator's answers "
          + "that differ from the ones given in this run; pass resume: \"restart\" to start "
          + "over")
    }
  }

  /// A record as the step left it, before the annotator's answers named the picks.
  private static func unchosen(_ r: CycleRecord) -> CycleRecord {
    var r = r
    r.chosen = []
    return r
  }
}
