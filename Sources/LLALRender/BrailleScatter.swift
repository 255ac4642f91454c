/// Draws a scatter plot with braille dots (2 x 4 per cell) inside the terminal chart frame.
///
/// Overlapping series share cells; with colour on, a cell takes the colour of the last series
/// that put a dot in it.
enum BrailleScatter {
  /// The chart as text; `height` is the number of plot rows (each four dots high).
  static func render(_ chart: Chart, width: Int, height: Int, color: Bool) -> String {
    let points = chart.finitePoints
    let ys = points.map(\.y)
    let xs = points.map(\.x)
    guard let yMin = ys.min(), let yMax = ys.max(), let xMin = xs.min(), let xMax = xs.max()
    else { return chart.emptyMessage }

    let rows = max(height, 2)
    let yScale = AxisScale.loose(
      min: yMin, max: yMax, maxTicks: TerminalFrame.yTickCount(rows: rows))
    // Dot rows count from the top, like grid rows.
    let dotRow = { (y: Double) in
      4 * rows - 1 - PlotGrid.index(yScale.fraction(y) * Double(4 * rows - 1), count: 4 * rows)
    }
    let yTicks = TerminalFrame.yTicks(yScale) { dotRow($0) / 4 }
    let columns = TerminalFrame.plotWidth(total: width, yTicks: yTicks)
    let xScale = AxisScale.tight(min: xMin, max: xMax, maxTicks: max(2, columns / 10))
    let dotColumn = { (x: Double) in
      PlotGrid.index(xScale.fraction(x) * Double(2 * columns - 1), count: 2 * columns)
    }
    let frame = TerminalFrame(
      chart: chart, yTicks: yTicks,
      xTicks: xScale.ticks.map { (dotColumn($0) / 2, xScale.label($0)) },
      legendSample: { _ in "⣿" }, color: color)

    var canvas = BrailleCanvas(width: columns, height: rows)
    for (index, series) in chart.series.enumerated() {
      for point in series.points where point.isFinite {
        canvas.set(x: dotColumn(point.x), y: dotRow(point.y), series: index)
      }
    }
    return frame.render(canvas.grid)
  }
}
