import Foundation
import LLALLanguage
import XCTest

@testable import LLALREPL

/// Hostile and first-hour inputs at the REPL: deep and long values, words a newcomer
/// types to leave, large pastes, huge history entries, `:save` after `:load`.
final class REPLReliabilityTests: XCTestCase {
  func testADeeplyNestedListDisplaysAndIsForgottenWithoutOverflowingTheStack() {
    let run = REPLRun(["xs = []", "for i in 0..<100000 { xs = [xs] }", "xs", ":reset", "1"])
    let shown = String(repeating: "[", count: 100) + "[...]" + String(repeating: "]", count: 100)
    XCTAssertEqual(
      run.output,
      "Out[3]: \(shown)\nForgot every variable and input of this session.\nOut[4]: 1\n")
    XCTAssertEqual(run.errors, "")
  }

  func testLongListsWrapToTheTerminalWidth() {
    let run = REPLRun(["list(0..<30)", "[\"a\", \"b\"]"], options: REPL.Options(width: { 40 }))
    XCTAssertEqual(
      run.output,
      """
      Out[1]:
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
       12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
       22, 23, 24, 25, 26, 27, 28, 29]
      Out[2]: ["a", "b"]

      """)
  }
}
