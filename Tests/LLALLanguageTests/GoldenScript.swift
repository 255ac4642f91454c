import LLALDomain
import Foundation
import LLALLanguage

/// A golden `.llal` script and what it must produce, read from its comments:
///
/// - `# expect: TEXT` — the next line of output (from `print` or a cell's value);
/// - `# expect error [LINE:COL]: MESSAGE` — the next diagnostic, at that position;
/// - `# expect note: TEXT` — a note (call-stack line) of the last expected error, with
///   the file name left out (`in 'f', called at 9:3`).
///
/// The script runs as `llal run` runs it; output and diagnostics must match exactly and
/// in order.
struct GoldenScript {
  struct ExpectedError: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var notes: [String] = []
    var description: String {
      "[\(line):\(column)]: \(message)" + notes.map { "\n    note: \($0)" }.joined()
    }
  }

  let url: URL
  let source: SourceFile
  var expectedOutput: [String] = []
  var expectedErrors: [ExpectedError] = []

  init(url: URL) throws {
    self.url = url
    let text = try String(contentsOf: url, encoding: .utf8)
    source = SourceFile(name: url.lastPathComponent, text: text)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard let hash = line.range(of: "# expect") else { continue }
      let rest = line[hash.upperBound...]
      if rest.hasPrefix(": ") || rest == ":" {
        expectedOutput.append(String(rest.dropFirst(rest == ":" ? 1 : 2)))
      } else if rest.hasPrefix(" error [") {
        let spec = rest.dropFirst(" error [".count)
        guard let close = spec.firstIndex(of: "]") else { continue }
        let position = spec[..<close].split(separator: ":")
        let message = spec[spec.index(after: close)...].drop { $0 == ":" || $0 == " " }
        guard position.count == 2, let l = Int(position[0]), let c = Int(position[1]) else {
          continue
        }
        expectedErrors.append(ExpectedError(line: l, column: c, message: String(message)))
      } else if rest.hasPrefix(" note: "), !expectedErrors.isEmpty {
        expectedErrors[expectedErrors.count - 1].notes.append(String(rest.dropFirst(7)))
      }
    }
  }

  /// Runs the script and returns its output lines and diagnostics.
  func run() -> (output: [String], errors: [ExpectedError]) {
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    var errors: [ExpectedError] = []
    do {
      try ScriptRunner(interpreter: interpreter).run(source)
    } catch let error as LanguageError {
      for d in error.diagnostics {
        let loc = d.location ?? SourceLocation(line: 0, column: 0)
        let prefix = source.name + ":"
        let notes = d.notes.map { $0.replacingOccurrences(of: prefix, with: "") }
        errors.append(
          ExpectedError(line: loc.line, column: loc.column, message: d.message, notes: notes))
      }
    } catch {
      errors.append(ExpectedError(line: 0, column: 0, message: "unexpected error: \(error)"))
    }
    var lines = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    if lines.last == "" { lines.removeLast() }
    return (lines, errors)
  }
}
