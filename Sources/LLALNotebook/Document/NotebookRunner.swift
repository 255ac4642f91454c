import Foundation
import LLALLanguage

/// Runs a notebook file cell by cell, as `llal notebook` does, and collects each cell's
/// output for a page.
///
/// Unlike `llal run`, a failing cell does not stop the notebook: its diagnostics become
/// its output and the next cells still run (they see whatever the earlier cells defined),
/// unless `stopAtFirstError` is set. Each code cell is parsed and checked on its own just
/// before it runs, against the names defined so far. An interrupt always stops the run.
public struct NotebookRunner {
  /// The interpreter the cells share.
  public let interpreter: Interpreter
  /// Whether to leave the cells after a failed one unrun.
  public var stopAtFirstError: Bool
  /// The width of text renderings (values without HTML or SVG).
  public var options: DisplayOptions

  /// A runner over `interpreter`.
  public init(
    interpreter: Interpreter, stopAtFirstError: Bool = false,
    options: DisplayOptions = DisplayOptions(width: 100)
  ) {
    self.interpreter = interpreter
    self.stopAtFirstError = stopAtFirstError
    self.options = options
  }

  /// Runs every cell of `file` and returns the document: prose, code and output.
  public func run(_ file: SourceFile) -> NotebookDocument {
    var cells: [NotebookCell] = []
    var stopped = false
    for cell in CellSplitter.split(file) {
      switch cell.kind {
      case .markdown:
        let prose = cell.markdown(in: file)
        if !prose.isEmpty { cells.append(NotebookCell(content: .prose(prose), title: cell.title)) }
      case .code:
        let source = Self.trimmed(cell.text(in: file))
        if source.isEmpty { continue }
        if stopped {
          cells.append(NotebookCell(content: .code(source), title: cell.title, status: .notRun))
          continue
        }
        let (outputs, status, message) = runCode(file, cell.body)
        cells.append(
          NotebookCell(
            content: .code(source), title: cell.title, outputs: outputs, status: status,
            failureMessage: message))
        if case .failed(let phase) = status, stopAtFirstError || phase == .interrupted {
          stopped = true
        }
      }
    }
    return NotebookDocument(title: Self.title(of: file, cells: cells), cells: cells)
  }

  /// How an output says where an interrupt stopped work that kept its result.
  public static let notePrefix = "note: "

  /// Parses, checks and runs one cell, capturing what it prints; with the message of the
  /// first diagnostic when it fails.
  private func runCode(_ file: SourceFile, _ body: Range<Int>) -> (
    [CellOutput], NotebookCell.Status, String?
  ) {
    let buffer = OutputBuffer()
    let saved = interpreter.output
    interpreter.output = buffer
    defer { interpreter.output = saved }
    var outputs: [CellOutput] = []
    func printed() {
      let text = buffer.take()
      if !text.isEmpty { outputs.append(.printed(text)) }
    }
    do {
      let program: Program
      switch Parser.parse(file, range: body) {
      case .program(let p): program = p
      case .incomplete(let d), .failure(let d): throw LanguageError(d)
      }
      let problems = interpreter.check([program], interactive: true)
      if !problems.isEmpty { throw LanguageError(problems) }
      let value = try interpreter.execute(program)
      printed()
      // Work that Ctrl-C stopped but that kept a result (an experiment's finished cycles):
      // the cell shows where it stopped and its value, and the run stops.
      let notes = interpreter.takeStopNotes()
      for note in notes { outputs.append(.error(Self.notePrefix + note + "\n")) }
      if let value, !Self.isNone(value) {
        outputs.append(.value(Rendering(of: value, interpreter: interpreter, options: options)))
      }
      return (outputs, notes.isEmpty ? .succeeded : .failed(.interrupted), notes.first)
    } catch let error as LanguageError {
      printed()
      for note in interpreter.takeStopNotes() {
        outputs.append(.error(Self.notePrefix + note + "\n"))
      }
      outputs.append(.error(error.description))
      return (outputs, .failed(error.phase), error.diagnostics.first?.message)
    } catch {
      printed()
      outputs.append(.error("error: \(error)\n"))
      return (outputs, .failed(.runtime), "\(error)")
    }
  }

  private static func isNone(_ value: Value) -> Bool {
    if case .none = value { return true }
    return false
  }

  /// The text of a cell without the blank lines around it.
  static func trimmed(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  /// The first heading of the first prose cell, else the file's name.
  static func title(of file: SourceFile, cells: [NotebookCell]) -> String {
    for cell in cells {
      guard case .prose(let text) = cell.content else { continue }
      for line in text.split(separator: "\n") where line.hasPrefix("#") {
        let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        if !heading.isEmpty { return heading }
      }
      break
    }
    return file.name.split(separator: "/").last.map(String.init) ?? file.name
  }
}
