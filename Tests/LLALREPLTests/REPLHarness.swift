import Foundation
import LLALLanguage
import LLALREPL
import XCTest

/// Feeds a REPL fixed lines and records the prompts it showed.
final class ScriptedLineReader: LineReader {
  private var lines: [String]
  private(set) var prompts: [String] = []
  private(set) var history: [String] = []
  /// Called before each line is handed out, with the line's index.
  var beforeLine: ((Int) -> Void)?
  private var index = 0

  init(_ lines: [String]) { self.lines = lines }

  /// Whether the REPL should take it for a terminal.
  var isInteractive = false

  func readLine(prompt: String) -> ReadResult {
    prompts.append(prompt)
    guard !lines.isEmpty else { return .endOfInput }
    beforeLine?(index)
    index += 1
    return .line(lines.removeFirst())
  }

  func addHistory(_ entry: String) { history.append(entry) }

  func pendingLine() -> String? { lines.first }

  func discardPendingInput() {}
}

/// One REPL session run in-process over scripted lines, with its outputs.
struct REPLRun {
  let output: String
  let errors: String
  let reader: ScriptedLineReader
  let repl: REPL

  init(
    _ lines: [String], options: REPL.Options = REPL.Options(width: { 60 }),
    beforeLine: ((Int) -> Void)? = nil
  ) {
    let out = OutputBuffer()
    let err = OutputBuffer()
    reader = ScriptedLineReader(lines)
    reader.beforeLine = beforeLine
    repl = REPL(reader: reader, output: out, errors: err, options: options)
    repl.run()
    output = out.text
    errors = err.text
  }
}
