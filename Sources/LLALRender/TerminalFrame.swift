/// Lays out a terminal chart around its plot grid: title, y label, y axis with tick labels,
/// x axis with tick marks and labels, x label and legend.
///
/// ```
///            Accuracy
/// acc
/// 0.75 ┤       ╭───
/// 0.70 ┤  ╭────╯
/// 0.65 ┤──╯
///      └┬────┬────┬
///       0    5   10
///          cycle
/// ─── random
/// ```
struct TerminalFrame {
  /// The chart (its title, labels and series names).
  let chart: Chart
  /// The y tick labels, by grid row (0 at the top), right-aligned in the label column.
  let yTicks: [(row: Int, label: String)]
  /// The x tick labels, by grid column.
  let xTicks: [(column: Int, label: String)]
  /// What stands for series `i` in the legend.
  let legendSample: (Int) -> String
  /// Whether to colour series with ANSI escapes.
  let color: Bool

  /// The width of the y tick label column.
  var labelWidth: Int { Self.labelWidth(yTicks) }

  /// The width of the label column for these y ticks.
  static func labelWidth(_ yTicks: [(row: Int, label: String)]) -> Int {
    yTicks.map { DisplayWidth.of($0.label) }.max() ?? 0
  }

  /// The plot width that makes the whole chart `total` cells wide, at least 4 cells.
  static func plotWidth(total: Int, yTicks: [(row: Int, label: String)]) -> Int {
    max(total - labelWidth(yTicks) - 2, 4)
  }

  /// How many y ticks a plot of `rows` rows can show: about one every three rows.
  static func yTickCount(rows: Int) -> Int { min((rows + 2) / 3 + 1, 8) }

  /// The y tick labels for `scale` on a grid of `rows` rows, where `row(value)` gives the
  /// grid row of a value; ticks that land on a row already labelled are dropped.
  static func yTicks(_ scale: AxisScale, row: (Double) -> Int) -> [(row: Int, label: String)] {
    var seen = Set<Int>()
    var ticks: [(row: Int, label: String)] = []
    for value in scale.ticks.reversed() {
      let r = row(value)
      if seen.insert(r).inserted { ticks.append((r, scale.label(value))) }
    }
    return ticks
  }

  /// The lines of the chart around `grid`, joined with newlines (no trailing newline).
  func render(_ grid: PlotGrid) -> String {
    let total = labelWidth + 2 + grid.width
    let indent = String(repeating: " ", count: labelWidth + 2)
    var lines: [String] = []
    if !chart.title.isEmpty {
      lines.append(DisplayWidth.pad(title(width: total), to: total, alignment: .center))
    }
    if !chart.yLabel.isEmpty {
      lines.append(DisplayWidth.truncate(oneLine(chart.yLabel), to: total))
    }
    let labels = Dictionary(yTicks.map { ($0.row, $0.label) }, uniquingKeysWith: { a, _ in a })
    for (r, cells) in grid.rows.enumerated() {
      let label = DisplayWidth.pad(labels[r] ?? "", to: labelWidth, alignment: .right)
      lines.append(label + " " + (labels[r] == nil ? "│" : "┤") + paint(cells))
    }
    lines.append(indent.dropLast() + "└" + axis(width: grid.width))
    lines.append(tickLabels(width: grid.width, margin: indent.count))
    if !chart.xLabel.isEmpty {
      let text = DisplayWidth.truncate(oneLine(chart.xLabel), to: grid.width)
      lines.append(indent + DisplayWidth.pad(text, to: grid.width, alignment: .center))
    }
    if chart.showsLegend { lines += legend(width: total) }
    return lines.map(trimmingTrailingSpaces).joined(separator: "\n")
  }

  private func title(width: Int) -> String {
    DisplayWidth.truncate(oneLine(chart.title), to: width)
  }

  /// The x axis line with a `┬` at every tick column.
  private func axis(width: Int) -> String {
    var chars = Array(repeating: Character("─"), count: width)
    for tick in xTicks where (0..<width).contains(tick.column) { chars[tick.column] = "┬" }
    return String(chars)
  }

  /// The x tick labels centred under their ticks, skipping any that would overlap. A
  /// label may reach left into the `margin` under the y labels, so the first tick's label
  /// (`0.0` at the left edge) is not dropped.
  private func tickLabels(width: Int, margin: Int) -> String {
    let width = width + margin
    var chars = Array(repeating: Character(" "), count: width)
    var nextFree = 0
    for tick in xTicks {
      let label = Array(tick.label)
      var start = margin + tick.column - (label.count - 1) / 2
      start = min(start, width - label.count)
      guard start >= nextFree, start >= 0 else { continue }
      for (i, c) in label.enumerated() { chars[start + i] = c }
      nextFree = start + label.count + 1
    }
    return String(chars)
  }

  /// One row of plot cells, with colour runs when enabled and trailing blanks dropped.
  private func paint(_ cells: [PlotCell]) -> String {
    var end = cells.count
    while end > 0, cells[end - 1] == .blank { end -= 1 }
    var out = ""
    var current: Int? = nil
    for cell in cells[..<end] {
      if color, cell.series != current {
        if current != nil { out += TerminalColor.reset }
        if let s = cell.series { out += TerminalColor.start(series: s) }
        current = cell.series
      }
      out.append(cell.glyph)
    }
    if color, current != nil { out += TerminalColor.reset }
    return out
  }

  /// The legend entries, wrapped to `width`.
  private func legend(width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    var used = 0
    for (i, series) in chart.series.enumerated() {
      let name = series.name.isEmpty ? "series \(i + 1)" : oneLine(series.name)
      let sample = legendSample(i)
      let entryWidth = DisplayWidth.of(sample) + 1 + DisplayWidth.of(name)
      let entry = TerminalColor.paint(sample, series: i, enabled: color) + " " + name
      if used > 0, used + 3 + entryWidth > width {
        lines.append(line)
        line = ""
        used = 0
      }
      if used > 0 {
        line += "   "
        used += 3
      }
      line += entry
      used += entryWidth
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}

/// `text` on one line and safe for a terminal: newlines and tabs become spaces, other control
/// characters (which could start escape sequences) become U+FFFD.
func oneLine(_ text: String) -> String {
  String(
    text.map { c in
      if c == "\n" || c == "\r\n" || c == "\r" || c == "\t" { return " " }
      let isControl = c.unicodeScalars.contains {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
      }
      return isControl ? "\u{FFFD}" : c
    })
}

/// `line` without trailing spaces.
func trimmingTrailingSpaces(_ line: String) -> String {
  var s = Substring(line)
  while s.last == " " { s.removeLast() }
  return String(s)
}
