import LLALRender
import TestSupport
import XCTest

/// Boxes on image grids: outlines in text (solid for ground truth, dashed for
/// predictions), their legend lines, colour, clipping at the border, and SVG rectangles.
final class ImageBoxesTests: XCTestCase {
  /// A 12×4 ramp image (0 at the left, stronger to the right), wide enough for the
  /// legend lines (cut to 24 cells).
  private func image(_ boxes: [ImageGrid.Box], caption: String = "#0") -> ImageGrid.Image {
    .init(
      width: 12, height: 4, pixels: (0..<48).map { Double($0 % 12) }, caption: caption,
      boxes: boxes)
  }

  private let square = ImageGrid.Box(x1: 1, y1: 1, x2: 4, y2: 3, label: "square", colour: 0)

  func testGroundTruthOutlinesThePixelsItCovers() {
    // Columns 1–3 and rows 1–2: the outline sits on those pixels' cells.
    XCTAssertEqual(
      ImageGrid(images: [image([square])]).text(),
      """
          ░░░░░░▒▒▒▒▓▓▓▓▓▓████
        ┌────┐░░▒▒▒▒▓▓▓▓▓▓████
        └────┘░░▒▒▒▒▓▓▓▓▓▓████
          ░░░░░░▒▒▒▒▓▓▓▓▓▓████
      #0
      ┌ square (1, 1)–(4, 3)

      """)
  }

  func testBoxesOnTheBorderPredictionsAndClipping() {
    // A box covering the whole image, a one-pixel box in the corner, a box outside (not
    // drawn, but listed), and a prediction
    // reaching past the right and bottom edges (clipped to the image) with fractional
    // corners (the pixels they touch).
    let whole = ImageGrid.Box(x1: 0, y1: 0, x2: 12, y2: 4, label: "disk", colour: 1)
    let dot = ImageGrid.Box(x1: 11, y1: 3, x2: 12, y2: 4, label: "plus", colour: 2)
    let guess = ImageGrid.Box(
      x1: 2.5, y1: 1.2, x2: 19, y2: 7.25, label: "plus 0.87", colour: 2, predicted: true)
    let outside = ImageGrid.Box(x1: 13, y1: 0, x2: 15, y2: 2, label: "far", colour: 0)
    assertSnapshot(
      ImageGrid(images: [image([guess, whole, dot, outside], caption: "#3 border")]).text())
  }

  func testEmptyImagesAndLegendsOfDifferentLengths() {
    // Image 1 has no boxes: its column of the legend stays blank. Image 2 is blank
    // (constant): only its box shows.
    let blank = ImageGrid.Image(
      width: 5, height: 3, pixels: [Double](repeating: 2, count: 15), caption: "#4",
      boxes: [ImageGrid.Box(x1: 0, y1: 0, x2: 5, y2: 3, label: "a", colour: 3)])
    let grid = ImageGrid(
      title: "picks", images: [image([square, square]), image([], caption: "#9"), blank])
    assertSnapshot(grid.text())
  }

  func testColourPaintsOutlinesAndLegends() {
    let text = ImageGrid(images: [image([square])]).text(color: true)
    // Cyan (palette entry 0) around the outline's runs and the legend line.
    XCTAssertTrue(text.contains("  \u{1B}[36m┌────┐\u{1B}[0m░░▒▒"), text)
    XCTAssertTrue(text.contains("\u{1B}[36m┌ square (1, 1)–(4, 3)\u{1B}[0m"), text)
    XCTAssertFalse(ImageGrid(images: [image([square])]).text().contains("\u{1B}"))
  }

  func testSVGDrawsRectanglesAtTheExactCorners() throws {
    let guess = ImageGrid.Box(
      x1: 2.5, y1: -1, x2: 19, y2: 3.25, label: "a<b 0.87", colour: 2, predicted: true)
    let svg = ImageGrid(images: [image([square, guess]), image([])]).svg(scale: 4)
    try assertWellFormedXML(svg)
    assertSnapshot(svg, pathExtension: "svg")
    // The square at 4 units a pixel, solid, in the first palette colour.
    XCTAssertTrue(
      svg.contains(
        "<rect x=\"4\" y=\"4\" width=\"12\" height=\"8\" fill=\"none\" stroke=\"#1f77b4\" "
          + "stroke-width=\"1.5\"/>"), svg)
    // The prediction clipped to the image (x 10–48, y 0–13), dashed, its label escaped.
    XCTAssertTrue(
      svg.contains(
        "<rect x=\"10\" y=\"0\" width=\"38\" height=\"13\" fill=\"none\" stroke=\"#2ca02c\" "
          + "stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>"), svg)
    XCTAssertTrue(svg.contains(">a&lt;b 0.87</text>"), svg)
  }
}
