/// A canvas of braille characters: each cell holds 2 x 4 dots (base U+2800), so a plot of
/// `width` x `height` cells has `2 * width` x `4 * height` dots.
struct BrailleCanvas {
  /// Cells per row.
  let width: Int
  /// Rows of cells.
  let height: Int
  private var bits: [UInt8]
  private var owners: [Int?]

  /// An empty canvas.
  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    bits = Array(repeating: 0, count: width * height)
    owners = Array(repeating: nil, count: width * height)
  }

  /// The bit of each dot in a cell, by dot row (top to bottom) then dot column.
  private static let dotBits: [[UInt8]] = [
    [0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80],
  ]

  /// Sets the dot at `x` (0 at the left) and `y` (0 at the top) for `series`, which then owns
  /// the cell's colour; dots outside the canvas are ignored.
  mutating func set(x: Int, y: Int, series: Int) {
    guard (0..<(2 * width)).contains(x), (0..<(4 * height)).contains(y) else { return }
    let cell = (y / 4) * width + x / 2
    bits[cell] |= Self.dotBits[y % 4][x % 2]
    owners[cell] = series
  }

  /// The canvas as plot cells (an empty cell is a space, not the blank braille pattern).
  var grid: PlotGrid {
    var grid = PlotGrid(width: width, height: height)
    for row in 0..<height {
      for column in 0..<width where bits[row * width + column] != 0 {
        let i = row * width + column
        let scalar = Unicode.Scalar(0x2800 + UInt32(bits[i])) ?? " "
        grid.set(row: row, column: column, PlotCell(glyph: Character(scalar), series: owners[i]))
      }
    }
    return grid
  }
}
