extension Chart {
  /// The chart as text for a terminal.
  ///
  /// Line charts use box-drawing characters (asciichart style), one line style per series
  /// (light, heavy, double, dashed, dotted, heavy dashed); scatter charts use braille dots. Both have a y axis with
  /// tick labels at nice numbers, an x axis with tick labels, the title, the axis labels and a
  /// legend. Non-finite points are skipped; a chart with nothing to draw gives a one-line
  /// message.
  ///
  /// - Parameters:
  ///   - width: the total width in terminal cells (pass the terminal's width). Labels are
  ///     never cut below a 4-cell plot, so very small widths can give wider lines.
  ///   - height: the number of plot rows, not counting title, axis, labels and legend.
  ///   - color: colour each series with ANSI escapes. Turn it on only when writing to a
  ///     terminal and `NO_COLOR` is not set.
  public func terminal(width: Int = 80, height: Int = 15, color: Bool = false) -> String {
    switch kind {
    case .line: return TerminalLineChart.render(self, width: width, height: height, color: color)
    case .scatter: return BrailleScatter.render(self, width: width, height: height, color: color)
    }
  }
}
