import LLALDomain
import LLALLanguage
import XCTest

final class CellTests: XCTestCase {
  private let notebook = """
    import_like = 1
    # %% Setup
    x = 1
    # %% [markdown]
    # # Heading
    #
    # Some *prose*.
    # %% Explained [markdown]
    # text
    # %%
    x + 1
    """

  func testSplittingThePercentFormat() {
    let file = SourceFile(name: "n.llal", text: notebook)
    let cells = CellSplitter.split(file)
    XCTAssertEqual(cells.map(\.kind), [.code, .code, .markdown, .markdown, .code])
    XCTAssertEqual(cells.map(\.title), [nil, "Setup", nil, "Explained", nil])
    XCTAssertEqual(cells.map(\.index), [0, 1, 2, 3, 4])
    XCTAssertNil(cells[0].header)
    XCTAssertEqual(cells[0].text(in: file), "import_like = 1\n")
    XCTAssertEqual(cells[1].text(in: file), "x = 1\n")
    XCTAssertEqual(cells[2].markdown(in: file), "# Heading\n\nSome *prose*.")
    XCTAssertEqual(cells[4].text(in: file), "x + 1")
    XCTAssertTrue(CellSplitter.hasMarkers(file))
  }

  func testBlankTextBeforeTheFirstMarkerIsNoCell() {
    let file = SourceFile(name: "n", text: "\n\n# %% Only\nprint(1)\n")
    XCTAssertEqual(CellSplitter.split(file).map(\.title), ["Only"])
  }

  func testAFileWithoutMarkersIsOneCodeCell() {
    let file = SourceFile(name: "n", text: "a = 1\nb = 2\n")
    let cells = CellSplitter.split(file)
    XCTAssertEqual(cells.count, 1)
    XCTAssertEqual(cells[0].text(in: file), file.text)
    XCTAssertFalse(CellSplitter.hasMarkers(file))
  }

  func testAMarkerMustStartTheLine() {
    let file = SourceFile(name: "n", text: "x = 1  # %% not a cell\n  # %% nor this\n")
    XCTAssertEqual(CellSplitter.split(file).count, 1)
  }

  func testRunningPrintsTitlesAndValues() throws {
    let buffer = OutputBuffer()
    let runner = ScriptRunner(interpreter: Interpreter(output: buffer, libraries: [DomainLibrary.self]))
    try runner.run(SourceFile(name: "n.llal", text: notebook))
    XCTAssertEqual(buffer.text, "=== cell 1 ===\n=== Setup ===\n=== cell 5 ===\n2\n")
  }

  func testQuietPrintsOnlyPrintOutput() throws {
    let buffer = OutputBuffer()
    let runner = ScriptRunner(interpreter: Interpreter(output: buffer, libraries: [DomainLibrary.self]), quiet: true)
    try runner.run(SourceFile(name: "n", text: "# %% A\nprint(\"p\")\n# %% B\n1 + 1\n"))
    XCTAssertEqual(buffer.text, "p\n")
  }

  func testDiagnosticsUseLinesOfTheWholeFile() {
    let runner = ScriptRunner(interpreter: Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self]))
    let file = SourceFile(name: "n", text: "# %% A\nx = 1\n# %% B\ny = (\n# %% C\nz = ]\n")
    XCTAssertThrowsError(try runner.check(file)) {
      let d = ($0 as? LanguageError)?.diagnostics ?? []
      XCTAssertEqual(d.map { $0.location?.line }, [4, 6])
    }
  }
}
