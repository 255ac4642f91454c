import Foundation

/// One cell of a notebook file in the percent format (Jupytext, VS Code, PyCharm):
/// a line starting `# %%` begins a cell, the rest of that line is its title, and
/// `[markdown]` on it makes a prose cell whose lines are `#`-commented Markdown.
public struct Cell {
  /// Code or prose.
  public enum Kind: Sendable, Equatable {
    /// `.llal` code.
    case code
    /// Markdown prose.
    case markdown
  }

  /// Code or prose.
  public let kind: Kind
  /// The title written after `# %%`, if any.
  public let title: String?
  /// The cell's position among all cells, from 0.
  public let index: Int
  /// The bytes of the `# %%` line, or nil for text before the first marker.
  public let header: Range<Int>?
  /// The bytes of the body: from the line after the header to the next header.
  public let body: Range<Int>

  /// The body's text.
  public func text(in file: SourceFile) -> String {
    String(decoding: file.bytes[body], as: UTF8.self)
  }

  /// For a prose cell, the Markdown: each line with its leading `#` and one space
  /// removed, surrounding blank lines dropped.
  public func markdown(in file: SourceFile) -> String {
    var lines = text(in: file).split(separator: "\n", omittingEmptySubsequences: false)
      .map { line -> String in
        var s = Substring(line)
        if s.hasSuffix("\r") { s = s.dropLast() }
        if s.hasPrefix("# ") { return String(s.dropFirst(2)) }
        if s.hasPrefix("#") { return String(s.dropFirst()) }
        return String(s)
      }
    while lines.first?.allSatisfy({ $0 == " " }) ?? false { lines.removeFirst() }
    while lines.last?.allSatisfy({ $0 == " " }) ?? false { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}

/// Splits a source file into cells.
public enum CellSplitter {
  /// The cells of `file`. Text before the first `# %%` line is a code cell when it
  /// holds anything but blank lines; a file without markers is one code cell.
  public static func split(_ file: SourceFile) -> [Cell] {
    let bytes = file.bytes
    var headers: [Range<Int>] = []
    for line in 1...file.lineCount {
      let r = file.lineRange(line)
      if isHeader(bytes, r) {
        // The header includes its newline, so the body starts on the next line.
        let end = line < file.lineCount ? file.lineStarts[line] : bytes.count
        headers.append(r.lowerBound..<end)
      }
    }
    var cells: [Cell] = []
    let firstStart = headers.first?.lowerBound ?? bytes.count
    if headers.isEmpty || bytes[0..<firstStart].contains(where: { !isBlank($0) }) {
      cells.append(Cell(kind: .code, title: nil, index: 0, header: nil, body: 0..<firstStart))
    }
    for (i, header) in headers.enumerated() {
      let bodyEnd = i + 1 < headers.count ? headers[i + 1].lowerBound : bytes.count
      let (kind, title) = parseHeader(String(decoding: bytes[header], as: UTF8.self))
      cells.append(
        Cell(
          kind: kind, title: title, index: cells.count, header: header,
          body: header.upperBound..<max(header.upperBound, bodyEnd)))
    }
    return cells
  }

  /// Whether a source has any `# %%` lines (so its output is shown per cell).
  public static func hasMarkers(_ file: SourceFile) -> Bool {
    (1...file.lineCount).contains { isHeader(file.bytes, file.lineRange($0)) }
  }

  private static func isHeader(_ bytes: [UInt8], _ r: Range<Int>) -> Bool {
    let marker: [UInt8] = Array("# %%".utf8)
    guard r.count >= marker.count else { return false }
    return Array(bytes[r.lowerBound..<(r.lowerBound + marker.count)]) == marker
  }

  private static func isBlank(_ b: UInt8) -> Bool {
    b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n")
      || b == UInt8(ascii: "\r")
  }

  /// The kind and title of a `# %% Title [markdown]` line.
  static func parseHeader(_ line: String) -> (Cell.Kind, String?) {
    var rest = String(line.dropFirst(4)).trimmingSpaces
    var kind = Cell.Kind.code
    for tag in ["[markdown]", "[md]"] {
      if let r = rest.range(of: tag) {
        kind = .markdown
        rest.removeSubrange(r)
        rest = rest.trimmingSpaces
        break
      }
    }
    return (kind, rest.isEmpty ? nil : rest)
  }
}
