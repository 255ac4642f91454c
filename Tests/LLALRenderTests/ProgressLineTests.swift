import LLALRender
import XCTest

/// The progress status line the domain's reporter draws on standard error.
final class ProgressLineTests: XCTestCase {
  private let status = ProgressStatus(
    stages: [.init("cycle", 3, of: 10), .init("epoch", 100, of: 200)],
    metrics: [.init("loss", 0.41234), .init("acc", 0.873)])

  func testFractionNestsStages() {
    // (3 - 1 + 100/200) / 10
    XCTAssertEqual(status.fraction, 0.25, accuracy: 1e-12)
    XCTAssertEqual(ProgressStatus(stages: [.init("epoch", 5, of: 5)]).fraction, 1)
    XCTAssertEqual(ProgressStatus(stages: []).fraction, 0)
  }

  func testLineShowsStagesBarMetricsAndTimeLeft() {
    // Exactly 80 cells with the shortest (10-cell) bar; a longer line leaves
    // less room: 90 cells give a 17-cell bar, 15 inside, a quarter of it 3¾ cells.
    XCTAssertEqual(
      status.line(width: 80, remaining: 83),
      "cycle 3/10 · epoch 100/200 ▕██      ▏  25% · loss 0.4123 · acc 0.873 · 1:23 left")
    XCTAssertEqual(
      status.line(width: 90, remaining: 3_725),
      "cycle 3/10 · epoch 100/200 ▕███▊           ▏  25% · loss 0.4123 · acc 0.873 · "
        + "1:02:05 left")
  }

  func testNarrowLinesDropMetricsFromTheEnd() {
    XCTAssertEqual(
      status.line(width: 60, remaining: 5),
      "cycle 3/10 · epoch 100/200 ▕███         ▏  25% · loss 0.4123")
    XCTAssertEqual(status.line(width: 50), "cycle 3/10 · epoch 100/200 ▕████            ▏  25%")
  }
}
