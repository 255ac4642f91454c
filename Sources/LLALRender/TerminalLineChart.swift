/// Draws a line chart with box-drawing characters, in the style of asciichart: one column
/// per horizontal step, `╭ ╮ ╰ ╯ │` where the curve changes row.
///
/// Each plot column stands for an x interval; a column gets the mean of the points that fall
/// in it, or the linear interpolation between its neighbours. Non-finite points break the
/// curve. Error bands are not drawn in the terminal.
enum TerminalLineChart {
  /// The chart as text; `height` is the number of plot rows.
  static func render(_ chart: Chart, width: Int, height: Int, color: Bool) -> String {
    let points = chart.finitePoints
    let ys = points.map(\.y)
    let xs = points.map(\.x)
    guard let yMin = ys.min(), let yMax = ys.max(), let xMin = xs.min(), let xMax = xs.max()
    else { return chart.emptyMessage }

    let rows = max(height, 2)
    let yScale = AxisScale.loose(
      min: yMin, max: yMax, maxTicks: TerminalFrame.yTickCount(rows: rows))
    let row = { (y: Double) in
      rows - 1 - PlotGrid.index(yScale.fraction(y) * Double(rows - 1), count: rows)
    }
    let yTicks = TerminalFrame.yTicks(yScale, row: row)
    let columns = TerminalFrame.plotWidth(total: width, yTicks: yTicks)
    let xScale = AxisScale.tight(min: xMin, max: xMax, maxTicks: max(2, columns / 10))
    let position = { (x: Double) in xScale.fraction(x) * Double(columns - 1) }
    let frame = TerminalFrame(
      chart: chart, yTicks: yTicks,
      xTicks: xScale.ticks.map { (PlotGrid.index(position($0), count: columns), xScale.label($0)) },
      legendSample: { String(repeating: LineStyle.of(series: $0).horizontal, count: 3) },
      color: color)

    var grid = PlotGrid(width: columns, height: rows)
    for (index, series) in chart.series.enumerated() {
      let style = LineStyle.of(series: index)
      for run in series.finiteRuns {
        let samples = columnSamples(run, position: position, columns: columns)
        let cells = samples.map { (column: $0.column, row: row($0.y)) }
        draw(cells, style: style, series: index, on: &grid)
      }
    }
    return frame.render(grid)
  }

  /// The value of one unbroken run at each column it spans, from the first point's column to
  /// the last's: the mean of the points in a column, else interpolated between neighbours.
  static func columnSamples(
    _ run: [ChartPoint], position: (Double) -> Double, columns: Int
  ) -> [(column: Int, y: Double)] {
    // Sort by x (ties keep their order) so a column walk meets points left to right.
    let sorted = run.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
      .map(\.element)
    let positions = sorted.map { position($0.x) }
    let cells = positions.map { PlotGrid.index($0, count: columns) }
    var counts: [Int: Double] = [:]
    for c in cells { counts[c, default: 0] += 1 }
    // Each point adds y / n to its column's mean, so values near the largest Double do
    // not overflow a running total.
    var means: [Int: Double] = [:]
    for (c, point) in zip(cells, sorted) { means[c, default: 0] += point.y / (counts[c] ?? 1) }
    let first = cells[0]
    let last = cells[cells.count - 1]
    var samples: [(column: Int, y: Double)] = []
    var j = 0
    for c in first...last {
      if let mean = means[c] {
        samples.append((c, mean))
        continue
      }
      // A column with no point lies strictly between two points: interpolate.
      while j + 1 < positions.count, positions[j + 1] < Double(c) { j += 1 }
      let k = min(j + 1, positions.count - 1)
      let span = positions[k] - positions[j]
      let t = span > 0 ? (Double(c) - positions[j]) / span : 0
      // A weighted mean rather than y0 + t * (y1 - y0), whose difference overflows for
      // values of opposite sign near the largest Double.
      samples.append((c, (1 - t) * sorted[j].y + t * sorted[k].y))
    }
    return samples
  }

  /// Draws one run, given as consecutive columns with their rows (0 at the top).
  static func draw(
    _ cells: [(column: Int, row: Int)], style: LineStyle, series: Int, on grid: inout PlotGrid
  ) {
    func put(_ row: Int, _ column: Int, _ glyph: Character) {
      grid.set(row: row, column: column, PlotCell(glyph: glyph, series: series))
    }
    guard cells.count > 1 else {
      if let only = cells.first { put(only.row, only.column, style.point) }
      return
    }
    for (a, b) in zip(cells, cells.dropFirst()) {
      if a.row == b.row {
        put(a.row, a.column, style.horizontal)
        continue
      }
      let rising = b.row < a.row
      put(a.row, a.column, rising ? style.riseStart : style.fallStart)
      put(b.row, a.column, rising ? style.riseEnd : style.fallEnd)
      for r in (min(a.row, b.row) + 1)..<max(a.row, b.row) { put(r, a.column, style.vertical) }
    }
    if let end = cells.last { put(end.row, end.column, style.horizontal) }
  }
}
