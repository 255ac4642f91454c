/// One problem found in a program: where it is, what is wrong, and in which phase it
/// was found (which decides the exit status of `llal run`).
///
/// `description` renders it as `file:line:col: error: message`, the source line and a
/// caret (or an underline for a range), then any notes (the `.llal` call stack).
public struct Diagnostic: Error, CustomStringConvertible {
  /// When a diagnostic was found.
  public enum Phase: Sendable, Equatable {
    /// Lexing or parsing (syntax).
    case parse
    /// The static check of names, arities and placement, before running.
    case check
    /// While running.
    case runtime
    /// While running, a file or stream could not be read or written (missing, a
    /// directory, no permission, disk full): the command line's exit status 74.
    case io
    /// Running stopped because an interrupt was requested (Ctrl-C).
    case interrupted
  }

  /// The phase that found it.
  public var phase: Phase
  /// What is wrong, naming what was expected and what was found.
  public var message: String
  /// The source it points into; nil for a problem with no position.
  public var file: SourceFile?
  /// The span it points at within `file`.
  public var range: SourceRange
  /// Further lines printed under the source excerpt, such as the call stack
  /// (`in 'loss', called at demo.llal:9:1`).
  public var notes: [String]
  /// Whether the problem is that the input ended too early (an open bracket, block or
  /// string, or a missing operand): more input could complete it.
  public var isAtEndOfInput: Bool

  /// A diagnostic at `range` of `file`.
  public init(
    _ phase: Phase, _ message: String, file: SourceFile?, range: SourceRange,
    notes: [String] = [], isAtEndOfInput: Bool = false
  ) {
    self.phase = phase
    self.message = message
    self.file = file
    self.range = range
    self.notes = notes
    self.isAtEndOfInput = isAtEndOfInput
  }

  /// The 1-based line and column of the start of `range`, when there is a file.
  public var location: SourceLocation? { file?.location(of: range.start) }

  /// The plain-text rendering (no colour).
  public var description: String { DiagnosticRenderer(color: false).render(self) }
}

/// Diagnostics that stopped a program: thrown by `Interpreter` entry points. All come
/// from one phase (several parse errors, or one runtime error).
public struct LanguageError: Error, CustomStringConvertible {
  /// The problems, in source order for parse and check errors.
  public var diagnostics: [Diagnostic]

  /// Wraps `diagnostics` (at least one).
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// The phase of the first diagnostic.
  public var phase: Diagnostic.Phase { diagnostics.first?.phase ?? .runtime }

  /// Every diagnostic rendered without colour, one after the other.
  public var description: String {
    diagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined()
  }
}
