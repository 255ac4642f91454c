import TestSupport
import XCTest

@testable import LLALRender

final class TableTests: XCTestCase {
  static let results = Table(
    title: "Accuracy (mean ± std over 3 seeds)",
    headers: ["cycle", "labeled", "random", "learning_loss", "note"],
    rows: [
      ["1", "1000", "0.612 ± 0.021", "0.618 ± 0.019", "initial set"],
      ["2", "2000", "0.701 ± 0.012", "0.742 ± 0.010", ""],
      ["10", "10000", "0.893 ± 0.004", "0.911 ± 0.003", "精度 best"],
    ],
    footer: "3 seeds, ResNet-18")

  func testBoxText() {
    assertSnapshot(Self.results.text())
  }

  func testPlainText() {
    assertSnapshot(Self.results.text(style: .plain))
  }

  func testMarkdown() {
    assertSnapshot(Self.results.markdown(), pathExtension: "md")
  }

  func testHTML() {
    let html = Self.results.html()
    assertSnapshot(html, pathExtension: "html")
    assertWellFormedXML(html)
  }

  func testNumbersAlignRightAndTextLeft() {
    XCTAssertEqual(Self.results.resolvedAlignments, [.right, .right, .right, .right, .left])
    let given = Table(headers: ["a", "b"], rows: [["1", "2"]], alignments: [.center])
    XCTAssertEqual(given.resolvedAlignments, [.center, .right])
    let placeholders = Table(headers: ["x"], rows: [["-"], ["3.5%"], [""], ["nan"]])
    XCTAssertEqual(placeholders.resolvedAlignments, [.right])
    XCTAssertEqual(Table(headers: ["x"], rows: [["-"]]).resolvedAlignments, [.left])
    XCTAssertTrue(Table.isNumber("-3e-4"))
    XCTAssertTrue(Table.isNumber(" 0.61 ± 0.02 "))
    XCTAssertFalse(Table.isNumber("v1"))
    XCTAssertFalse(Table.isNumber("%"))
  }

  func testWideCharactersKeepColumnsAligned() {
    let table = Table(
      headers: ["name", "n"], rows: [["精度", "1"], ["acc", "22"], ["e\u{301}", "3"]])
    let lines = table.text().split(separator: "\n").map(String.init)
    let widths = Set(lines.map(DisplayWidth.of))
    XCTAssertEqual(
      widths.count, 1, "every line has the same display width:\n\(lines.joined(separator: "\n"))")
    XCTAssertEqual(lines[3], "│ 精度 │  1 │")
  }

  func testRaggedRowsArePadded() {
    let table = Table(headers: ["a"], rows: [["1", "2", "3"], []])
    XCTAssertEqual(table.columnCount, 3)
    XCTAssertEqual(table.text(style: .plain), "a\n-  -  -\n1  2  3\n", "the empty row is blank")
    assertWellFormedXML(table.html())
  }

  func testEmptyTable() {
    let table = Table(title: "T", headers: [], rows: [], footer: "f")
    XCTAssertEqual(table.text(), "T\n(empty table)\nf")
    XCTAssertEqual(table.markdown(), "**T**\n\n*(empty table)*\n\nf")
    XCTAssertEqual(
      table.html(),
      "<table class=\"llal-table\">\n<caption>T</caption>\n<tfoot>\n<tr><td colspan=\"1\">f</td></tr>\n"
        + "</tfoot>\n</table>")
  }

  func testFooterLinesStayLines() {
    let table = Table(headers: ["a"], rows: [["1"]], footer: "first\nsecond <b>")
    XCTAssertEqual(table.text(style: .plain), "a\n-\n1\nfirst\nsecond <b>")
    XCTAssertEqual(table.markdown(), "|   a |\n| --: |\n|   1 |\n\nfirst\n\nsecond &lt;b&gt;")
    XCTAssertTrue(table.html().contains("<td colspan=\"1\">first<br/>second &lt;b&gt;</td>"))
    assertWellFormedXML(table.html())
  }

  func testMarkdownEscapesSpecialCharacters() {
    XCTAssertEqual(Table.markdownEscape("a|b"), "a\\|b")
    XCTAssertEqual(Table.markdownEscape("learning_loss"), "learning_loss")
    XCTAssertEqual(Table.markdownEscape("_x_"), "\\_x\\_")
    XCTAssertEqual(Table.markdownEscape("2*3 `c` [l]"), "2\\*3 \\`c\\` \\[l\\]")
    XCTAssertEqual(Table.markdownEscape("a<b> & c"), "a&lt;b&gt; &amp; c")
    XCTAssertEqual(Table.markdownEscape("line\nbreak"), "line break")
  }

  func testScriptNeverAppearsUnescaped() {
    let attack = "<script>alert(1)</script>"
    let table = Table(
      title: attack, headers: [attack, "n"], rows: [[attack, "1"]], footer: attack)
    let html = table.html()
    assertWellFormedXML(html)
    XCTAssertFalse(html.contains("<script"))
    XCTAssertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
    XCTAssertFalse(table.markdown().contains("<script"))
    XCTAssertTrue(table.markdown().contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
  }

  func testControlCharactersInCellsAreNeutralised() {
    let table = Table(headers: ["a"], rows: [["x\u{1B}[2Jy\tz"]])
    XCTAssertFalse(table.text().contains("\u{1B}"))
    XCTAssertTrue(table.text().contains("x\u{FFFD}[2Jy z"))
    assertWellFormedXML(table.html())
  }
}
