/// The formats a notebook document can be written in, chosen by the file's extension:
/// the one list `llal notebook -o` and the REPL's `:export` consult.
///
/// A new format is a new case with its extensions and its renderer; nothing else
/// decides what an extension means.
///
/// ```swift
/// PageFormat(path: "results.md")  // .markdown
/// PageFormat(path: "results.txt")  // nil: PageFormat.known lists what is accepted
/// ```
public enum PageFormat: CaseIterable, Sendable {
  /// A self-contained HTML page (`HTMLPage`).
  case html
  /// Markdown (`MarkdownPage`).
  case markdown
  /// A Jupyter notebook, nbformat 4.5 with the cells' outputs (`IpynbWriter`).
  case ipynb

  /// The extensions of this format, without the dot, the usual one first.
  public var extensions: [String] {
    switch self {
    case .html: return ["html", "htm"]
    case .markdown: return ["md", "markdown"]
    case .ipynb: return ["ipynb"]
    }
  }

  /// The document in this format.
  public func render(_ document: NotebookDocument) -> String {
    switch self {
    case .html: return HTMLPage.render(document)
    case .markdown: return MarkdownPage.render(document)
    case .ipynb: return IpynbWriter.render(document)
    }
  }

  /// The format for `path`'s extension (any letter case), or nil for an unknown one.
  public init?(path: String) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    let ext = name[name.index(after: dot)...].lowercased()
    guard let format = PageFormat.allCases.first(where: { $0.extensions.contains(ext) }) else {
      return nil
    }
    self = format
  }

  /// The usual extensions of every format for messages: `.html or .md`.
  public static var known: String {
    let names = allCases.map { "." + ($0.extensions.first ?? "") }
    return names.count < 2
      ? names.joined()
      : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}
