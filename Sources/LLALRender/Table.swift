import Foundation

/// A table of text cells: what experiment results, model summaries and data frames produce.
///
/// Cells are already formatted strings; the renderers only lay them out. Rows shorter than
/// the widest row are padded with empty cells.
///
/// ```swift
/// let table = Table(
///   title: "Accuracy", headers: ["cycle", "random", "learning loss"],
///   rows: [["1", "0.61 ± 0.02", "0.62 ± 0.01"], ["2", "0.70 ± 0.01", "0.74 ± 0.01"]])
/// print(table.text())
/// ```
public struct Table: Hashable, Sendable {
  /// The title shown above the table (a caption in HTML), if any.
  public var title: String?
  /// The column headers.
  public var headers: [String]
  /// The rows of cells.
  public var rows: [[String]]
  /// The alignment of each column; nil (or a missing entry) means numbers right, text left.
  public var alignments: [TextAlignment]?
  /// A note shown under the table, if any; each line of it (split at `\n`) is shown as a
  /// line of its own.
  public var footer: String?

  /// A table; see the properties for each part.
  public init(
    title: String? = nil, headers: [String], rows: [[String]],
    alignments: [TextAlignment]? = nil, footer: String? = nil
  ) {
    self.title = title
    self.headers = headers
    self.rows = rows
    self.alignments = alignments
    self.footer = footer
  }

  /// The lines of the footer; none without one.
  var footerLines: [String] {
    footer.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
      ?? []
  }

  /// The number of columns: the most cells in the header or any row.
  public var columnCount: Int { rows.reduce(headers.count) { max($0, $1.count) } }

  /// The alignment each column is drawn with: the given one, or right for a column whose
  /// non-empty cells are all numbers (such as `0.91`, `-3e-4`, `12%` or `0.61 ± 0.02`) and
  /// left otherwise.
  public var resolvedAlignments: [TextAlignment] {
    (0..<columnCount).map { column in
      if let given = alignments, column < given.count { return given[column] }
      let cells = rows.map { column < $0.count ? $0[column] : "" }.filter {
        !Self.placeholders.contains($0.trimmingCharacters(in: .whitespaces))
      }
      return !cells.isEmpty && cells.allSatisfy(Self.isNumber) ? .right : .left
    }
  }

  /// The header padded to `columnCount` cells.
  var paddedHeaders: [String] { padded(headers) }

  /// The rows padded to `columnCount` cells.
  var paddedRows: [[String]] { rows.map(padded) }

  private func padded(_ cells: [String]) -> [String] {
    cells + Array(repeating: "", count: columnCount - cells.count)
  }

  /// Cells that say "no value" and do not decide a column's alignment.
  private static let placeholders: Set<String> = ["", "-", "—", "n/a", "NA"]

  /// Whether a cell reads as a number: a Double, optionally with a `%` or a `± error` after.
  static func isNumber(_ cell: String) -> Bool {
    var text = Substring(cell.trimmingCharacters(in: .whitespaces))
    if let pm = text.firstIndex(of: "±") { text = text[..<pm] }
    text = Substring(text.trimmingCharacters(in: .whitespaces))
    if text.hasSuffix("%") { text = text.dropLast() }
    return !text.isEmpty && Double(text) != nil
  }
}
