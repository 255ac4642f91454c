import TestSupport
import XCTest

@testable import LLALRender

final class SVGChartTests: XCTestCase {
  func testLineChartWithBand() {
    let svg = Fixtures.curves.svg()
    assertSnapshot(svg, pathExtension: "svg")
    assertWellFormedXML(svg)
    XCTAssertEqual(svg.components(separatedBy: "fill-opacity=\"0.2\"").count - 1, 2, "two bands")
    XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    XCTAssertTrue(svg.contains("width=\"640\" height=\"400\" viewBox=\"0 0 640 400\""))
    for text in ["Accuracy per cycle", "cycle", "accuracy", "random", "entropy", "learning loss"] {
      XCTAssertTrue(svg.contains(">\(text)</text>"), text)
    }
  }

  func testScatter() {
    let svg = Fixtures.clusters.svg(width: 480, height: 320)
    assertSnapshot(svg, pathExtension: "svg")
    assertWellFormedXML(svg)
    XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 65 + 2, "points + legend")
  }

  func testLineChartSkipsNonFinitePointsAndDotsLonePoints() {
    let chart = Chart(
      kind: .line, series: [Series(name: "", values: [1, 2, .nan, 3, .infinity, 4, 5])])
    let svg = chart.svg()
    assertWellFormedXML(svg)
    XCTAssertEqual(svg.components(separatedBy: "<path").count - 1, 2, "runs [1,2] and [4,5]")
    XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 1, "the lone 3")
    XCTAssertFalse(svg.contains("nan"))
    XCTAssertFalse(svg.contains("class=\"legend\""), "one unnamed series needs no legend")
  }

  func testEmptyChartIsStillAnSVG() {
    let svg = Chart(kind: .scatter, title: "Nothing", series: []).svg()
    assertWellFormedXML(svg)
    XCTAssertTrue(svg.contains(">no finite points to plot</text>"))
    assertWellFormedXML(Chart(kind: .line, series: [Series(name: "x", values: [.nan])]).svg())
  }

  func testTextIsEscaped() {
    let attack = "<script>alert(1)</script>"
    let chart = Chart(
      kind: .line, title: attack, xLabel: attack + "&", yLabel: "\"'" + attack,
      series: [Series(name: attack, values: [1, 2]), Series(name: "a\u{1}b", values: [2, 1])])
    for svg in [chart.svg(), Chart(kind: .scatter, title: attack, series: chart.series).svg()] {
      assertWellFormedXML(svg)
      XCTAssertFalse(svg.contains("<script"))
      XCTAssertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
  }

  func testExtremeValuesGiveFiniteCoordinates() {
    let chart = Chart(
      kind: .line,
      series: [
        Series(name: "", values: [-1e308, 1e308]),
        Series(name: "", values: [.leastNonzeroMagnitude, .leastNonzeroMagnitude]),
      ])
    let svg = chart.svg(width: 1, height: 1)
    assertWellFormedXML(svg)
    XCTAssertFalse(svg.contains("nan"))
    XCTAssertFalse(svg.contains("inf\""))
    XCTAssertTrue(svg.contains("width=\"160\" height=\"120\""), "sizes are clamped")
  }

  func testOutputIsDeterministic() {
    XCTAssertEqual(Fixtures.curves.svg(), Fixtures.curves.svg())
    XCTAssertEqual(Fixtures.clusters.svg(), Fixtures.clusters.svg())
  }
}
