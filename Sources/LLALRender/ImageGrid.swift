/// Small grayscale images side by side, each with a caption: shaded text for a terminal
/// (two cells per pixel, `" ░▒▓█"` from faint to strong) and SVG for a page (one grey
/// square per pixel, strong values dark, as ink on paper).
///
/// Each image is scaled on its own from its smallest to its largest value, so a faint
/// digit shows as clearly as a bold one; a constant image is blank.
///
/// ```swift
/// let grid = ImageGrid(title: "picked", images: [.init(width: 2, height: 1, pixels: [0, 1], caption: "#7")])
/// grid.text()   // "picked\n  ██\n#7\n"
/// ```
public struct ImageGrid: Equatable, Sendable {
  /// One image: its pixels row by row and the caption under it.
  public struct Image: Equatable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width × height` values, row-major, in any range.
    public let pixels: [Double]
    /// The line under the image (an index, a class).
    public let caption: String

    /// An image of `width × height` `pixels` (missing pixels read as the smallest value).
    public init(width: Int, height: Int, pixels: [Double], caption: String) {
      self.width = max(0, width)
      self.height = max(0, height)
      self.pixels = pixels
      self.caption = caption
    }

    /// Pixel `(x, y)` scaled to `0...1` between the image's extremes (0 when constant
    /// or not finite).
    func intensity(_ x: Int, _ y: Int) -> Double {
      let finite = pixels.filter(\.isFinite)
      guard let lo = finite.min(), let hi = finite.max(), hi > lo else { return 0 }
      let i = y * width + x
      guard i < pixels.count, pixels[i].isFinite else { return 0 }
      return (pixels[i] - lo) / (hi - lo)
    }
  }

  /// A line above the grid, if any.
  public var title: String?
  /// The images, in order.
  public var images: [Image]
  /// Images per row of the grid.
  public var columns: Int

  /// A grid of `images`, `columns` to a row.
  public init(title: String? = nil, images: [Image], columns: Int = 8) {
    self.title = title
    self.images = images
    self.columns = max(1, columns)
  }

  private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

  /// The grid as shaded text: images of a row side by side, two spaces apart, with their
  /// captions (cut to the image's width) under them.
  public func text() -> String {
    var lines: [String] = title.map { [$0] } ?? []
    for start in stride(from: 0, to: images.count, by: columns) {
      let row = images[start..<min(images.count, start + columns)]
      let height = row.map(\.height).max() ?? 0
      for y in 0..<height {
        lines.append(
          row.map { image in
            String(
              (0..<image.width).flatMap { x -> [Character] in
                guard y < image.height else { return [" ", " "] }
                let t = image.intensity(x, y)
                let shade = Self.shades[min(4, Int((t * 4).rounded()))]
                return [shade, shade]
              })
          }.joined(separator: "  "))
      }
      lines.append(
        row.map { image in
          let cells = 2 * image.width
          let caption = String(image.caption.prefix(cells))
          return DisplayWidth.pad(caption, to: cells, alignment: .left)
        }.joined(separator: "  "))
    }
    return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
      .joined(separator: "\n") + "\n"
  }

  /// The grid as an SVG picture, `scale` units per pixel, captions under the images.
  public func svg(scale: Int = 6) -> String {
    let s = max(1, scale)
    let cellWidth = (images.map(\.width).max() ?? 0) * s
    let cellHeight = (images.map(\.height).max() ?? 0) * s
    let gap = 2 * s
    let captionHeight = 14
    let top = title == nil ? 0 : 20
    let rows = (images.count + columns - 1) / columns
    let shown = min(columns, images.count)
    let width = max(1, shown * cellWidth + max(0, shown - 1) * gap)
    let height = top + rows * (cellHeight + captionHeight + gap)
    var out = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">"
    ]
    if let title {
      out.append("<text x=\"0\" y=\"14\">\(HTML.escape(title))</text>")
    }
    for (k, image) in images.enumerated() {
      let x0 = (k % columns) * (cellWidth + gap)
      let y0 = top + (k / columns) * (cellHeight + captionHeight + gap)
      out.append("<g transform=\"translate(\(x0),\(y0))\">")
      out.append(
        "<rect width=\"\(image.width * s)\" height=\"\(image.height * s)\" fill=\"#ffffff\" "
          + "stroke=\"#cccccc\"/>")
      for y in 0..<image.height {
        for x in 0..<image.width {
          let t = image.intensity(x, y)
          guard t > 0 else { continue }
          let grey = Int((255 * (1 - t)).rounded())
          let hex = String(grey, radix: 16)
          let channel = hex.count == 1 ? "0" + hex : hex
          out.append(
            "<rect x=\"\(x * s)\" y=\"\(y * s)\" width=\"\(s)\" height=\"\(s)\" "
              + "fill=\"#\(channel)\(channel)\(channel)\"/>")
        }
      }
      out.append(
        "<text x=\"0\" y=\"\(image.height * s + 12)\">\(HTML.escape(image.caption))</text>")
      out.append("</g>")
    }
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }
}
