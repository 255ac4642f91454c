import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  /// Drops input that was typed or pasted ahead and not read yet (after Ctrl-C stopped
  /// the work, the rest of a pasted block must not run).
  func discardPendingInput()
  /// The next line if it has already arrived in full, without waiting for it or
  /// consuming it; nil otherwise. A complete input is held back when this line continues
  /// it (it starts with `|>`, `.member` or `else`), as a file's would be.
  func pendingLine() -> String?
  /// Whether the reader edits lines on a terminal.
  var isInteractive: Bool { get }
}

/// Reads lines from standard input with no editing: for pipes, files and CI.
///
/// It reads with `read(2)` rather than the C library's buffered streams, so a Ctrl-C that
/// interrupts a blocked read (`EINTR`) is reported as `.interrupted` and reading can go on.
public final class PlainLineReader: LineReader {
  private let writePrompt: ((String) -> Void)?
  private var pending: [UInt8] = []
  private var atEnd = false

  /// A reader over standard input; prompts go to `writePrompt` when it is given (use it
  /// when a person types into a terminal whose output is redirected).
  public init(writePrompt: ((String) -> Void)? = nil) { self.writePrompt = writePrompt }

  /// False: no line editing.
  public var isInteractive: Bool { false }

  /// The next line of standard input, without its `\n` (or `\r\n`).
  public func readLine(prompt: String) -> ReadResult {
    writePrompt?(prompt)
    while true {
      if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(pending[..<newline])
        pending.removeFirst(newline + 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
      }
      if atEnd {
        guard !pending.isEmpty else { return .endOfInput }
        defer { pending = [] }
        return .line(String(decoding: pending, as: UTF8.self))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if n > 0 {
        pending += chunk[..<n]
      } else if n < 0, errno == EINTR {
        return .interrupted
      } else {
        atEnd = true
      }
    }
  }

  /// The next buffered line, reading what standard input already holds but never
  /// waiting (a program that drives the REPL through a pipe waits for its answer).
  public func pendingLine() -> String? {
    while pending.firstIndex(of: UInt8(ascii: "\n")) == nil, !atEnd {
      var waiting = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      guard poll(&waiting, 1, 0) > 0 else { break }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if n > 0 {
        pending += chunk[..<n]
      } else if n == 0 || errno != EINTR {
        atEnd = true
      } else {
        break
      }
    }
    guard let newline = pending.firstIndex(of: UInt8(ascii: "\n")) else {
      return atEnd && !pending.isEmpty ? String(decoding: pending, as: UTF8.self) : nil
    }
    return String(decoding: pending[..<newline], as: UTF8.self)
  }

  /// Nothing: a plain reader keeps no history.
  public func addHistory(_ entry: String) {}

  /// Nothing: piped input is the program, not text typed ahead.
  public func discardPendingInput() {}
}
