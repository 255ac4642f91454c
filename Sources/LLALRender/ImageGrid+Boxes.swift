import LLALText

/// Boxes on the images of a grid: ground-truth objects and a detector's predictions.
///
/// At a terminal (two cells a pixel) a box outlines the pixels it covers with
/// box-drawing characters — solid `┌─┐│└┘` for ground truth, rounded and dashed `╭┄╮┆╰╯`
/// for predictions — and each box has a line under the caption: `┌ square (3, 4)–(9,
/// 10)`. On a page it is an SVG rectangle at its exact corners (dashed for predictions)
/// with its label above it. Colours follow the class: `colour` indexes the terminal's
/// and the charts' palettes.
extension ImageGrid {
  /// One box in pixel coordinates (pixel `i` covers `[i, i+1)`), with its label.
  public struct Box: Equatable, Sendable {
    /// The left edge.
    public let x1: Double
    /// The top edge.
    public let y1: Double
    /// The right edge.
    public let x2: Double
    /// The bottom edge.
    public let y2: Double
    /// What the box is: `square`, or `disk 0.93` for a prediction with its score.
    public let label: String
    /// The palette entry it is drawn in (the class id).
    public let colour: Int
    /// Whether it is a prediction (dashed) rather than ground truth (solid).
    public let predicted: Bool

    /// A box from `(x1, y1)` to `(x2, y2)` labelled `label`, drawn in palette entry
    /// `colour`, dashed when `predicted`.
    public init(
      x1: Double, y1: Double, x2: Double, y2: Double, label: String, colour: Int,
      predicted: Bool = false
    ) {
      (self.x1, self.y1, self.x2, self.y2) = (x1, y1, x2, y2)
      self.label = label
      self.colour = max(0, colour)
      self.predicted = predicted
    }

    /// The corner, edge and side characters: top-left, top-right, bottom-left,
    /// bottom-right, horizontal, vertical.
    private var strokes: [Character] {
      predicted ? ["╭", "╮", "╰", "╯", "┄", "┆"] : ["┌", "┐", "└", "┘", "─", "│"]
    }

    /// `┌ square (3, 4)–(9, 10)`: the line under the caption.
    var legend: String {
      func p(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
      }
      return "\(strokes[0]) \(label) (\(p(x1)), \(p(y1)))–(\(p(x2)), \(p(y2)))"
    }

    /// The pixel columns and rows the box covers within `width × height`, or nil when it
    /// lies outside or is empty.
    func pixels(width: Int, height: Int) -> (l: Int, r: Int, t: Int, b: Int)? {
      guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite, x2 > x1, y2 > y1,
        x2 > 0, y2 > 0, x1 < Double(width), y1 < Double(height)
      else { return nil }
      func first(_ v: Double) -> Int { max(0, Int(v.rounded(.down))) }
      func last(_ v: Double, _ n: Int) -> Int { min(n - 1, Int(v.rounded(.up)) - 1) }
      let (l, t) = (first(x1), first(y1))
      return (l, max(l, last(x2, width)), t, max(t, last(y2, height)))
    }

    /// Draws the outline into `cells` (rows of two cells a pixel).
    func draw(into cells: inout [[Cell]], width: Int, height: Int) {
      guard let (l, r, t, b) = pixels(width: width, height: height) else { return }
      let s = strokes
      func put(_ y: Int, _ cell: Int, _ c: Character) { cells[y][cell] = Cell(c, colour) }
      for y in Set([t, b]) {
        let (left, right) = y == t ? (s[0], s[1]) : (s[2], s[3])
        for x in l...r {
          put(y, 2 * x, x == l ? left : s[4])
          put(y, 2 * x + 1, x == r ? right : s[4])
        }
      }
      for y in (t + 1)..<max(t + 1, b) {
        put(y, 2 * l, s[5])
        put(y, 2 * r + 1, s[5])
      }
    }

    /// The box as SVG at `scale` units a pixel, clipped to the image, with its label
    /// above it (inside when it touches the top); nil when it lies outside.
    func svg(scale s: Int, width: Int, height: Int) -> String? {
      guard pixels(width: width, height: height) != nil else { return nil }
      let colour = SVGChartRenderer.palette[self.colour % SVGChartRenderer.palette.count]
      func u(_ v: Double, _ n: Int) -> String {
        let c = (min(max(v, 0), Double(n)) * Double(s) * 100).rounded() / 100
        return c == c.rounded() ? String(Int(c)) : String(c)
      }
      let dash = predicted ? " stroke-dasharray=\"4 2\"" : ""
      let top = min(max(y1, 0), Double(height)) * Double(s)
      let labelY = top >= 10 ? top - 2 : top + 10
      return "<rect x=\"\(u(x1, width))\" y=\"\(u(y1, height))\" "
        + "width=\"\(u(min(x2, Double(width)) - max(x1, 0), width))\" "
        + "height=\"\(u(min(y2, Double(height)) - max(y1, 0), height))\" fill=\"none\" "
        + "stroke=\"\(colour)\" stroke-width=\"1.5\"\(dash)/>\n"
        + "<text x=\"\(u(x1, width))\" y=\"\(Int(labelY.rounded()))\" fill=\"\(colour)\" "
        + "font-size=\"9\">\(HTML.escape(label))</text>"
    }
  }

  /// One character cell of the text picture and the palette entry it is painted in.
  struct Cell: Equatable {
    let character: Character
    let colour: Int?

    init(_ character: Character, _ colour: Int? = nil) {
      self.character = character
      self.colour = colour
    }

    /// A row of cells as text, runs of one colour painted together when `color`.
    static func render(_ row: [Cell], color: Bool) -> String {
      var out = ""
      var k = 0
      while k < row.count {
        var end = k + 1
        while end < row.count, row[end].colour == row[k].colour { end += 1 }
        let text = String(row[k..<end].map(\.character))
        if let c = row[k].colour {
          out += TerminalColor.paint(text, series: c, enabled: color)
        } else {
          out += text
        }
        k = end
      }
      return out
    }
  }
}

extension ImageGrid.Image {
  /// The picture as rows of cells: two shaded cells a pixel, then the boxes' outlines.
  func cells() -> [[ImageGrid.Cell]] {
    let scaled = intensities()
    var cells = (0..<height).map { y in
      (0..<width).flatMap { x -> [ImageGrid.Cell] in
        let shade = ImageGrid.shades[min(4, Int((scaled[y * width + x] * 4).rounded()))]
        return [ImageGrid.Cell(shade), ImageGrid.Cell(shade)]
      }
    }
    for box in boxes { box.draw(into: &cells, width: width, height: height) }
    return cells
  }
}
