import Foundation

/// Markdown to HTML for the notebook's prose cells: a safe subset of CommonMark.
///
/// Supported: ATX (`#` to `######`) and setext headings, paragraphs, bullet (`-`, `*`, `+`)
/// and ordered (`1.`, `1)`) lists nested to any depth, fenced (```` ``` ````, `~~~`) and
/// indented code blocks, block quotes, thematic breaks, inline code, emphasis (`*em*`,
/// `_em_`, `**strong**`, `__strong__`), links `[text](url "title")` and backslash escapes.
///
/// Everything else is text and is HTML-escaped: raw HTML in the source shows as written and
/// is never interpreted. Links keep only relative URLs and `http`, `https` and `mailto` ones;
/// any other scheme (`javascript:`, `data:`, ...) drops the link and keeps its text. The
/// output is well-formed XML (void elements are written `<hr />`).
///
/// ```swift
/// Markdown.html(from: "# Results\n\nThe *margin* strategy wins.")
/// // "<h1>Results</h1>\n<p>The <em>margin</em> strategy wins.</p>\n"
/// ```
public enum Markdown {
  /// The HTML for `source`: one element per block, each on its own line.
  public static func html(from source: String) -> String {
    let lines = source.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { expandTabs(String($0)) }
    let blocks = MarkdownBlockParser.parse(lines, depth: 0)
    return blocks.map { render($0, tight: false) }.joined(separator: "\n")
      + (blocks.isEmpty ? "" : "\n")
  }

  /// How deep lists and quotes may nest before deeper markers are read as text.
  static let maxDepth = 32

  /// Leading tabs as spaces to the next multiple of four (tab stops), the rest unchanged.
  private static func expandTabs(_ line: String) -> String {
    var out = ""
    var column = 0
    var leading = true
    for c in line {
      if leading, c == "\t" {
        let n = 4 - column % 4
        out += String(repeating: " ", count: n)
        column += n
      } else {
        leading = leading && c == " "
        out.append(c)
        column += 1
      }
    }
    return out
  }

  /// The HTML of one block; `tight` list items show their paragraphs without `<p>`.
  private static func render(_ block: MarkdownBlock, tight: Bool) -> String {
    switch block {
    case .heading(let level, let text):
      return "<h\(level)>\(MarkdownInline.html(text))</h\(level)>"
    case .paragraph(let text):
      let inline = MarkdownInline.html(text)
      return tight ? inline : "<p>\(inline)</p>"
    case .code(let info, let lines):
      let language =
        info.split(separator: " ").first.map {
          " class=\"language-\(HTML.escape(String($0)))\""
        } ?? ""
      let body = lines.map { HTML.escape($0) + "\n" }.joined()
      return "<pre><code\(language)>\(body)</code></pre>"
    case .quote(let blocks):
      return (["<blockquote>"] + blocks.map { render($0, tight: false) } + ["</blockquote>"])
        .joined(separator: "\n")
    case .rule:
      return "<hr />"
    case .list(let ordered, let start, let items, let isTight):
      let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
      let lis = items.map { item -> String in
        let parts = item.map { render($0, tight: isTight) }
        // A tight item whose only block is text stays on one line.
        if parts.isEmpty { return "<li></li>" }
        if isTight, case .paragraph = item[0], parts.count == 1 { return "<li>\(parts[0])</li>" }
        return "<li>\n" + parts.joined(separator: "\n") + "\n</li>"
      }
      return ([open] + lis + [ordered ? "</ol>" : "</ul>"]).joined(separator: "\n")
    }
  }
}

/// A block of a Markdown document.
enum MarkdownBlock: Equatable {
  /// `#` to `######`: the level and the inline text.
  case heading(level: Int, text: String)
  /// Lines of inline text, joined with newlines.
  case paragraph(String)
  /// A code block: the fence's info string (empty when indented) and the lines verbatim.
  case code(info: String, lines: [String])
  /// A `>` quote holding blocks.
  case quote([MarkdownBlock])
  /// A thematic break (`---`, `***`, `___`).
  case rule
  /// A list: ordered or not, its start number, the blocks of each item, and whether it is
  /// tight (no blank lines between items).
  case list(ordered: Bool, start: Int, items: [[MarkdownBlock]], tight: Bool)
}
