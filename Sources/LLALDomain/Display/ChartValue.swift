import LLALLanguage
import LLALRender

/// A chart as a value of the language: what `plot`, `scatter` and `r.curves` return.
///
/// It is drawn by `LLALRender`: a Unicode chart as wide as the terminal in the REPL, a
/// 72-column one for `print` and `llal run`, inline SVG on a notebook page.
public final class ChartValue: ChartConvertible, Displayable {
  /// The chart.
  public let drawn: Chart
  /// The width in cells of the plain description.
  public static let descriptionWidth = 72
  /// Plot rows in the terminal.
  public static let terminalHeight = 14

  /// Wraps `chart`.
  public init(_ chart: Chart) { self.drawn = chart }

  /// The chart.
  public func chart() throws -> Chart { drawn }

  /// `chart`.
  public var typeName: String { "chart" }

  /// The chart drawn 72 cells wide, without colour.
  public var description: String {
    terminalText(width: Self.descriptionWidth, color: false)
  }

  /// The chart drawn `width` cells wide.
  public func terminalText(width: Int, color: Bool) -> String {
    drawn.terminal(width: width, height: Self.terminalHeight, color: color)
  }

  /// `kind`, `series`, `svg` and `title`.
  public var memberNames: [String] { ["kind", "series", "svg", "title"] }

  /// The kind (`"line"` or `"scatter"`), the series names, the SVG text and the title.
  public func member(_ name: String) throws -> Value? {
    switch name {
    case "kind": return .string(drawn.kind.rawValue)
    case "series": return .list(drawn.series.map { .string($0.name) })
    case "svg": return .string(drawn.svg())
    case "title": return .string(drawn.title)
    default: return nil
    }
  }

  /// The chart as inline SVG.
  public func rendering(_ format: DisplayFormat) -> String? {
    format == .svg ? drawn.svg() : nil
  }
}
