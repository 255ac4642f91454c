import LLALLanguage
import XCTest

final class BracketScannerTests: XCTestCase {
  private func scan(_ lines: [String]) -> BracketScanner {
    var s = BracketScanner()
    for line in lines { s.feed(line) }
    return s
  }

  func testBracketsOpenAndClose() {
    XCTAssertTrue(scan(["xs = [1,", "  (2 + {a: 3}"]).isOpen)
    XCTAssertEqual(scan(["xs = [1,", "  (2 + {a: 3}"]).depth, 2)
    XCTAssertFalse(scan(["xs = [1,", "  (2 + {a: 3})]"]).isOpen)
    XCTAssertFalse(scan(["x = 1 +"]).isOpen, "a trailing operator is for the parser")
  }

  func testStringsAndCommentsHideBrackets() {
    XCTAssertFalse(scan(["s = \"[(\"  # ]]"]).isOpen)
    XCTAssertTrue(scan(["s = \"a", "[ # still in the string"]).isOpen)
    XCTAssertTrue(scan(["s = \"a", "[ # still in the string"]).isInString)
    XCTAssertFalse(scan(["s = \"a \\\" [", "b\""]).isOpen, "an escaped quote does not end it")
    XCTAssertFalse(scan(["x = 1 # \"("]).isOpen, "a quote in a comment opens nothing")
  }

  func testAStrayClosingBracketIsLeftToTheParser() {
    let s = scan(["]", "[[["])
    XCTAssertTrue(s.hasStrayCloser)
    XCTAssertFalse(s.isOpen)
  }
}
