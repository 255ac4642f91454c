extension Table {
  /// How a table is drawn as plain text.
  public enum TextStyle: String, Hashable, Sendable {
    /// Box-drawing borders around every cell.
    case box
    /// Columns separated by two spaces, the header underlined with dashes.
    case plain
  }

  /// The table as plain text for a terminal or a log, columns padded by display width.
  ///
  /// ```
  /// ┌───────┬─────────────┐
  /// │ cycle │      random │
  /// ├───────┼─────────────┤
  /// │     1 │ 0.61 ± 0.02 │
  /// └───────┴─────────────┘
  /// ```
  public func text(style: TextStyle = .box) -> String {
    var lines: [String] = []
    if let title { lines.append(oneLine(title)) }
    if columnCount == 0 {
      lines.append("(empty table)")
    } else {
      let header = paddedHeaders.map(oneLine)
      let body = paddedRows.map { $0.map(oneLine) }
      let widths = (0..<columnCount).map { c in
        ([header[c]] + body.map { $0[c] }).map(DisplayWidth.of).max() ?? 0
      }
      let aligns = resolvedAlignments
      let cells = { (row: [String]) in
        zip(row, zip(widths, aligns)).map { DisplayWidth.pad($0, to: $1.0, alignment: $1.1) }
      }
      switch style {
      case .box:
        let rule = { (l: String, m: String, r: String) in
          l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r
        }
        let row = { (cells: [String]) in "│ " + cells.joined(separator: " │ ") + " │" }
        lines.append(rule("┌", "┬", "┐"))
        lines.append(row(cells(header)))
        lines.append(rule("├", "┼", "┤"))
        lines += body.map { row(cells($0)) }
        lines.append(rule("└", "┴", "┘"))
      case .plain:
        lines.append(cells(header).joined(separator: "  "))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += body.map { cells($0).joined(separator: "  ") }
      }
    }
    lines += footerLines.map(oneLine)
    return lines.map(trimmingTrailingSpaces).joined(separator: "\n")
  }

  /// The table as a Markdown pipe table (GitHub Flavored Markdown), with the title in bold
  /// above and the footer below.
  ///
  /// Cell text is escaped so it reads literally: `|`, `\`, `` ` ``, `*`, `[`, `]` and
  /// word-boundary `_` get a backslash, `<`, `>` and `&` become entities (so no raw HTML
  /// reaches a Markdown renderer), and newlines become spaces.
  public func markdown() -> String {
    var blocks: [String] = []
    if let title { blocks.append("**" + Self.markdownEscape(title) + "**") }
    if columnCount == 0 {
      blocks.append("*(empty table)*")
    } else {
      let header = paddedHeaders.map(Self.markdownEscape)
      let body = paddedRows.map { $0.map(Self.markdownEscape) }
      let aligns = resolvedAlignments
      let widths = (0..<columnCount).map { c in
        max(([header[c]] + body.map { $0[c] }).map(DisplayWidth.of).max() ?? 0, 3)
      }
      let row = { (cells: [String]) in
        "| "
          + zip(cells, zip(widths, aligns)).map { DisplayWidth.pad($0, to: $1.0, alignment: $1.1) }
          .joined(separator: " | ") + " |"
      }
      let rule = zip(widths, aligns).map { width, align -> String in
        switch align {
        case .left: return ":" + String(repeating: "-", count: width - 1)
        case .right: return String(repeating: "-", count: width - 1) + ":"
        case .center: return ":" + String(repeating: "-", count: width - 2) + ":"
        }
      }
      blocks.append(
        ([row(header), "| " + rule.joined(separator: " | ") + " |"] + body.map(row))
          .joined(separator: "\n"))
    }
    blocks += footerLines.map(Self.markdownEscape)
    return blocks.joined(separator: "\n\n")
  }

  /// The table as an HTML `<table>` with a caption, header, body and footer; every cell is
  /// HTML-escaped and right- or centre-aligned columns carry a `text-align` style.
  public func html() -> String {
    var out = ["<table class=\"llal-table\">"]
    if let title { out.append("<caption>\(HTML.escape(title))</caption>") }
    if columnCount > 0 {
      let aligns = resolvedAlignments
      let row = { (cells: [String], tag: String) in
        "<tr>"
          + zip(cells, aligns).map { cell, align in
            let style = align == .left ? "" : " style=\"text-align: \(align.rawValue)\""
            return "<\(tag)\(style)>\(HTML.escape(cell))</\(tag)>"
          }.joined() + "</tr>"
      }
      out += ["<thead>", row(paddedHeaders, "th"), "</thead>", "<tbody>"]
      out += paddedRows.map { row($0, "td") }
      out.append("</tbody>")
    }
    if footer != nil {
      let span = max(columnCount, 1)
      let text = footerLines.map(HTML.escape).joined(separator: "<br/>")
      out += ["<tfoot>", "<tr><td colspan=\"\(span)\">\(text)</td></tr>", "</tfoot>"]
    }
    out.append("</table>")
    return out.joined(separator: "\n")
  }

  /// `text` on one line with Markdown's special characters backslash-escaped.
  static func markdownEscape(_ text: String) -> String {
    let chars = Array(oneLine(text))
    var out = ""
    for (i, c) in chars.enumerated() {
      switch c {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      case "\\", "|", "`", "*", "[", "]": out += "\\" + String(c)
      case "_":
        // An underscore inside a word (snake_case) cannot start emphasis; leave it readable.
        let inside =
          i > 0 && i + 1 < chars.count && chars[i - 1].isWordPart && chars[i + 1].isWordPart
        out += inside ? "_" : "\\_"
      default: out.append(c)
      }
    }
    return out
  }
}

extension Character {
  /// A letter, digit or underscore.
  fileprivate var isWordPart: Bool { isLetter || isNumber || self == "_" }
}
