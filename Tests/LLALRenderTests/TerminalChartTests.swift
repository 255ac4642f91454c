import Foundation
import TestSupport
import XCTest

@testable import LLALRender

final class TerminalChartTests: XCTestCase {
  func testLineChartWithSeveralSeries() {
    assertSnapshot(Fixtures.curves.terminal(width: 64, height: 14))
  }

  func testLineChartWithMorePointsThanColumns() {
    assertSnapshot(Fixtures.waves.terminal(width: 50, height: 11))
  }

  func testLineChartWithOnePoint() {
    let chart = Chart(kind: .line, title: "One", series: [Series(name: "", values: [0.5])])
    let text = chart.terminal(width: 40, height: 5)
    assertSnapshot(text)
    XCTAssertTrue(text.contains("●"), "a lone point is drawn as a marker")
    XCTAssertTrue(text.contains("0.5"))
  }

  func testConstantSeries() {
    let chart = Chart(
      kind: .line, xLabel: "step", series: [Series(name: "flat", values: [3, 3, 3, 3])])
    let text = chart.terminal(width: 40, height: 7)
    assertSnapshot(text)
    let plotRows = text.split(separator: "\n").filter { $0.contains("─") && $0.contains("┤") }
    XCTAssertEqual(plotRows.count, 1, "a constant series is one level line")
  }

  func testNonFinitePointsBreakTheLine() {
    let chart = Chart(
      kind: .line, title: "Loss",
      series: [Series(name: "loss", values: [4, 3, .nan, 2, 1.5, .infinity, 1, 0.8, -.infinity])])
    let text = chart.terminal(width: 44, height: 8)
    assertSnapshot(text)
    XCTAssertFalse(text.contains("nan"))
    XCTAssertFalse(text.contains("inf"))
  }

  func testBrailleScatter() {
    let text = Fixtures.clusters.terminal(width: 60, height: 12)
    assertSnapshot(text)
    let braille = text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
    XCTAssertGreaterThan(braille.count, 10)
  }

  func testBrailleDotsLandInTheRightCells() {
    // Points at the four corners of the data range fill the corner cells' corner dots.
    let corners = Series(
      name: "", points: [(x: 0, y: 0), (x: 1, y: 0), (x: 0, y: 1), (x: 1, y: 1)])
    let text = Chart(kind: .scatter, series: [corners]).terminal(width: 20, height: 4)
    let rows = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }
    XCTAssertEqual(rows.count, 4)
    XCTAssertTrue(rows[0].contains("⠁"), "top-left dot (bit 0x01):\n\(text)")
    XCTAssertTrue(rows[0].hasSuffix("⠈"), "top-right dot (bit 0x08):\n\(text)")
    XCTAssertTrue(rows[3].contains("⡀"), "bottom-left dot (bit 0x40):\n\(text)")
    XCTAssertTrue(rows[3].hasSuffix("⢀"), "bottom-right dot (bit 0x80):\n\(text)")
  }

  func testValuesWhoseSpanOverflowsADoubleArePlacedByValue() {
    // 1e308 - -1e308 is inf in Double; 5 must still sit in the middle of the axis and
    // the line from 1e308 down to -1e308 must pass through the middle row half-way.
    let chart = Chart(kind: .line, series: [Series(name: "", values: [1e308, -1e308, 5])])
    let text = chart.terminal(width: 41, height: 9)
    assertSnapshot(text)
    let rows = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }
      .map(String.init)
    XCTAssertEqual(rows.count, 9)
    XCTAssertTrue(rows[0].hasPrefix(" 1e+308 ┤"), text)
    XCTAssertTrue(rows[8].hasPrefix("-1e+308 ┤"), text)
    XCTAssertTrue(rows[4].hasSuffix("─"), "the last point, 5, ends on the middle row:\n\(text)")
    XCTAssertEqual(Sparkline.render([1e308, -1e308, 5]), "█▁▅")
  }

  func testEmptyChartsGiveAMessage() {
    let none = Chart(kind: .line, title: "Nothing", series: [])
    XCTAssertEqual(none.terminal(), "Nothing: no finite points to plot")
    let nan = Chart(kind: .scatter, series: [Series(name: "a", values: [.nan, .infinity])])
    XCTAssertEqual(nan.terminal(), "chart: no finite points to plot")
  }

  func testLinesFitTheGivenWidth() {
    for width in [30, 50, 80, 120] {
      for chart in [Fixtures.curves, Fixtures.waves, Fixtures.clusters] {
        for line in chart.terminal(width: width, height: 10).split(separator: "\n") {
          XCTAssertLessThanOrEqual(
            DisplayWidth.of(String(line)), width, "\(chart.title) at \(width): \(line)")
        }
      }
    }
  }

  // Sizes below two plot rows and a four-cell plot are raised to those, so every tiny size
  // draws the same chart; values near ±Double.greatestFiniteMagnitude still get ticks.
  func testTinySizesAndExtremeValues() {
    let odd = Chart(
      kind: .line, title: String(repeating: "long title ", count: 20),
      series: [
        Series(name: "huge", values: [-1e308, 1e308, 0]),
        Series(name: "tiny", points: [(x: 1e-300, y: 1e-300), (x: 2e-300, y: 3e-300)]),
      ])
    let scatter = Chart(kind: .scatter, series: odd.series)
    let smallest = (
      line: odd.terminal(width: 0, height: 2), scatter: scatter.terminal(width: 0, height: 2)
    )
    for width in [0, 1, 5] {
      for height in [-1, 0, 1] {
        let size = "\(width)×\(height)"
        XCTAssertEqual(odd.terminal(width: width, height: height), smallest.line, size)
        XCTAssertEqual(scatter.terminal(width: width, height: height), smallest.scatter, size)
      }
    }
    assertSnapshot(smallest.line, named: "testTinySizesAndExtremeValuesLine")
    assertSnapshot(smallest.scatter, named: "testTinySizesAndExtremeValuesScatter")
  }

  func testColourIsOffByDefaultAndMarksEachSeries() {
    XCTAssertFalse(Fixtures.curves.terminal().contains("\u{1B}["))
    let coloured = Fixtures.curves.terminal(width: 64, height: 14, color: true)
    XCTAssertTrue(coloured.contains("\u{1B}[36m"))
    XCTAssertTrue(coloured.contains("\u{1B}[35m"))
    XCTAssertTrue(coloured.contains("\u{1B}[33m"))
    // Without the escapes, the coloured chart is the plain one.
    let stripped = coloured.replacingOccurrences(
      of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
    XCTAssertEqual(stripped, Fixtures.curves.terminal(width: 64, height: 14))
  }

  func testControlCharactersInLabelsAreNeutralised() {
    let chart = Chart(
      kind: .line, title: "a\u{1B}[31mb", xLabel: "x\ny",
      series: [Series(name: "s\u{7}", values: [1, 2])])
    let text = chart.terminal(width: 40, height: 4)
    XCTAssertFalse(text.contains("\u{1B}"))
    XCTAssertFalse(text.contains("\u{7}"))
    XCTAssertTrue(text.contains("x y"))
  }

  func testOutputIsDeterministic() {
    XCTAssertEqual(Fixtures.curves.terminal(), Fixtures.curves.terminal())
    XCTAssertEqual(Fixtures.clusters.terminal(), Fixtures.clusters.terminal())
  }

  func testSparkline() {
    XCTAssertEqual(Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8]), "▁▂▃▄▅▆▇█")
    XCTAssertEqual(Sparkline.render([2, 2, 2]), "▄▄▄")
    XCTAssertEqual(Sparkline.render([0, .nan, 1, .infinity]), "▁ █ ")
    XCTAssertEqual(Sparkline.render([]), "")
    XCTAssertEqual(Sparkline.render([.nan]), " ")
    XCTAssertEqual(Sparkline.render((0..<100).map(Double.init), width: 8), "▁▂▃▄▅▆▇█")
    XCTAssertEqual(Sparkline.render([1, 2], width: 8), "▁█")
    let curve = (0..<40).map { sin(Double($0) / 4) }
    assertSnapshot(Sparkline.render(curve) + "\n" + Sparkline.render(curve, width: 10))
  }
}

final class LineStyleTests: XCTestCase {
  // A five-strategy experiment (random, entropy, margin, least confidence, learning loss)
  // must draw five different lines without colour.
  func testSixSeriesGetSixDistinctStyles() {
    let styles = (0..<6).map { LineStyle.of(series: $0) }
    XCTAssertEqual(Set(styles.map(\.horizontal)).count, 6)
    XCTAssertEqual(Set(styles.map(\.vertical)).count, 6)
    XCTAssertEqual(LineStyle.of(series: 6).horizontal, styles[0].horizontal)
  }
}
