extension Heatmap {
  /// The heatmap as a self-contained inline `<svg>` element, for HTML pages.
  ///
  /// Each cell is a square coloured on the viridis scale (dark for the low end of
  /// `resolvedScale`, yellow for the high end) with its value written inside, in white or
  /// black for contrast, and a tooltip naming its row and column; empty cells are light
  /// grey with a dash. Row labels sit on the left, column labels above at 45°, the summary
  /// row under a gap, and a stepped colour legend with its end values at the right. Every
  /// text is XML-escaped and numbers have a fixed format, so the same heatmap always gives
  /// the same bytes; a heatmap without rows or columns gives an SVG with a one-line message.
  ///
  /// - Parameter cellSize: the side of a cell in pixels (at least 24).
  public func svg(cellSize: Int = 40) -> String {
    SVGHeatmapRenderer(map: self, cell: Double(max(cellSize, 24))).render()
  }
}

/// Lays out and writes one SVG heatmap.
struct SVGHeatmapRenderer {
  let map: Heatmap
  let cell: Double

  /// Viridis at 0, ¼, ½, ¾ and 1, interpolated linearly in between.
  static let viridis: [(Double, Double, Double)] = [
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
  ]
  /// The estimated width of one character cell of 12px sans-serif text, for layout.
  private static let charWidth = 7.0
  /// The same for the 14px bold title.
  private static let titleCharWidth = 8.5
  /// Row and column labels are cut to this many cells.
  private static let labelLimit = 28
  /// Colour steps in the legend.
  private static let legendSteps = 8

  /// The colour at `t` in [0, 1] as `#rrggbb`.
  static func color(_ t: Double) -> String {
    let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridis.count - 1)
    let i = min(Int(x), viridis.count - 2)
    let f = x - Double(i)
    let (a, b) = (viridis[i], viridis[i + 1])
    let channels = [a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f]
    return "#" + channels.map { hex(Int($0.rounded())) }.joined()
  }

  private static func hex(_ v: Int) -> String {
    let digits = Array("0123456789abcdef")
    let c = min(max(v, 0), 255)
    return String([digits[c / 16], digits[c % 16]])
  }

  /// The whole `<svg>` element, ending in a newline.
  func render() -> String {
    let labelWidth = textWidth(map.rows.map(\.label) + [map.summary?.label ?? "", map.corner])
    let headerHeight = textWidth(map.columns) * 0.71 + 16
    let top = (map.title == nil ? 12 : 40) + headerHeight
    let left = 16 + labelWidth + 8
    let columns = Double(map.columns.count)
    let matrixHeight = Double(map.rows.count) * cell
    let summaryTop = top + matrixHeight + cell / 4
    let bottom = map.summary == nil ? top + matrixHeight : summaryTop + cell
    let legendX = left + columns * cell + 24
    let scale = map.resolvedScale
    let legendLabels = [scale.lowerBound, scale.upperBound].map(Heatmap.cellText)
    let right = [
      legendX + 22 + textWidth(legendLabels),
      left + (columns - 0.5) * cell + textWidth(map.columns) * 0.71,
      32 + textWidth([map.title ?? ""], limit: nil) * Self.titleCharWidth / Self.charWidth,
      32 + textWidth([map.footer ?? ""], limit: nil),
    ]
    let width = Int(((right.max() ?? 0) + 16).rounded(.up))
    let height = Int((max(bottom, top + 120) + (map.footer == nil ? 16 : 36)).rounded(.up))

    var out = [header(width: width, height: height)]
    out.append("<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
    if let title = map.title {
      out.append(
        text(
          title, x: Double(width) / 2, y: 22, anchor: "middle",
          extra: " font-size=\"14\" font-weight=\"bold\"", limit: nil))
    }
    guard !map.columns.isEmpty, !map.rows.isEmpty else {
      out.append(
        text("nothing to show", x: Double(width) / 2, y: top + 20, anchor: "middle"))
      return (out + ["</svg>"]).joined(separator: "\n") + "\n"
    }
    if !map.corner.isEmpty {
      out.append(text(map.corner, x: left - 8, y: top - 8, anchor: "end", extra: fill("#555555")))
    }
    out.append("<g class=\"columns\" fill=\"#333333\">")
    for (j, label) in map.columns.enumerated() {
      let (x, y) = (left + (Double(j) + 0.5) * cell, top - 8)
      out.append(
        text(
          label, x: x, y: y, anchor: "start",
          extra: " transform=\"rotate(-45 \(coord(x)) \(coord(y)))\""))
    }
    out.append("</g>")
    out.append("<g class=\"cells\">")
    for (i, row) in map.rows.enumerated() {
      out += cells(of: row, y: top + Double(i) * cell, left: left)
    }
    if let summary = map.summary { out += cells(of: summary, y: summaryTop, left: left) }
    out.append("</g>")
    out += legend(x: legendX, top: top, labels: legendLabels)
    if let footer = map.footer {
      out.append(
        text(
          footer, x: 16, y: Double(height) - 14, anchor: "start", extra: fill("#555555"),
          limit: nil))
    }
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }

  /// One row: its label, then a coloured square with its value per column.
  private func cells(of row: Heatmap.Row, y: Double, left: Double) -> [String] {
    var out = [
      text(row.label, x: left - 8, y: y + cell / 2 + 4, anchor: "end", extra: fill("#333333"))
    ]
    for (j, column) in map.columns.enumerated() {
      let value = j < row.values.count ? row.values[j] : nil
      let x = left + Double(j) * cell
      let t = value.map(map.fraction) ?? 0
      let background = value == nil ? "#eeeeee" : Self.color(t)
      let ink = value == nil ? "#999999" : (t < 0.6 ? "#ffffff" : "#000000")
      let cellText = Heatmap.cellText(value)
      out.append(
        "<g><title>" + HTML.escape(oneLine("\(row.label), \(column): \(cellText)")) + "</title>")
      out.append(
        "<rect x=\"\(coord(x))\" y=\"\(coord(y))\" width=\"\(coord(cell))\""
          + " height=\"\(coord(cell))\" fill=\"\(background)\" stroke=\"#ffffff\"/>")
      out.append(
        text(cellText, x: x + cell / 2, y: y + cell / 2 + 4, anchor: "middle", extra: fill(ink))
          + "</g>")
    }
    return out
  }

  /// A column of colour steps from the top of the scale down, its end values beside it.
  private func legend(x: Double, top: Double, labels: [String]) -> [String] {
    let step = 12.0
    var out = ["<g class=\"legend\">"]
    for k in 0..<Self.legendSteps {
      let t = 1 - Double(k) / Double(Self.legendSteps - 1)
      out.append(
        "<rect x=\"\(coord(x))\" y=\"\(coord(top + Double(k) * step))\" width=\"14\""
          + " height=\"\(coord(step))\" fill=\"\(Self.color(t))\"/>")
    }
    let end = top + Double(Self.legendSteps) * step
    out.append(text(labels[1], x: x + 20, y: top + 10, anchor: "start", extra: fill("#333333")))
    out.append(text(labels[0], x: x + 20, y: end - 2, anchor: "start", extra: fill("#333333")))
    return out + ["</g>"]
  }

  /// The opening tag and the accessible title.
  private func header(width: Int, height: Int) -> String {
    let label = map.title ?? "heatmap"
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"llal-heatmap\" width=\"\(width)\""
      + " height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\""
      + " font-family=\"sans-serif\" font-size=\"12\">\n<title>\(HTML.escape(oneLine(label)))</title>"
  }

  /// The estimated pixel width of the widest of `texts`, each cut to `limit` cells.
  private func textWidth(_ texts: [String], limit: Int? = Self.labelLimit) -> Double {
    let widths = texts.map { DisplayWidth.of(oneLine($0)) }.map { min($0, limit ?? $0) }
    return Double(widths.max() ?? 0) * Self.charWidth
  }

  private func coord(_ v: Double) -> String { NumberText.coordinate(v) }

  private func fill(_ color: String) -> String { " fill=\"\(color)\"" }

  /// A `<text>` element; the content on one line, cut to `limit` cells, escaped.
  private func text(
    _ content: String, x: Double, y: Double, anchor: String, extra: String = "",
    limit: Int? = Self.labelLimit
  ) -> String {
    let line = oneLine(content)
    return "<text x=\"\(coord(x))\" y=\"\(coord(y))\" text-anchor=\"\(anchor)\"\(extra)>"
      + HTML.escape(limit.map { DisplayWidth.truncate(line, to: $0) } ?? line) + "</text>"
  }
}
