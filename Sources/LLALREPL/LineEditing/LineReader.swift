import Foundation

/// What one attempt to read an input line produced.
public enum ReadResult: Equatable {
  /// A line of input, without its trailing newline.
  case line(String)
  /// Ctrl-C at the prompt: the line was discarded.
  case interrupted
  /// End of input (Ctrl-D on an empty line, or the end of a pipe).
  case endOfInput
}

/// A source of input lines with a prompt: libedit on a terminal, plain reads otherwise.
public protocol LineReader: AnyObject {
  /// Shows `prompt` (when interactive) and reads one line.
  func readLine(prompt: String) -> ReadResult
  /// Adds a finished entry (possibly several lines) to the in-memory history.
  func addHistory(_ entry: String)
  /// Whether the reader edits lines on a terminal.
  var isInteractive: Bool { get }
}

/// Reads lines from standard input with no editing: for pipes, files and CI.
public final class PlainLineReader: LineReader {
  private let echoPrompt: Bool

  /// A reader over standard input. The prompt is written only when `echoPrompt` is set.
  public init(echoPrompt: Bool = false) { self.echoPrompt = echoPrompt }

  public var isInteractive: Bool { false }

  public func readLine(prompt: String) -> ReadResult {
    if echoPrompt {
      FileHandle.standardOutput.write(Data(prompt.utf8))
    }
    guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
    return .line(line)
  }

  public func addHistory(_ entry: String) {}
}
