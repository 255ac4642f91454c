import LLALLanguage
import LLALRender

/// A table as a value of the language: what `table` returns.
///
/// The REPL shows it with box-drawing borders, the notebook page as an HTML table, and
/// Markdown as a pipe table.
public final class TableValue: Displayable {
  /// The table.
  public let table: Table

  /// Wraps `table`.
  public init(_ table: Table) { self.table = table }

  /// `table`.
  public var typeName: String { "table" }

  /// The table with box-drawing borders.
  public var description: String { table.text(style: .box) }

  /// `headers`, `rows` and `title`.
  public var memberNames: [String] { ["headers", "rows", "title"] }

  /// The headers and rows as lists of strings, and the title (or none).
  public func member(_ name: String) throws -> Value? {
    switch name {
    case "headers": return .list(table.headers.map { .string($0) })
    case "rows": return .list(table.rows.map { .list($0.map { .string($0) }) })
    case "title": return table.title.map { .string($0) } ?? Value.none
    default: return nil
    }
  }

  /// The table as an HTML `<table>`.
  public func rendering(_ format: DisplayFormat) -> String? {
    format == .html ? table.html() : nil
  }

  /// The table with box-drawing borders; with plain rules when that is too wide.
  public func terminalText(width: Int, color: Bool) -> String {
    let boxed = table.text(style: .box)
    let widest = boxed.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
    return widest <= width ? boxed : table.text(style: .plain)
  }

  /// A GitHub pipe table.
  public func markdown() -> String? { table.markdown() }
}
