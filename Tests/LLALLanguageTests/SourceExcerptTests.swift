import LLALLanguage
import XCTest

/// The source line under a diagnostic: control characters escaped, long lines cut to a
/// window around the caret, the caret still under its position.
final class SourceExcerptTests: XCTestCase {
  /// The diagnostic for the first `bad` in `text` (or the three bytes at `offset`),
  /// rendered without colour.
  private func render(_ text: String, at offset: Int? = nil) -> String {
    let file = SourceFile(name: "t", text: text)
    let start =
      offset
      ?? text.utf8.distance(
        from: text.startIndex, to: text.range(of: "bad")?.lowerBound ?? text.endIndex)
    return Diagnostic(.check, "m", file: file, range: SourceRange(start, start + 3))
      .description
  }

  func testControlCharactersAreEscapedAndTheCaretStaysUnderItsPosition() {
    XCTAssertEqual(
      render("x = \"\u{1B}[2J\u{0}\" + bad"),
      """
      t:1:15: error: m
      x = "\\u{1B}[2J\\u{0}" + bad
                             ^~~

      """)
    // Bidirectional overrides could make the line read differently from what it holds.
    XCTAssertEqual(
      render("s = \"\u{202E}abc\" + bad").split(separator: "\n")[1...2],
      ["s = \"\\u{202E}abc\" + bad", "                    ^~~"])
  }

  func testWideCharactersTakeTwoColumnsOfPadding() {
    XCTAssertEqual(render("精度 + bad").split(separator: "\n")[1...2], ["精度 + bad", "       ^~~"])
  }

  func testTheMessageFileNameAndNotesAreEscapedButKeepTheirNewlines() {
    let file = SourceFile(name: "a\u{1B}b", text: "x")
    let d = Diagnostic(
      .runtime, "bad \"\u{7}\"\nsecond line", file: file, range: SourceRange(0, 1),
      notes: ["in \u{1B}[31m"])
    XCTAssertEqual(
      d.description,
      "a\\u{1B}b:1:1: error: bad \"\\u{7}\"\nsecond line\nx\n^\n  in \\u{1B}[31m\n")
  }

  func testAHugeLineIsShownAsAWindowAroundTheCaret() {
    let filler = String(repeating: "x", count: 5_000_000)
    let rendered = render("a = " + filler + " + bad", at: 4 + filler.utf8.count + 3)
    XCTAssertEqual(
      rendered,
      "t:1:\(4 + filler.count + 4): error: m\n" + "…" + String(repeating: "x", count: 57)
        + " + bad\n" + String(repeating: " ", count: 61) + "^~~\n")

    let early = render("y = bad + " + String(repeating: "x", count: 10_000), at: 4)
      .split(separator: "\n")
    XCTAssertEqual(early[1], "y = bad + " + String(repeating: "x", count: 54) + "…")
    XCTAssertEqual(early[2], "    ^~~")
  }

  func testALineOfUpTo160ColumnsIsShownWhole() {
    let line = "q = " + String(repeating: "v", count: 150) + " + bad"
    XCTAssertEqual(line.count, 160)
    let lines = render(line).split(separator: "\n")
    XCTAssertEqual(lines[1], Substring(line))
    XCTAssertEqual(lines[2], Substring(String(repeating: " ", count: 157) + "^~~"))
  }

  func testAnUnderlineStopsAtTheWindowsEdge() {
    let text = "z = " + String(repeating: "w", count: 200)
    let file = SourceFile(name: "t", text: text)
    let lines = Diagnostic(.check, "m", file: file, range: SourceRange(4, text.utf8.count))
      .description.split(separator: "\n")
    XCTAssertEqual(lines[1], "z = " + String(repeating: "w", count: 60) + "…")
    XCTAssertEqual(lines[2], "    ^" + String(repeating: "~", count: 59))
  }
}
