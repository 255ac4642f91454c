import LLALLanguage

/// The input being typed or pasted, line by line, until the parser calls it complete.
///
/// Parsing the whole input again after each line made a 20,000-line paste quadratic. A
/// `BracketScanner` follows the lines instead: while a bracket or string is open, the
/// parser could only answer "incomplete" or report an error, so past `eagerParseBytes`
/// the REPL waits for the brackets to close before parsing. Shorter inputs (anything
/// typed by hand) are still parsed after every line, so a syntax error shows at once.
struct PendingInput {
  /// Up to this many bytes, an input is parsed after every line.
  static let eagerParseBytes = 4096

  /// The lines so far, joined by line breaks.
  private(set) var text = ""
  /// Whether no line has been added.
  private(set) var isEmpty = true
  private var scanner = BracketScanner()

  /// Adds the next line.
  mutating func append(_ line: String) {
    text += isEmpty ? line : "\n" + line
    isEmpty = false
    scanner.feed(line)
  }

  /// Whether the input is long and a bracket or string is still open, so that parsing
  /// it can wait for the next line.
  var isCertainlyOpen: Bool { scanner.isOpen && text.utf8.count > Self.eagerParseBytes }
}
