import LLALDomain
import LLALLanguage
import XCTest

@testable import LLALNotebook

/// `plot` at the REPL and on notebook pages draws the domain's values too.
final class DomainChartTests: XCTestCase {
  func testPlotOfResultsAndDatasets() throws {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    _ = try interpreter.evaluate(
      """
      data = blobs(count: 60, classes: 2, seed: 1)
      train, test = data.split(test: 0.3, seed: 0)
      model M(x: [2]) {
        h = x |> linear(4) |> relu()
        return h |> linear(2)
      }
      r = experiment(
        M, train, test, [random(), entropy()], budget: budget(initial: 4, step: 4, cycles: 2),
        optimizer: sgd(epochs: 1, batch: 4))
      """, name: "setup")
    let curves = try XCTUnwrap(interpreter.evaluate("plot(r, title: \"curves\")", name: "a"))
    guard case .host(let chart as ChartValue) = curves else { return XCTFail("\(curves)") }
    XCTAssertEqual(chart.drawn.title, "curves")
    XCTAssertEqual(chart.drawn.series.map(\.name), ["random", "entropy"])

    let points = try XCTUnwrap(interpreter.evaluate("plot(train)", name: "b"))
    guard case .host(let scatter as ChartValue) = points else { return XCTFail("\(points)") }
    XCTAssertEqual(scatter.drawn.kind, .scatter)
    XCTAssertEqual(scatter.drawn.series.count, 2)

    XCTAssertThrowsError(try interpreter.evaluate("plot(digits())", name: "c")) { error in
      XCTAssertEqual(
        (error as? LanguageError)?.diagnostics.first?.message,
        "argument 'data' of 'plot' must be a dataset of 2-D points to plot, found samples "
          + "[1, 8, 8]")
    }
  }
}
