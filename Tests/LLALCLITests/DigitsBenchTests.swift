import Foundation
import XCTest

/// `llal bench al-digits`: a tiny run on the bundled digits prints the peer's JSON lines
/// (`al_digits.py`'s fields, in its order), one per strategy and cycle, then the
/// summaries and the total.
final class DigitsBenchTests: CLITestCase {
  func testATinyRunPrintsThePeersLines() throws {
    let result = try llal(
      "bench", "al-digits", "--threads", "1", "--seeds", "0", "--cycles", "2", "--epochs",
      "1", "--initial", "20", "--budget", "10", "--strategies", "random,learning_loss")
    XCTAssertEqual(result.status, 0, result.errors)
    let lines = try jsonLines(result.output)
    let meta = try XCTUnwrap(lines.first)
    XCTAssertEqual(meta["pool"] as? Int, 1438)
    XCTAssertEqual(meta["test"] as? Int, 359)
    let config = try XCTUnwrap(meta["config"] as? [String: Any])
    XCTAssertEqual(config["lr"] as? Double, 0.1)
    XCTAssertEqual(config["wd"] as? Double, 0.0005)
    XCTAssertEqual(config["epochs"] as? Int, 1)

    let cycles = lines.filter { $0["bench"] as? String == "al_digits" && $0["cycle"] != nil }
    XCTAssertEqual(
      cycles.map { "\($0["strategy"] ?? "-") \($0["cycle"] ?? "-") \($0["labeled"] ?? "-")" },
      ["random 1 20", "random 2 30", "learning_loss 1 20", "learning_loss 2 30"])
    let printed = result.output.split(separator: "\n").map(String.init)
    XCTAssertEqual(
      keys(of: printed[1]),
      [
        "bench", "strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss",
        "entropy_rank_acc", "margin_rank_acc", "lc_rank_acc", "entropy_kendall_tau", "cycle_s",
        "train_s",
      ])
    for row in cycles {
      XCTAssertTrue((0...1).contains(try XCTUnwrap(row["test_acc"] as? Double)), "\(row)")
      // Only the learning-loss strategy trains a module whose ranking is measured.
      XCTAssertEqual(row["lpm_rank_acc"] != nil, row["strategy"] as? String == "learning_loss")
    }
    let summaries = lines.filter { $0["bench"] as? String == "al_digits_summary" }
    XCTAssertEqual(summaries.map { $0["strategy"] as? String }, ["random", "learning_loss"])
    XCTAssertEqual(summaries.map { $0["labeled"] as? [Int] }, [[20, 30], [20, 30]])
    XCTAssertEqual(lines.last?["bench"] as? String, "al_digits_total")
  }
}
