/// Small grayscale images side by side, each with a caption: shaded text for a terminal
/// (two cells per pixel, `" ░▒▓█"` from faint to strong) and SVG for a page (one grey
/// square per pixel, strong values dark, as ink on paper).
///
/// Each image is scaled on its own from its smallest to its largest value, so a faint
/// digit shows as clearly as a bold one; a constant image is blank.
///
/// Images may carry boxes (`Box`: ground truth or predictions of a detector), drawn as
/// outlines over the pixels in their class's colour, and listed under the caption in the
/// text (`ImageGrid+Boxes.swift`).
///
/// ```swift
/// let grid = ImageGrid(title: "picked", images: [.init(width: 2, height: 1, pixels: [0, 1], caption: "#7")])
/// grid.text()   // "picked\n  ██\n#7\n"
/// ```
public struct ImageGrid: Equatable, Sendable {
  /// One image: its pixels row by row, the caption under it and any boxes on it.
  public struct Image: Equatable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width × height` values, row-major, in any range.
    public let pixels: [Double]
    /// The line under the image (an index, a class).
    public let caption: String
    /// Boxes drawn over the image, in order (later ones on top).
    public let boxes: [Box]

    /// An image of `width × height` `pixels` (missing pixels read as the smallest value),
    /// with `boxes` over it.
    public init(width: Int, height: Int, pixels: [Double], caption: String, boxes: [Box] = []) {
      self.width = max(0, width)
      self.height = max(0, height)
      self.pixels = pixels
      self.caption = caption
      self.boxes = boxes
    }

    /// Every pixel, row-major, scaled to `0...1` between the image's extremes (0 when
    /// constant or not finite).
    func intensities() -> [Double] {
      let finite = pixels.filter(\.isFinite)
      let count = width * height
      guard let lo = finite.min(), let hi = finite.max(), hi > lo else {
        return [Double](repeating: 0, count: count)
      }
      return (0..<count).map { i in
        i < pixels.count && pixels[i].isFinite ? (pixels[i] - lo) / (hi - lo) : 0
      }
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

  static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

  /// The grid as shaded text: images of a row side by side, two spaces apart, with their
  /// captions (cut to the image's width) under them, then one line per box; boxes and
  /// their lines in their class's ANSI colour when `color`.
  public func text(color: Bool = false) -> String {
    var lines: [String] = title.map { [$0] } ?? []
    for start in stride(from: 0, to: images.count, by: columns) {
      let row = Array(images[start..<min(images.count, start + columns)])
      let pictures = row.map { $0.cells() }
      let height = row.map(\.height).max() ?? 0
      for y in 0..<height {
        lines.append(
          zip(row, pictures).map { image, cells in
            y < image.height
              ? Cell.render(cells[y], color: color)
              : String(repeating: " ", count: 2 * image.width)
          }.joined(separator: "  "))
      }
      let legends = row.map { [$0.caption] + $0.boxes.map(\.legend) }
      for k in 0..<(legends.map(\.count).max() ?? 0) {
        lines.append(
          zip(row, legends).map { image, legend in
            let cells = 2 * image.width
            let text = k < legend.count ? String(legend[k].prefix(cells)) : ""
            let padded = DisplayWidth.pad(text, to: cells, alignment: .left)
            guard k > 0, k <= image.boxes.count, !text.isEmpty else { return padded }
            return TerminalColor.paint(
              text, series: image.boxes[k - 1].colour, enabled: color)
              + String(repeating: " ", count: max(0, cells - DisplayWidth.of(text)))
          }.joined(separator: "  "))
      }
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
      let scaled = image.intensities()
      for y in 0..<image.height {
        for x in 0..<image.width {
          let t = scaled[y * image.width + x]
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
      out += image.boxes.compactMap { $0.svg(scale: s, width: image.width, height: image.height) }
      out.append("</g>")
    }
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }
}
