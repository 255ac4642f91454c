import Foundation
import LLALActive
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// `session(..., checkpoint:)`: a script that stepped a session two cycles and is run
/// again replays them from the folder and runs the third, ending with the records of a
/// run that went straight through, bit for bit except the wall-clock fields.
final class SessionCheckpointTests: XCTestCase {
  /// The session of the tests with `extra` arguments (`, checkpoint: "…"`), then `steps`.
  private func script(_ extra: String, _ steps: String, cycles: Int = 3) -> String {
    """
    model M(x: [2]) {
      h = x |> linear(8) |> relu()
      return h |> linear(2)
    }
    d = blobs(count: 120, classes: 2, seed: 0)
    tr, te = d.split(test: 0.25, seed: 0)
    ll = learning_loss(lossnet(taps: [M.h], width: 4))
    s = session(M, tr, strategy: ll, budget: budget(initial: 10, step: 5, cycles: \(cycles)), optimizer: adam(lr: 0.01, epochs: 3, batch: 4), seed: 1, test: te, init: "warm"\(extra))
    \(steps)

    """
  }

  /// The first diagnostic of running `source`: `line:col: message`.
  private func failure(_ source: String) -> String { DomainScript.failure(source) }

  func testAResumedSessionEndsWithTheRecordsOfAStraightRun() throws {
    let folder = try temporaryDirectory().appendingPathComponent("ck").path
    let checkpoint = ", checkpoint: \"\(folder)\""
    let straight = try SessionScript.run(script("", "a = s.step()\nb = s.step()\nc = s.step()"))
    XCTAssertEqual(straight.records.count, 3)

    let first = try SessionScript.run(script(checkpoint, "a = s.step()\nb = s.step()"))
    XCTAssertEqual(first.records, Array(straight.records.prefix(2)))
    XCTAssertFalse(first.output.contains("skipped"), first.output)
    // A session keeps every cycle's weights, so each saved cycle can be replayed.
    let run = folder + "/learning_loss-seed-1"
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: run).sorted(),
      ["cycle-0000.json", "cycle-0000.safetensors", "cycle-0001.json", "cycle-0001.safetensors"])

    let resumed = try SessionScript.run(
      script(checkpoint, "a = s.step()\nb = s.step()\nc = s.step()"))
    XCTAssertEqual(
      resumed.output,
      "checkpoint \(folder): learning_loss, seed 1: skipped cycle 1 of 3, already done\n"
        + "checkpoint \(folder): learning_loss, seed 1: skipped cycle 2 of 3, already done\n")
    XCTAssertEqual(resumed.records, straight.records)

    // Every cycle saved now: s.run() replays them all, and says so in one line.
    let again = try SessionScript.run(script(checkpoint, "all = s.run()"))
    XCTAssertEqual(
      again.output,
      "checkpoint \(folder): learning_loss, seed 1: skipped all 3 cycles, already done\n")
    XCTAssertEqual(again.records, straight.records)
  }

  func testAReplayedCycleLeavesTheSessionAsTheRunDid() throws {
    let folder = try temporaryDirectory().appendingPathComponent("ck").path
    let checkpoint = ", checkpoint: \"\(folder)\""
    let probe = "a = s.step()\np = s.pool()\nprint(p.predicted_loss.sum(), s.labeled)"
    let first = try SessionScript.run(script(checkpoint, probe))
    let replayed = try SessionScript.run(script(checkpoint, probe))
    XCTAssertEqual(
      replayed.output,
      "checkpoint \(folder): learning_loss, seed 1: skipped cycle 1 of 3, already done\n"
        + first.output)
  }

  func testAChangedSessionIsRefusedUnlessRestarted() throws {
    let folder = try temporaryDirectory().appendingPathComponent("ck").path
    _ = try SessionScript.run(script(", checkpoint: \"\(folder)\"", "a = s.step()"))
    XCTAssertEqual(
      failure(script(", checkpoint: \"\(folder)\"", "a = s.step()", cycles: 4)),
      "8:176: argument 'checkpoint' of 'session' names \(folder), a checkpoint of another "
        + "experiment: the budget changed; pass resume: \"restart\" to start over")
    let restarted = try SessionScript.run(
      script(", checkpoint: \"\(folder)\", resume: \"restart\"", "a = s.step()", cycles: 4))
    XCTAssertEqual(restarted.output, "")
    XCTAssertEqual(restarted.records.count, 1)
  }

  func testResumeNeedsACheckpoint() {
    XCTAssertEqual(
      failure(script(", resume: \"resume\"", "a = s.step()")),
      "8:172: argument 'resume' of 'session' needs a checkpoint: folder to resume or restart")
  }
}
