import LLALRender

/// Writes a notebook document as one self-contained HTML page: inline CSS, charts as
/// inline SVG, tables as HTML tables, no JavaScript and no external files.
///
/// Prose goes through `Markdown.html(from:)` (a safe subset); code, printed output,
/// errors and titles through `HTML.escape`, so no string from the program is ever
/// interpreted as markup. The page is well-formed XML as well as HTML.
public enum HTMLPage {
  /// The page for `document`.
  public static func render(_ document: NotebookDocument) -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="generator" content="llal" />
      <title>\(HTML.escape(document.title))</title>
      <style>
      \(PageStyle.css)
      </style>
      </head>
      <body>
      <main class="llal-notebook">

      """
    if !startsWithHeading(document) {
      out += "<header class=\"llal-cell\"><h1>\(HTML.escape(document.title))</h1></header>\n"
    }
    for cell in document.cells { out += render(cell) }
    out += "</main>\n</body>\n</html>\n"
    return out
  }

  /// One cell as an `<article>`.
  static func render(_ cell: NotebookCell) -> String {
    switch cell.content {
    case .prose(let markdown):
      return
        "<article class=\"llal-cell llal-prose\">\n\(Markdown.html(from: markdown))</article>\n"
    case .code(let source):
      var classes = "llal-cell llal-code"
      switch cell.status {
      case .succeeded: break
      case .failed: classes += " llal-failed"
      case .notRun: classes += " llal-not-run"
      }
      var out = "<article class=\"\(classes)\">\n"
      if let title = cell.title {
        out += "<div class=\"llal-cell-title\">\(HTML.escape(title))</div>\n"
      }
      out += "<pre class=\"llal-source\"><code class=\"language-llal\">"
      out += HTML.escape(source) + "</code></pre>\n"
      if !cell.outputs.isEmpty {
        out += "<div class=\"llal-output\">\n"
        for output in cell.outputs { out += render(output) + "\n" }
        out += "</div>\n"
      }
      if cell.status == .notRun {
        out += "<p class=\"llal-note\">Not run: an earlier cell failed.</p>\n"
      }
      return out + "</article>\n"
    }
  }

  private static func render(_ output: CellOutput) -> String {
    switch output {
    case .printed(let text): return "<pre class=\"llal-stdout\">\(HTML.escape(text))</pre>"
    case .value(let rendering): return rendering.pageHTML
    case .error(let text): return "<pre class=\"llal-error\">\(HTML.escape(text))</pre>"
    }
  }

  /// Whether the first cell is prose that starts with a heading (which then titles the
  /// page, so no header is added).
  private static func startsWithHeading(_ document: NotebookDocument) -> Bool {
    guard case .prose(let text) = document.cells.first?.content else { return false }
    return text.hasPrefix("#")
  }
}
