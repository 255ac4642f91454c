import LLALDomain
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALNotebook

final class NotebookPageTests: XCTestCase {
  /// A small notebook: prose, a print, a table, a chart, a failing cell, a cell after it.
  static let notebook = """
    # %% [markdown]
    # # Uncertainty on a toy pool
    # Scores for **three** samples, with `entropy` and a [link](https://example.com).
    #
    # - one
    # - two

    # %% Scores
    p = [0.9, 0.6, 0.5]
    print("samples:", len(p))
    table([{sample: 1, p: p[0]}, {sample: 2, p: p[1]}, {sample: 3, p: p[2]}], title: "Confidence")

    # %% Curve
    plot({loss: [2.0, 1.2, 0.9, 0.7]}, title: "Loss", xlabel: "epoch")

    # %% A failing cell
    print("before")
    x = undefined_name + 1

    # %% Still runs
    message = "<script>alert('x')</script> & more"
    print(message)
    message
    """

  private func run(_ text: String, stopAtFirstError: Bool = false) -> NotebookDocument {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    let runner = NotebookRunner(
      interpreter: interpreter, stopAtFirstError: stopAtFirstError,
      options: DisplayOptions(width: 60))
    return runner.run(SourceFile(name: "toy.llal", text: text))
  }

  func testRunnerCollectsOutputsAndKeepsGoingAfterAnError() throws {
    let document = run(Self.notebook)
    XCTAssertEqual(document.title, "Uncertainty on a toy pool")
    XCTAssertEqual(document.cells.count, 5)
    XCTAssertEqual(
      document.cells.map(\.title), [nil, "Scores", "Curve", "A failing cell", "Still runs"])
    XCTAssertEqual(document.cells[1].outputs.first, .printed("samples: 3\n"))
    guard case .value(let table) = document.cells[1].outputs.last else { return XCTFail() }
    XCTAssertNotNil(table.html)
    guard case .value(let chart) = document.cells[2].outputs.last else { return XCTFail() }
    XCTAssertNotNil(chart.svg)
    XCTAssertEqual(document.cells[3].status, .failed(.check))
    XCTAssertEqual(document.cells[4].status, .succeeded)
    XCTAssertEqual(document.firstFailure, .check)
  }

  func testRuntimeErrorKeepsWhatTheCellPrintedBeforeIt() {
    let document = run("# %%\nprint(\"a\")\nx = [1][3]\n# %%\nprint(\"b\")\n")
    XCTAssertEqual(document.cells[0].outputs.first, .printed("a\n"))
    guard case .error(let text) = document.cells[0].outputs.last else { return XCTFail() }
    XCTAssertTrue(text.hasPrefix("toy.llal:3:"), text)
    XCTAssertEqual(document.cells[0].status, .failed(.runtime))
    XCTAssertEqual(document.cells[1].outputs, [.printed("b\n")])
  }

  func testStopAtFirstErrorLeavesTheRestUnrun() {
    let document = run(Self.notebook, stopAtFirstError: true)
    XCTAssertEqual(document.cells[3].status, .failed(.check))
    XCTAssertEqual(document.cells[4].status, .notRun)
    XCTAssertEqual(document.cells[4].outputs, [])
    XCTAssertTrue(HTMLPage.render(document).contains("Not run: an earlier cell failed."))
  }

  func testParseErrorsOfOneCellDoNotStopTheOthers() {
    let document = run("# %%\nx = (1 +\n# %%\ny = 2\ny\n")
    XCTAssertEqual(document.cells[0].status, .failed(.parse))
    XCTAssertEqual(document.cells[1].outputs, [.value(Rendering(text: "2"))])
  }

  func testHTMLPageSnapshotAndWellFormedness() {
    let html = HTMLPage.render(run(Self.notebook))
    assertSnapshot(html, pathExtension: "html")
    assertWellFormedXML(html)
  }

  func testProgramStringsAreEscapedInThePage() {
    let html = HTMLPage.render(run(Self.notebook))
    XCTAssertFalse(html.contains("<script"), "an unescaped <script> reached the page")
    XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
    XCTAssertFalse(html.lowercased().contains("javascript:"))
  }

  func testTitlesAndProseAreEscapedToo() {
    let document = run("# %% <b>bold</b>\n1\n# %% [markdown]\n# <img src=x onerror=alert(1)>\n")
    let html = HTMLPage.render(document)
    assertWellFormedXML(html)
    XCTAssertFalse(html.contains("<b>"))
    XCTAssertFalse(html.contains("<img"))
    XCTAssertTrue(html.contains("<title>toy.llal</title>"))
  }

  func testMarkdownSnapshot() {
    assertSnapshot(MarkdownPage.render(run(Self.notebook)), pathExtension: "md")
  }

  func testMarkdownFenceOutgrowsBackticksInTheCode() {
    XCTAssertEqual(
      MarkdownPage.fenced("s = \"```\"", language: "llal"), "````llal\ns = \"```\"\n````")
  }
}
