/// Writes a notebook document as Markdown: the title, the prose as it is, code in fenced
/// `llal` blocks and output in fenced `text` blocks (tables as pipe tables).
public enum MarkdownPage {
  /// The Markdown for `document`.
  public static func render(_ document: NotebookDocument) -> String {
    var blocks: [String] = []
    if !startsWithHeading(document) { blocks.append("# \(oneLine(document.title))") }
    for cell in document.cells {
      switch cell.content {
      case .prose(let markdown):
        blocks.append(markdown)
      case .code(let source):
        if let title = cell.title { blocks.append("**\(oneLine(title))**") }
        blocks.append(fenced(source, language: "llal"))
        blocks += outputs(cell.outputs)
        if cell.status == .notRun { blocks.append("*Not run: an earlier cell failed.*") }
      }
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  /// The outputs as blocks: runs of text in one fenced block, Markdown values apart.
  private static func outputs(_ outputs: [CellOutput]) -> [String] {
    var blocks: [String] = []
    var text = ""
    func flush() {
      if !text.isEmpty { blocks.append(fenced(text, language: "text")) }
      text = ""
    }
    for output in outputs {
      switch output {
      case .printed(let s), .error(let s): text += s
      case .value(let rendering):
        if let markdown = rendering.markdown {
          flush()
          blocks.append(markdown.hasSuffix("\n") ? String(markdown.dropLast()) : markdown)
        } else {
          text += rendering.text.hasSuffix("\n") ? rendering.text : rendering.text + "\n"
        }
      }
    }
    flush()
    return blocks
  }

  /// `text` in a fence longer than any run of backticks inside it.
  static func fenced(_ text: String, language: String) -> String {
    var longest = 0
    var run = 0
    for c in text {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
    return "\(fence)\(language)\n\(body)\n\(fence)"
  }

  /// A title on one line, so it cannot start new blocks.
  private static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }

  private static func startsWithHeading(_ document: NotebookDocument) -> Bool {
    guard case .prose(let text) = document.cells.first?.content else { return false }
    return text.hasPrefix("#")
  }
}
