import LLALRender

/// A chart: `plot(results)`, `r.curves`, `plot([0.5, 0.7, 0.8])`. Displays as a Unicode
/// chart in the terminal and as SVG on a notebook page.
final class ChartValue: ChartConvertible {
  /// The chart.
  let drawn: Chart
  /// Terminal width in cells.
  static let terminalWidth = 72
  /// Plot rows in the terminal.
  static let terminalHeight = 14

  /// A chart value.
  init(_ chart: Chart) { self.drawn = chart }

  /// The chart.
  func chart() throws -> Chart { drawn }

  var typeName: String { "chart" }

  var description: String {
    drawn.terminal(width: ChartValue.terminalWidth, height: ChartValue.terminalHeight, color: false)
  }

  var memberNames: [String] { ["svg", "title"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "svg": return .string(drawn.svg())
    case "title": return .string(drawn.title)
    default: return nil
    }
  }

  func rendering(_ format: DisplayFormat) -> String? {
    format == .svg ? drawn.svg() : nil
  }
}

/// A table of results, displayed with box-drawing characters (HTML on a notebook page).
final class TableValue: HostObject {
  /// The table.
  let table: Table
  /// The name messages use (`ranking`).
  let typeName: String

  /// A table value of type `typeName`.
  init(_ table: Table, typeName: String = "table") {
    self.table = table
    self.typeName = typeName
  }

  var description: String { table.text(style: .box) }

  var memberNames: [String] { ["markdown", "html", "rows", "headers"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "markdown": return .string(table.markdown())
    case "html": return .string(table.html())
    case "headers": return .list(table.headers.map { .string($0) })
    case "rows": return .list(table.rows.map { .list($0.map { .string($0) }) })
    default: return nil
    }
  }

  func rendering(_ format: DisplayFormat) -> String? {
    format == .html ? table.html() : nil
  }
}
