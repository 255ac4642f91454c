import LLALDomain
import LLALJSON
import LLALLanguage
import LLALNotebook
import XCTest

/// Jupyter notebooks in and out, and the percent format both ways.
final class IpynbTests: XCTestCase {
  private let percent = """
    # %% [markdown]
    # # A notebook
    #
    # Prose with `code` and a list:
    # - one

    # %% Setup
    x = tensor([1.0, 2.0])
    # a comment inside code

    # %%
    print(x.sum())

    # %% Notes [markdown]
    # Closing words.

    """

  func testPercentFormatRoundTripsThroughIpynbByteForByte() throws {
    let document = PercentFormat.document(of: SourceFile(name: "n.llal", text: percent))
    XCTAssertEqual(
      document.cells.map(\.content),
      [
        .prose("# A notebook\n\nProse with `code` and a list:\n- one"),
        .code("x = tensor([1.0, 2.0])\n# a comment inside code"), .code("print(x.sum())"),
        .prose("Closing words."),
      ])
    XCTAssertEqual(document.cells.map(\.title), [nil, "Setup", nil, "Notes"])
    let ipynb = IpynbWriter.render(document)
    let back = try IpynbReader.read(ipynb, file: "n.ipynb")
    XCTAssertEqual(back.cells.map(\.content), document.cells.map(\.content))
    XCTAssertEqual(back.cells.map(\.title), document.cells.map(\.title))
    XCTAssertEqual(PercentFormat.text(of: back), percent)
  }

  func testIpynbRoundTripsThroughPercentFormat() throws {
    let notebook = """
      {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Title\\n", "\\n", "Some *prose*."]},
        {"cell_type": "code", "metadata": {"title": "First"}, "execution_count": 3,
         "outputs": [], "source": "a = 1\\nb = a + 1"},
        {"cell_type": "raw", "metadata": {}, "source": "raw text"}
      ], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}
      """
    let document = try IpynbReader.read(notebook, file: "in.ipynb")
    let text = PercentFormat.text(of: document)
    XCTAssertEqual(
      text,
      "# %% [markdown]\n# # Title\n#\n# Some *prose*.\n\n# %% First\na = 1\nb = a + 1\n\n"
        + "# %% [markdown]\n# raw text\n")
    let again = PercentFormat.document(of: SourceFile(name: "in.llal", text: text))
    XCTAssertEqual(again.cells.map(\.content), document.cells.map(\.content))
    XCTAssertEqual(again.cells.map(\.title), document.cells.map(\.title))
  }

  func testARunNotebookKeepsItsOutputs() throws {
    let source = """
      # %% [markdown]
      # # Outputs

      # %% Printing
      print("hello")
      1 + 1

      # %% A chart
      plot({a: [1.0, 2.0]})

      # %% An error
      nope + 1

      """
    let runner = NotebookRunner(interpreter: Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self]))
    let document = runner.run(SourceFile(name: "o.llal", text: source))
    let json = try JSON.parse(IpynbWriter.render(document))
    XCTAssertEqual(json["nbformat"], 4)
    XCTAssertEqual(json["nbformat_minor"], 5)
    XCTAssertEqual(json["metadata"]?["kernelspec"]?["name"], "llal")
    XCTAssertEqual(json["metadata"]?["language_info"]?["file_extension"], ".llal")
    let cells = json["cells"]?.array ?? []
    XCTAssertEqual(cells.map { $0["cell_type"] }, ["markdown", "code", "code", "code"])
    XCTAssertEqual(cells.map { $0["id"] }, ["cell-1", "cell-2", "cell-3", "cell-4"])
    XCTAssertEqual(cells[1]["metadata"], ["title": "Printing"])
    XCTAssertEqual(cells[1]["source"], ["print(\"hello\")\n", "1 + 1"])
    XCTAssertEqual(cells.dropFirst().map { $0["execution_count"] }, [1, 2, 3])

    let printed = cells[1]["outputs"]?.array ?? []
    XCTAssertEqual(printed.first, ["output_type": "stream", "name": "stdout", "text": ["hello\n"]])
    XCTAssertEqual(
      printed.last,
      [
        "output_type": "execute_result", "execution_count": 1, "data": ["text/plain": ["2"]],
        "metadata": [:],
      ])
    let chart = cells[2]["outputs"]?.array?.first?["data"]?.object ?? [:]
    XCTAssertEqual(Set(chart.keys), ["text/plain", "image/svg+xml"])
    let error = cells[3]["outputs"]?.array?.first
    XCTAssertEqual(error?["output_type"], "error")
    XCTAssertEqual(error?["ename"], "CheckError")
    XCTAssertEqual(error?["evalue"], "unknown name 'nope'")
    XCTAssertEqual(error?["traceback"]?.array?.first, "o.llal:12:1: error: unknown name 'nope'")
  }

  func testAnUnrunCellHasNoCount() throws {
    let document = NotebookDocument(
      title: "t", cells: [NotebookCell(content: .code("1"), status: .notRun)])
    let json = try JSON.parse(IpynbWriter.render(document))
    XCTAssertEqual(json["cells"]?.array?.first?["execution_count"], .null)
  }

  func testMalformedNotebooksNameTheField() {
    func problem(_ text: String) -> String {
      do {
        _ = try IpynbReader.read(text, file: "bad.ipynb")
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    func notebook(cells: String, format: String = "4") -> String {
      "{\"nbformat\": \(format), \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": \(cells)}"
    }
    XCTAssertEqual(
      problem("{\"cells\": ["),
      "bad.ipynb: not a Jupyter notebook: the JSON is broken at line 1, column 12: expected a value, found the end of the text"
    )
    XCTAssertEqual(
      problem("[1]"), "bad.ipynb: not a Jupyter notebook: it holds an array, not an object")
    XCTAssertEqual(
      problem("{\"cells\": []}"),
      "bad.ipynb: nbformat: missing: a Jupyter notebook says its format version")
    XCTAssertEqual(
      problem(notebook(cells: "[]", format: "3")),
      "bad.ipynb: nbformat: must be 4 (llal reads nbformat 4), found 3")
    XCTAssertEqual(problem("{\"nbformat\": 4}"), "bad.ipynb: cells: missing")
    XCTAssertEqual(
      problem(notebook(cells: "{}")), "bad.ipynb: cells: must be an array, found an object")
    XCTAssertEqual(
      problem(notebook(cells: "[7]")), "bad.ipynb: cells[0]: must be an object, found a number")
    XCTAssertEqual(
      problem(notebook(cells: "[{\"source\": \"\"}]")), "bad.ipynb: cells[0].cell_type: missing")
    XCTAssertEqual(
      problem(notebook(cells: "[{\"cell_type\": \"heading\", \"source\": \"\"}]")),
      "bad.ipynb: cells[0].cell_type: must be \"code\", \"markdown\" or \"raw\", found \"heading\"")
    XCTAssertEqual(
      problem(notebook(cells: "[{\"cell_type\": \"code\"}]")), "bad.ipynb: cells[0].source: missing"
    )
    XCTAssertEqual(
      problem(notebook(cells: "[{\"cell_type\": \"code\", \"source\": 5}]")),
      "bad.ipynb: cells[0].source: must be a string or a list of strings, found a number")
    XCTAssertEqual(
      problem(
        notebook(
          cells:
            "[{\"cell_type\": \"code\", \"source\": \"a\"}, {\"cell_type\": \"code\", \"source\": [\"x\", null]}]"
        )),
      "bad.ipynb: cells[1].source[1]: must be a string, found null")
    XCTAssertEqual(
      problem(notebook(cells: "[{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": []}]")),
      "bad.ipynb: cells[0].metadata: must be an object, found an array")
    XCTAssertEqual(
      problem(
        notebook(
          cells: "[{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": {\"title\": 1}}]")),
      "bad.ipynb: cells[0].metadata.title: must be a string, found a number")
  }
}
