import LLALLanguage
import LLALRender

/// A table as a value of the language: what `table` returns, and `r.ranking`.
///
/// The REPL shows it with box-drawing borders (plain rules when those would not fit the
/// terminal), a notebook page as an HTML table, Markdown as a pipe table.
public final class TableValue: Displayable {
  /// The table.
  public let table: Table
  /// The name messages and `type` use (`table`, `ranking`).
  public let typeName: String

  /// Wraps `table`, a value of type `typeName`.
  public init(_ table: Table, typeName: String = "table") {
    self.table = table
    self.typeName = typeName
  }

  /// The table with box-drawing borders.
  public var description: String { table.text(style: .box) }

  /// The table with box-drawing borders, or with plain rules when that is wider than
  /// `width`.
  public func terminalText(width: Int, color: Bool) -> String {
    TableValue.fitted(table, width: width)
  }

  /// A GitHub pipe table.
  public func markdown() -> String? { table.markdown() }

  /// `headers`, `rows`, `title`, `markdown` and `html`.
  public var memberNames: [String] { ["headers", "rows", "title", "markdown", "html"] }

  /// The headers and rows as lists of strings, the title (or none), and the Markdown and
  /// HTML texts.
  public func member(_ name: String) throws -> Value? {
    switch name {
    case "headers": return .list(table.headers.map { .string($0) })
    case "rows": return .list(table.rows.map { .list($0.map { .string($0) }) })
    case "title": return table.title.map { .string($0) } ?? Value.none
    case "markdown": return .string(table.markdown())
    case "html": return .string(table.html())
    default: return nil
    }
  }

  /// The table as an HTML `<table>`.
  public func rendering(_ format: DisplayFormat) -> String? {
    format == .html ? table.html() : nil
  }

  /// `table` with box-drawing borders, or with plain rules when the box is wider than
  /// `width` cells (plain rules take less room, and a wrapped box is unreadable). The
  /// title and footer are text that wraps well, so they do not count.
  public static func fitted(_ table: Table, width: Int) -> String {
    var bare = table
    bare.title = nil
    bare.footer = nil
    let box = bare.text(style: .box)
    let widest = box.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
    return table.text(style: widest <= width ? .box : .plain)
  }
}
