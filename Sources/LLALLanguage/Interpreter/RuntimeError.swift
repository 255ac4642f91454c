/// An error raised while running: a type error, a failed tensor operation, a limit, an
/// interrupt. Built-ins throw it with just a message; the interpreter fills in the
/// position of the call and the `.llal` call stack.
public struct RuntimeError: Error, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  /// Where, if known.
  public var range: SourceRange?
  /// The source `range` points into.
  public var file: SourceFile?
  /// Active user-function calls when it was raised, innermost first; nil until the
  /// interpreter records them.
  var stack: [StackEntry]?
  /// Whether this is an interrupt (Ctrl-C) rather than an error.
  public var isInterrupt = false
  /// Whether a file or stream could not be read or written (diagnostic phase `.io`).
  public var isIOError = false

  /// An error with a message; the interpreter adds the position.
  public init(_ message: String, range: SourceRange? = nil, file: SourceFile? = nil) {
    self.message = message
    self.range = range
    self.file = file
  }

  /// The message.
  public var description: String { message }
}

/// One active call of a user function, for the call stack in runtime diagnostics.
struct StackEntry {
  /// How the function is named in messages (`'loss'`).
  let function: String
  /// Where it was called.
  let callSite: SourceRange
  /// The source `callSite` points into.
  let file: SourceFile
}
