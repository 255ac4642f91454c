import LLALNotebook

/// One input of a REPL session, kept for `:save` and `:export`.
struct TranscriptEntry {
  /// What kind of input it was.
  enum Kind: Equatable {
    /// Code typed at the prompt.
    case code
    /// `:load FILE` (or `:reload`) of the file at this path.
    case load(String)
  }

  /// Code or a load.
  let kind: Kind
  /// The input with its output, as a notebook page shows it.
  let cell: NotebookCell
}

extension Array where Element == TranscriptEntry {
  /// The session's inputs as a notebook file in the percent format: one `# %%` cell per
  /// input that ran without error; a loaded file becomes a comment naming it.
  var notebookSource: String {
    var out = "# llal session saved with :save\n"
    for entry in self where entry.cell.status == .succeeded {
      guard case .code(let source) = entry.cell.content else { continue }
      switch entry.kind {
      case .code:
        out += "\n# %% \(entry.cell.title ?? "")\n\(source)\n"
      case .load(let path):
        out += "\n# %% \(entry.cell.title ?? "")\n# The session ran :load \(path) here.\n"
      }
    }
    return out
  }

  /// The session as a notebook document, titled `title`.
  func document(title: String) -> NotebookDocument {
    NotebookDocument(title: title, cells: map(\.cell))
  }
}
