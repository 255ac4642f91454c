import LLALDomain
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALNotebook

/// A notebook of domain values — a model, an experiment's results, their curves — as
/// `llal notebook` writes it: HTML tables and inline SVG on the page, pipe tables and
/// text charts in Markdown.
final class DomainNotebookTests: XCTestCase {
  /// Three well-separated blobs, a two-layer model, two strategies over three cycles.
  /// NOTE: the accuracies are exact fractions of 27 test points, so the snapshots hold
  /// unless a prediction flips.
  static let notebook = """
    # %% [markdown]
    # # Active learning on blobs
    # Random against entropy, one seed.

    # %% Model
    data = blobs(count: 90, classes: 3, dimensions: 2, spread: 0.2, seed: 1)
    train, test = data.split(test: 0.3, seed: 0)
    model Net(x: [2]) {
      h = x |> linear(8) |> relu()
      return h |> linear(3)
    }
    Net

    # %% Results
    b = budget(initial: 6, step: 6, cycles: 3)
    r = experiment(
      Net, train, test, [random(), entropy()], budget: b,
      optimizer: sgd(lr: 0.1, epochs: 10, batch: 6))
    r

    # %% Curves
    plot(r, title: "<script>alert('curves')</script>")

    # %% Ranking
    r.ranking

    # %% Curves member
    r.curves
    """

  private func runNotebook() -> NotebookDocument {
    let runner = NotebookRunner(interpreter: Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self]))
    return runner.run(SourceFile(name: "blobs.llal", text: Self.notebook))
  }

  /// The value a cell showed.
  private func rendering(_ document: NotebookDocument, cell: Int) -> Rendering? {
    guard case .value(let r)? = document.cells[cell].outputs.last else { return nil }
    return r
  }

  func testModelsResultsAndChartsRenderAsTablesAndSVG() throws {
    let document = runNotebook()
    XCTAssertNil(document.firstFailure)
    let model = try XCTUnwrap(rendering(document, cell: 1))
    XCTAssertTrue(model.pageHTML.hasPrefix("<table class=\"llal-table\">"), model.pageHTML)
    XCTAssertTrue(model.pageHTML.contains("<caption>Net</caption>"), model.pageHTML)
    XCTAssertTrue(model.text.hasPrefix("Net\nnode"), model.text)
    let results = try XCTUnwrap(rendering(document, cell: 2))
    XCTAssertTrue(results.pageHTML.contains("<caption>Test accuracy</caption>"), results.pageHTML)
    XCTAssertEqual(results.markdown?.contains("| cycle | labeled | random | entropy |"), true)
    for cell in [3, 5] {
      let chart = try XCTUnwrap(rendering(document, cell: cell))
      XCTAssertTrue(chart.pageHTML.hasPrefix("<div class=\"llal-figure\"><svg"), chart.pageHTML)
    }
    let ranking = try XCTUnwrap(rendering(document, cell: 4))
    XCTAssertTrue(ranking.pageHTML.contains("<th>scores (run)</th>"), ranking.pageHTML)
    XCTAssertTrue(ranking.text.contains("│ entropy (random)  │ rank acc │"), ranking.text)
  }

  func testPageSnapshotIsWellFormedWithScriptsEscaped() throws {
    let document = runNotebook()
    // The ranking's numbers are sensitive to the engine's rounding: snapshot the rest.
    let page = HTMLPage.render(
      NotebookDocument(title: document.title, cells: Array(document.cells.prefix(4))))
    assertSnapshot(page, pathExtension: "html")
    assertWellFormedXML(page)
    XCTAssertFalse(page.contains("<script"), "an unescaped <script> reached the page")
    XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;curves&#39;)&lt;/script&gt;"))
    assertWellFormedXML(HTMLPage.render(document))
  }

  func testAnInterruptedExperimentKeepsItsCyclesAndStopsTheRun() {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    let runner = NotebookRunner(interpreter: interpreter)
    let model = Self.notebook.components(separatedBy: "# %% Results")[0]
    let setup = runner.run(SourceFile(name: "setup.llal", text: model))
    XCTAssertNil(setup.firstFailure)
    // Ctrl-C before the experiment's first cycle: what the SIGINT handler would do.
    Interpreter.requestInterrupt()
    let document = runner.run(
      SourceFile(
        name: "rest.llal",
        text: """
          # %% Results
          r = experiment(
            Net, train, test, [random()], budget: budget(initial: 6, step: 6, cycles: 2),
            optimizer: sgd(epochs: 1, batch: 6))
          [len(r.records), r.labeled]
          # %% After
          print("after")
          """))
    XCTAssertEqual(document.cells.map(\.status), [.failed(.interrupted), .notRun])
    XCTAssertEqual(
      document.cells[0].outputs,
      [
        .error(
          "note: experiment stopped by Ctrl-C in random seed 0, cycle 1 of 2, 0 of 1 epochs "
            + "done; its results keep the 0 finished cycles\n"),
        .value(Rendering(text: "[0, []]")),
      ])
    XCTAssertEqual(interpreter.takeStopNotes(), [])
  }

  func testMarkdownSnapshot() {
    let document = runNotebook()
    assertSnapshot(
      MarkdownPage.render(
        NotebookDocument(title: document.title, cells: Array(document.cells.prefix(4)))),
      pathExtension: "md")
  }
}
