/// Follows a text line by line and says whether it ends inside an open bracket or
/// string, in time proportional to each line — what a REPL asks before running the
/// parser on a long pasted input, which would otherwise be parsed again for every line.
///
/// It applies the lexer's rules: strings run from `"` to the next unescaped `"` and may
/// span lines, comments run from `#` to the end of the line, and `( [ {` open what
/// `) ] }` close.
///
/// ```swift
/// var scanner = BracketScanner()
/// scanner.feed("xs = [1,  # a comment ]")
/// scanner.isOpen  // true: the parser can only say "incomplete" (or find an error)
/// ```
public struct BracketScanner: Sendable {
  /// Brackets opened and not yet closed.
  public private(set) var depth = 0
  /// Whether the text so far ends inside a string.
  public private(set) var isInString = false
  /// Whether a closing bracket came with nothing open: an error the parser must report.
  public private(set) var hasStrayCloser = false

  /// A scanner at the start of a text.
  public init() {}

  /// Whether a bracket or string is certainly still open, so that the text cannot be
  /// complete yet: parsing it now could only find it incomplete or find an error.
  public var isOpen: Bool { (isInString || depth > 0) && !hasStrayCloser }

  /// Takes the next line of the text, without its line break.
  public mutating func feed(_ line: String) {
    var escaped = false
    for c in line.utf8 {
      if isInString {
        if escaped {
          escaped = false
        } else if c == UInt8(ascii: "\\") {
          escaped = true
        } else if c == UInt8(ascii: "\"") {
          isInString = false
        }
        continue
      }
      switch c {
      case UInt8(ascii: "#"): return
      case UInt8(ascii: "\""): isInString = true
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        if depth < 0 { hasStrayCloser = true }
      default: break
      }
    }
  }
}
