import LLALRender
import TestSupport
import XCTest

/// Image grids: exact shaded text, per-image scaling, captions, and well-formed SVG.
final class ImageGridTests: XCTestCase {
  func testTextShadesEachImageBetweenItsOwnExtremes() {
    // 0, 0.25, 0.5, 0.75, 1 of the range map to the five shades; the second image is the
    // first scaled by 10 and looks the same.
    let ramp: [Double] = [0, 1, 2, 3, 4, 4]
    let grid = ImageGrid(
      title: "picks",
      images: [
        .init(width: 3, height: 2, pixels: ramp, caption: "#7 y=1"),
        .init(width: 3, height: 2, pixels: ramp.map { $0 * 10 }, caption: "#12345678"),
      ])
    XCTAssertEqual(
      grid.text(),
      """
      picks
        ░░▒▒    ░░▒▒
      ▓▓████  ▓▓████
      #7 y=1  #12345

      """)
  }

  func testRowsOfColumnsAndBlankConstantImages() {
    let one = ImageGrid.Image(width: 1, height: 1, pixels: [5], caption: "a")
    let grid = ImageGrid(images: [one, one, one], columns: 2)
    // A constant image has nothing to show; three images in rows of two.
    XCTAssertEqual(grid.text(), "\na   a\n\na\n")
  }

  func testSVGHasOneSquarePerNonBlankPixelAndEscapesCaptions() throws {
    let grid = ImageGrid(
      title: "a < b",
      images: [.init(width: 2, height: 2, pixels: [0, 1, 2, 3], caption: "<x>")])
    let svg = grid.svg(scale: 4)
    try assertWellFormedXML(svg)
    // The background square plus three pixels above the minimum.
    XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 4)
    XCTAssertTrue(svg.contains("fill=\"#000000\""), svg)  // the strongest pixel is black
    XCTAssertTrue(svg.contains("&lt;x&gt;") && svg.contains("a &lt; b"), svg)
  }
}
