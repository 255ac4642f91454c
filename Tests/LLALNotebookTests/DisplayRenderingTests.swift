import LLALDomain
import LLALLanguage
import LLALRender
import TestSupport
import XCTest

@testable import LLALNotebook

/// The language's chart and table built-ins (`plot`, `scatter`, `table`, `sparkline`) as
/// the REPL and notebook pages render them: text at a given width, SVG, HTML, Markdown.
final class DisplayRenderingTests: XCTestCase {
  private let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])

  private func value(_ source: String) throws -> Value {
    try XCTUnwrap(try interpreter.evaluate(source, name: "test"))
  }

  private func text(_ source: String, width: Int = 60) throws -> String {
    Rendering(of: try value(source), interpreter: interpreter, options: .init(width: width)).text
  }

  private func errorMessage(_ source: String) -> String {
    do {
      _ = try interpreter.evaluate(source, name: "test")
      return "no error"
    } catch let error as LanguageError {
      return error.diagnostics.first?.message ?? ""
    } catch {
      return "\(error)"
    }
  }

  func testPlotOfAListIsALineChartAsWideAsAsked() throws {
    let chart = try text("plot([1, 3, 2, 5, 4], title: \"Loss\", xlabel: \"epoch\")", width: 50)
    assertSnapshot(chart)
    XCTAssertLessThanOrEqual(
      chart.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0, 50)
  }

  func testPlotOfARecordDrawsOneNamedSeriesPerField() throws {
    let source = """
      plot({random: [0.52, 0.61, 0.66, 0.70], entropy: [0.52, 0.63, 0.70, 0.75]},
           x: [1, 2, 3, 4], title: "Accuracy per cycle", xlabel: "cycle", ylabel: "accuracy")
      """
    assertSnapshot(try text(source))
    guard case .host(let h) = try value(source), let chart = h as? ChartValue else {
      return XCTFail("not a chart")
    }
    XCTAssertEqual(chart.drawn.series.map(\.name), ["random", "entropy"])
    XCTAssertEqual(chart.drawn.series[1].points.map(\.x), [1, 2, 3, 4])
    XCTAssertEqual(Rendering(of: .host(chart), interpreter: interpreter).svg, chart.drawn.svg())
  }

  func testScatterTakesPairsTensorsAndGroups() throws {
    let source = """
      scatter({labeled: [[0, 0], [1, 1], [2, 1.5]], queried: tensor([[3, 0.5], [0.5, 2]])},
              title: "Pool", xlabel: "f1", ylabel: "f2")
      """
    assertSnapshot(try text(source))
    // plot(..., kind: "scatter") takes the same points.
    XCTAssertEqual(
      try text("plot([[0, 0], [1, 2]], kind: \"scatter\")"),
      try text("scatter([[0, 0], [1, 2]])"))
  }

  func testPrintAndLlalRunShowA72ColumnChart() throws {
    let chart = try value("plot([1, 3, 2])")
    XCTAssertEqual(chart.description, try text("plot([1, 3, 2])", width: 72))
  }

  func testSparkline() throws {
    XCTAssertEqual(try value("sparkline([1, 2, 3, 4, 5, 6, 7, 8])").description, "\"▁▂▃▄▅▆▇█\"")
    XCTAssertEqual(try value("sparkline(tensor([0, 1, 0, 1]), width: 2)").description, "\"▄▄\"")
  }

  func testTableOfRecordsHasOneColumnPerField() throws {
    let source = """
      table([{cycle: 1, acc: 0.612, note: "initial"}, {cycle: 2, acc: 0.701}],
            title: "Accuracy", footer: "1 seed")
      """
    assertSnapshot(try text(source))
    let rendering = Rendering(of: try value(source), interpreter: interpreter)
    let html = try XCTUnwrap(rendering.html)
    XCTAssertTrue(html.hasPrefix("<table class=\"llal-table\">"))
    XCTAssertEqual(rendering.markdown?.contains("| cycle |   acc | note    |"), true)
  }

  func testTableOfColumnsListsAndTensors() throws {
    XCTAssertEqual(
      try text("table({a: [1, 2], b: [\"x\"]})"),
      """
      ┌───┬───┐
      │ a │ b │
      ├───┼───┤
      │ 1 │ x │
      │ 2 │   │
      └───┴───┘
      """)
    XCTAssertTrue(try text("table([[1, 2]], headers: [\"p\", \"q\"])").contains("│ p │ q │"))
    XCTAssertTrue(
      try text("table(tensor([[1, 2]]), headers: [\"p\", \"q\"])").contains("│ 1.0 │ 2.0 │"))
  }

  func testTableFallsBackToPlainRulesWhenTooWide() throws {
    let wide = try text("table([{name: \"a very long cell value here\", other: 1}])", width: 20)
    XCTAssertFalse(wide.contains("│"))
    XCTAssertTrue(wide.contains("-----"))
  }

  func testBadArgumentsNameTheParameter() {
    XCTAssertEqual(
      errorMessage("plot(\"x\")"),
      "argument 'data' of 'plot' must be results, a dataset, a list or vector of numbers or a "
        + "record of them, found string")
    XCTAssertEqual(
      errorMessage("plot({a: [1, 2]}, x: [1])"), "argument 'x' of 'plot' has 1 values but 'a' has 2"
    )
    XCTAssertEqual(
      errorMessage("plot({a: [1, \"b\"]})"),
      "argument 'data' of 'plot' must hold numbers, found a list holding string")
    XCTAssertEqual(
      errorMessage("plot([[1, 2]], x: [1], kind: \"scatter\")"),
      "argument 'x' of 'plot' is for line charts; the points of a scatter hold their x")
    XCTAssertEqual(
      errorMessage("scatter([[1, 2], [3]])"),
      "argument 'points' of 'scatter' must hold [x, y] pairs of numbers, found list")
    XCTAssertEqual(
      errorMessage("scatter(zeros([2, 3]))"),
      "argument 'points' of 'scatter' must be a tensor of shape [n, 2] or a list of [x, y] "
        + "pairs, found a tensor of shape [2, 3]")
    XCTAssertEqual(
      errorMessage("table([[1]])"),
      "argument 'headers' of 'table' must be given for a list of lists")
    XCTAssertEqual(
      errorMessage("table({a: [1]}, headers: [\"x\", \"y\"])"),
      "argument 'headers' of 'table' has 2 names for 1 columns")
    XCTAssertEqual(
      errorMessage("sparkline([1], width: 0)"),
      "argument 'width' of 'sparkline' must be at least 1, found 0")
    XCTAssertEqual(
      errorMessage("sparkline(\"abc\")"),
      "argument 'values' of 'sparkline' must be a list or vector of numbers, found string")
  }

  func testChartAndTableMembers() throws {
    XCTAssertEqual(try value("plot({a: [1], b: [2]}).series").description, "[\"a\", \"b\"]")
    XCTAssertEqual(try value("plot([1], title: \"T\").title").description, "\"T\"")
    XCTAssertEqual(try value("table([{x: 1}]).headers").description, "[\"x\"]")
    XCTAssertEqual(try value("plot([[0, 1]], kind: \"scatter\").kind").description, "\"scatter\"")
    XCTAssertEqual(try value("type(plot([1]))").description, "\"chart\"")
  }
}
