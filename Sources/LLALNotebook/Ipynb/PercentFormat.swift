import LLALLanguage

/// Converts between notebook documents and percent-format `.llal` text (`# %%` cells,
/// `# %% [markdown]` prose with `# `-commented lines), so that a `.llal` file and an
/// `.ipynb` convert both ways keeping every cell, its kind, title and text.
///
/// A canonical file — one blank line between cells, no blank lines at a cell's ends, a
/// `# %%` line before the first cell — comes back byte for byte:
/// `text(of: document(of: file)) == file.text`.
public enum PercentFormat {
  /// The cells of a percent-format file, not run: prose as Markdown, code without the
  /// blank lines around it (empty cells are left out, as `llal notebook` leaves them).
  public static func document(of file: SourceFile) -> NotebookDocument {
    var cells: [NotebookCell] = []
    for cell in CellSplitter.split(file) {
      switch cell.kind {
      case .markdown:
        let prose = cell.markdown(in: file)
        if prose.isEmpty { continue }
        cells.append(NotebookCell(content: .prose(prose), title: cell.title))
      case .code:
        let source = NotebookRunner.trimmed(cell.text(in: file))
        if source.isEmpty { continue }
        cells.append(NotebookCell(content: .code(source), title: cell.title, status: .notRun))
      }
    }
    return NotebookDocument(title: NotebookRunner.title(of: file, cells: cells), cells: cells)
  }

  /// The percent-format text of `document`'s cells (their outputs are not part of it).
  public static func text(of document: NotebookDocument) -> String {
    var blocks: [String] = []
    for cell in document.cells {
      let title = cell.title.map { " " + oneLine($0) } ?? ""
      switch cell.content {
      case .code(let source):
        blocks.append("# %%\(title)\n" + withoutFinalNewline(source))
      case .prose(let markdown):
        let lines = withoutFinalNewline(markdown)
          .split(separator: "\n", omittingEmptySubsequences: false)
          .map { $0.isEmpty ? "#" : "# " + $0 }
        blocks.append("# %%\(title) [markdown]\n" + lines.joined(separator: "\n"))
      }
    }
    return blocks.joined(separator: "\n\n") + (blocks.isEmpty ? "" : "\n")
  }

  private static func withoutFinalNewline(_ text: String) -> String {
    text.hasSuffix("\n") ? String(text.dropLast()) : text
  }

  /// A title on one line, so it cannot end its `# %%` line early.
  private static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
