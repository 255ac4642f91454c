import LLALJSON
import LLALLanguage

/// Writes a notebook document as a Jupyter notebook (nbformat 4.5): prose as Markdown
/// cells, code as code cells with their outputs — printed text as `stream`, values as
/// `execute_result` with every rendering they have (`text/plain`, `text/html`,
/// `image/svg+xml`), diagnostics as `error` — and the llal kernelspec in the metadata,
/// so Jupyter opens it with the llal kernel.
///
/// Cells that ran are numbered 1, 2, … in order; cells that did not run have no count.
/// A cell's `# %%` title is kept in its metadata (`"title"`, as Jupytext does). The text
/// is what nbformat itself writes: keys sorted, one-space indent, multi-line strings as
/// lists of lines.
public enum IpynbWriter {
  /// The notebook's JSON text for `document`.
  public static func render(_ document: NotebookDocument) -> String {
    var cells: [JSON] = []
    var count = 0
    for (i, cell) in document.cells.enumerated() {
      var metadata: JSONObject = [:]
      if let title = cell.title { metadata["title"] = .string(title) }
      var json: JSONObject = ["id": .string("cell-\(i + 1)"), "metadata": .object(metadata)]
      switch cell.content {
      case .prose(let markdown):
        json["cell_type"] = "markdown"
        json["source"] = lines(markdown)
      case .code(let source):
        json["cell_type"] = "code"
        json["source"] = lines(source)
        var executionCount: JSON = .null
        if cell.status != .notRun {
          count += 1
          executionCount = .int(count)
        }
        json["execution_count"] = executionCount
        json["outputs"] = .array(
          cell.outputs.map { output(of: $0, in: cell, count: executionCount) })
      }
      cells.append(.object(json))
    }
    let notebook: JSON = [
      "cells": .array(cells),
      "metadata": [
        "kernelspec": JupyterLanguage.kernelspec, "language_info": JupyterLanguage.info(),
      ],
      "nbformat": 4, "nbformat_minor": 5,
    ]
    return notebook.text(indent: 1) + "\n"
  }

  private static func output(of output: CellOutput, in cell: NotebookCell, count: JSON) -> JSON {
    switch output {
    case .printed(let text):
      return ["output_type": "stream", "name": "stdout", "text": lines(text)]
    case .value(let rendering):
      var data: JSONObject = [:]
      for (mime, value) in rendering.mimeBundle.object ?? [:] {
        data[mime] = value.string.map(lines) ?? value
      }
      return [
        "output_type": "execute_result", "execution_count": count, "data": .object(data),
        "metadata": [:],
      ]
    case .error(let text):
      let error: ErrorOutput
      if text.hasPrefix(NotebookRunner.notePrefix) {
        // An interrupt that stopped work which kept its result.
        let note = text.dropFirst(NotebookRunner.notePrefix.count)
        error = ErrorOutput(
          ename: ErrorOutput.name(of: .interrupted),
          evalue: String(note.hasSuffix("\n") ? note.dropLast() : note),
          traceback: ErrorOutput.lines(text))
      } else {
        var phase = Diagnostic.Phase.runtime
        if case .failed(let p) = cell.status { phase = p }
        let traceback = ErrorOutput.lines(text)
        error = ErrorOutput(
          ename: ErrorOutput.name(of: phase),
          evalue: cell.failureMessage ?? traceback.first ?? "", traceback: traceback)
      }
      return error.json.merging(["output_type": "error"])
    }
  }

  /// `text` as nbformat stores a multi-line string: its lines, each but the last with
  /// its newline.
  static func lines(_ text: String) -> JSON {
    var result: [JSON] = []
    var line = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      line.append(scalar)
      if scalar == "\n" {
        result.append(.string(String(line)))
        line = String.UnicodeScalarView()
      }
    }
    if !line.isEmpty { result.append(.string(String(line))) }
    return .array(result)
  }
}
