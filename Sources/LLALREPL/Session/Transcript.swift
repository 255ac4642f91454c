import LLALLanguage
import LLALNotebook

/// One input of a REPL session, kept for `:save` and `:export`.
struct TranscriptEntry {
  /// What kind of input it was.
  enum Kind: Equatable {
    /// Code typed at the prompt.
    case code
    /// `:load FILE` (or `:reload`) of the file at `path`, whose text was `source`.
    case load(path: String, source: String)
  }

  /// Code or a load.
  let kind: Kind
  /// The input with its output, as a notebook page shows it.
  let cell: NotebookCell
}

extension Array where Element == TranscriptEntry {
  /// The session's inputs as a notebook file in the percent format, which `llal run`
  /// runs again: one `# %%` cell per input that ran without error; a loaded file's cells
  /// inlined as they were when it ran, after a Markdown cell naming it.
  var notebookSource: String {
    var out = "# llal session saved with :save\n"
    for entry in self where entry.cell.status == .succeeded {
      guard case .code(let code) = entry.cell.content else { continue }
      switch entry.kind {
      case .code:
        out += "\n# %% \(entry.cell.title ?? "")\n\(code)\n"
      case .load(let path, let source):
        out += "\n# %% [markdown]\n# The session ran `:load \(path)` here; its cells follow.\n\n"
        // Code before the file's first `# %%` line needs a cell of its own.
        let cells = CellSplitter.split(SourceFile(name: path, text: source))
        if cells.first?.header == nil { out += "# %% \(path)\n" }
        out += source.hasSuffix("\n") ? source : source + "\n"
      }
    }
    return out
  }

  /// The session as a notebook document, titled `title`.
  func document(title: String) -> NotebookDocument {
    NotebookDocument(title: title, cells: map(\.cell))
  }
}
