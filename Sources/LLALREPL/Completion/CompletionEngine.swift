import Foundation
import LLALLanguage
import LLALNotebook

/// What Tab offers for the text before the cursor: `:commands` and the file paths after
/// `:load`, `:save` and `:export`, and for code what `CodeCompletion` (shared with the
/// Jupyter kernel) offers.
public struct CompletionEngine {
  /// A completion: where the replaced word starts (a UTF-8 offset into the line) and the
  /// words that may replace it, sorted.
  public typealias Result = CodeCompletion.Result

  /// Completion of code and paths.
  var code: CodeCompletion

  /// The folder relative paths start from.
  public var currentDirectory: URL {
    get { code.currentDirectory }
    set { code.currentDirectory = newValue }
  }

  /// An engine over `interpreter`, completing relative paths from `currentDirectory`.
  public init(
    interpreter: Interpreter,
    currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) {
    code = CodeCompletion(interpreter: interpreter, currentDirectory: currentDirectory)
  }

  /// The completions for `line`, the text before the cursor.
  public func complete(_ line: String) -> Result {
    let leading = line.prefix { $0 == " " || $0 == "\t" }
    if line.dropFirst(leading.count).hasPrefix(":") {
      return completeCommand(line, from: leading.utf8.count)
    }
    return code.complete(line)
  }

  /// Completes a `:command` line whose colon is `offset` bytes in (after blanks).
  private func completeCommand(_ line: String, from offset: Int) -> Result {
    let afterColon = line.dropFirst(offset + 1)
    guard let space = afterColon.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
      let candidates = MetaCommand.allCases.map(\.rawValue)
        .filter { $0.hasPrefix(afterColon) }.map { ":" + $0 }
      return (offset, candidates)
    }
    guard let command = MetaCommand.named(String(afterColon[..<space])) else {
      return (line.utf8.count, [])
    }
    let argument = afterColon[space...].drop { $0 == " " || $0 == "\t" }
    let argumentStart = line.utf8.count - argument.utf8.count
    if command.takesPath {
      let quoted = argument.hasPrefix("\"")
      let path = String(quoted ? argument.dropFirst() : argument)
      return (argumentStart + (quoted ? 1 : 0), code.paths(completing: path))
    }
    if command.takesExpression { return code.complete(line) }
    return (line.utf8.count, [])
  }
}
