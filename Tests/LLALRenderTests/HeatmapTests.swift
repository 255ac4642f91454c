import TestSupport
import XCTest

@testable import LLALRender

final class HeatmapTests: XCTestCase {
  /// A penalty matrix of four strategies over 10 cycles, with column means under it.
  static let penalty: Heatmap = {
    let names = ["random", "entropy", "margin", "learning_loss"]
    let wins: [[Double]] = [[0, 0, 1, 0], [6, 0, 4, 1], [3, 0, 0, 0], [7, 2, 5, 0]]
    let rows = names.indices.map { i in
      Heatmap.Row(
        label: names[i], values: names.indices.map { j in i == j ? nil : wins[i][j] })
    }
    let means = names.indices.map { j in wins.reduce(0) { $0 + $1[j] } / 4 }
    return Heatmap(
      title: "Penalty matrix: cycles where the row beat the column", corner: "beats →",
      columns: names, rows: rows, summary: .init(label: "mean (lost)", values: means),
      scale: 0...10, footer: "paired t-test per cycle, α = 0.05, 5 seeds, 10 cycles")
  }()

  func testTable() {
    let table = Self.penalty.table()
    XCTAssertEqual(table.headers, ["beats →", "random", "entropy", "margin", "learning_loss"])
    XCTAssertEqual(table.rows[1], ["entropy", "6", "—", "4", "1"])
    XCTAssertEqual(table.rows[4], ["mean (lost)", "4", "0.5", "2.5", "0.25"])
    XCTAssertEqual(table.resolvedAlignments, [.left, .right, .right, .right, .right])
    assertSnapshot(table.text())
  }

  func testSVG() {
    let svg = Self.penalty.svg()
    assertSnapshot(svg, pathExtension: "svg")
    assertWellFormedXML(svg)
    XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"llal-heatmap\""))
    // 16 matrix cells and 4 summary cells, each with a tooltip; 8 legend steps.
    XCTAssertEqual(svg.components(separatedBy: "<title>").count - 1, 1 + 20)
    XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 1 + 20 + 8)
    XCTAssertTrue(svg.contains("<title>entropy, margin: 4</title>"))
    XCTAssertTrue(svg.contains("<title>random, random: —</title>"))
    for text in ["learning_loss", "mean (lost)", "0.25", "beats →", "10"] {
      XCTAssertTrue(svg.contains(">\(text)</text>"), text)
    }
    // The scale is 0…10: 7 sits at 0.7 (light, black ink), 1 at 0.1 (dark, white ink).
    XCTAssertTrue(
      svg.contains("fill=\"\(SVGHeatmapRenderer.color(0.7))\" stroke=\"#ffffff\"/>"), svg)
    XCTAssertTrue(svg.contains("fill=\"#000000\">7</text>"))
    XCTAssertTrue(svg.contains("fill=\"#ffffff\">1</text>"))
  }

  func testColorScale() {
    XCTAssertEqual(SVGHeatmapRenderer.color(0), "#440154")
    XCTAssertEqual(SVGHeatmapRenderer.color(0.5), "#21918c")
    XCTAssertEqual(SVGHeatmapRenderer.color(1), "#fde725")
    // Halfway between the anchors at ¾ (94, 201, 98) and 1 (253, 231, 37), rounded.
    XCTAssertEqual(SVGHeatmapRenderer.color(0.875), "#aed844")
    XCTAssertEqual(SVGHeatmapRenderer.color(-3), "#440154")
    XCTAssertEqual(SVGHeatmapRenderer.color(7), "#fde725")
    XCTAssertEqual(SVGHeatmapRenderer.color(.nan), "#440154")
  }

  func testResolvedScale() {
    XCTAssertEqual(Self.penalty.resolvedScale, 0...10)
    var map = Self.penalty
    map.scale = nil
    XCTAssertEqual(map.resolvedScale, 0...7, "from 0 to the largest value")
    map.scale = 3...3
    XCTAssertEqual(map.resolvedScale, 0...7, "an empty range is ignored")
    map.rows = [.init(label: "a", values: [-2, nil, .infinity])]
    map.summary = nil
    XCTAssertEqual(map.resolvedScale, -2...0)
    map.rows = [.init(label: "a", values: [5, 5])]
    XCTAssertEqual(map.resolvedScale, 0...5)
    map.rows = [.init(label: "a", values: [nil])]
    XCTAssertEqual(map.resolvedScale, 0...1, "nothing to scale: one unit")
    XCTAssertEqual(map.fraction(0.5), 0.5)
    XCTAssertEqual(map.fraction(9), 1)
  }

  func testCellText() {
    XCTAssertEqual(Heatmap.cellText(nil), "—")
    XCTAssertEqual(Heatmap.cellText(3), "3")
    XCTAssertEqual(Heatmap.cellText(2.0 / 3), "0.67")
    XCTAssertEqual(Heatmap.cellText(-0.001), "0")
    XCTAssertEqual(Heatmap.cellText(.infinity), "inf")
  }

  func testShortRowsAndEmptyMaps() {
    let ragged = Heatmap(columns: ["a", "b"], rows: [.init(label: "x", values: [1])])
    XCTAssertEqual(ragged.table().rows, [["x", "1", "—"]])
    let svg = ragged.svg(cellSize: 1)
    assertWellFormedXML(svg)
    XCTAssertTrue(svg.contains("width=\"24\" height=\"24\""), "cells are at least 24 px")
    XCTAssertTrue(svg.contains("<title>x, b: —</title>"))
    for empty in [
      Heatmap(title: "Nothing", columns: [], rows: []),
      Heatmap(columns: ["a"], rows: []),
    ] {
      let svg = empty.svg()
      assertWellFormedXML(svg)
      XCTAssertTrue(svg.contains(">nothing to show</text>"))
      XCTAssertFalse(svg.contains("class=\"cells\""))
    }
    let table = Heatmap(corner: "beats", columns: [], rows: []).table()
    XCTAssertEqual(table.headers, ["beats"])
    XCTAssertEqual(table.rows, [])
  }

  func testTextIsEscaped() {
    let attack = "<script>alert(\"x\")</script>&"
    let map = Heatmap(
      title: attack, corner: attack, columns: [attack, "b\u{1}"],
      rows: [.init(label: attack, values: [1, 2])], summary: .init(label: attack, values: [1]),
      footer: attack)
    let svg = map.svg()
    assertWellFormedXML(svg)
    XCTAssertFalse(svg.contains("<script"))
    XCTAssertTrue(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"))
  }

  func testOutputIsDeterministic() {
    XCTAssertEqual(Self.penalty.svg(), Self.penalty.svg())
  }
}
