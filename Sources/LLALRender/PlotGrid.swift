/// One character cell of a terminal plot: its glyph and the series that drew it.
struct PlotCell: Equatable {
  /// The character shown.
  var glyph: Character
  /// The index of the series that drew the cell (its colour), or nil for background.
  var series: Int?

  /// An empty cell.
  static let blank = PlotCell(glyph: " ", series: nil)
}

/// The plot area of a terminal chart: `height` rows of `width` cells, row 0 at the top.
struct PlotGrid {
  /// Cells per row.
  let width: Int
  /// Number of rows.
  let height: Int
  /// The cells, row by row from the top.
  private(set) var rows: [[PlotCell]]

  /// An empty grid.
  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    rows = Array(repeating: Array(repeating: .blank, count: width), count: height)
  }

  /// Sets a cell; positions outside the grid are ignored.
  mutating func set(row: Int, column: Int, _ cell: PlotCell) {
    guard (0..<height).contains(row), (0..<width).contains(column) else { return }
    rows[row][column] = cell
  }

  /// The index of the cell that `position` (0 to count - 1, fractional) falls in, clamped
  /// to the grid; NaN goes to 0.
  static func index(_ position: Double, count: Int) -> Int {
    guard position.isFinite, count > 0 else { return 0 }
    // NOTE: clamp in Double first: converting a huge Double to Int traps.
    return Int(min(max(position.rounded(), 0), Double(count - 1)))
  }
}
