/// What parsing a source text gives.
public enum ParseResult {
  /// A well-formed program.
  case program(Program)
  /// The text ended inside an open bracket, block or string, or after an operator: more
  /// input could complete it. The REPL shows its continuation prompt; a file reports
  /// the diagnostics.
  case incomplete([Diagnostic])
  /// Syntax errors (several where recovery allowed), in source order.
  case failure([Diagnostic])

  /// The program, if parsing succeeded.
  public var program: Program? {
    if case .program(let p) = self { return p }
    return nil
  }

  /// The diagnostics of an incomplete or failed parse; empty for a program.
  public var diagnostics: [Diagnostic] {
    switch self {
    case .program: return []
    case .incomplete(let d), .failure(let d): return d
    }
  }
}
