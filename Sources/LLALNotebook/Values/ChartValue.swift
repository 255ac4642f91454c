import LLALLanguage
import LLALRender

/// A chart as a value of the language: what `plot` and `scatter` return.
///
/// The REPL shows it as a Unicode chart as wide as the terminal; the notebook page as an
/// inline SVG; `print` and Markdown as an 80-column text chart.
public final class ChartValue: Displayable {
  /// The chart.
  public let chart: Chart
  /// The number of plot rows in the terminal.
  public static let terminalHeight = 15

  /// Wraps `chart`.
  public init(_ chart: Chart) { self.chart = chart }

  /// `chart`.
  public var typeName: String { "chart" }

  /// The chart drawn 80 cells wide.
  public var description: String { terminalText(width: 80, color: false) }

  /// `title`, `kind` and `series` (the series names).
  public var memberNames: [String] { ["kind", "series", "title"] }

  /// The chart's title, kind (`"line"` or `"scatter"`) and series names.
  public func member(_ name: String) throws -> Value? {
    switch name {
    case "title": return .string(chart.title)
    case "kind": return .string(chart.kind.rawValue)
    case "series": return .list(chart.series.map { .string($0.name) })
    default: return nil
    }
  }

  /// The chart as inline SVG.
  public func rendering(_ format: DisplayFormat) -> String? {
    format == .svg ? chart.svg() : nil
  }

  /// The chart drawn `width` cells wide.
  public func terminalText(width: Int, color: Bool) -> String {
    chart.terminal(width: width, height: Self.terminalHeight, color: color)
  }
}
