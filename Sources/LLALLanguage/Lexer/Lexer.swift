/// Turns source bytes into tokens in one pass.
///
/// Line breaks are not tokens: each token records whether one precedes it, and the
/// parser decides where that ends a statement. Problems (an unexpected character, an
/// unterminated string, a bad escape) become diagnostics and `invalid` tokens, so the
/// parser can go on and report more.
struct Lexer {
  private let file: SourceFile
  private let bytes: [UInt8]
  private var index: Int
  private let end: Int
  /// Where the token being scanned starts.
  private var tokenStart = 0
  private(set) var diagnostics: [Diagnostic] = []

  /// A lexer over `range` of `file` (all of it by default): a notebook cell is lexed in
  /// place so positions stay those of the whole file.
  init(file: SourceFile, range: Range<Int>? = nil) {
    self.file = file
    self.bytes = file.bytes
    let r = range ?? 0..<file.bytes.count
    self.index = max(0, r.lowerBound)
    self.end = min(file.bytes.count, r.upperBound)
  }

  /// Every token, ending with `endOfInput`.
  mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    tokens.reserveCapacity((end - index) / 3 + 1)
    var lineBreak = true
    while true {
      lineBreak = skipTrivia() || lineBreak
      let start = index
      let kind = index < end ? scanToken() : .endOfInput
      tokens.append(Token(kind: kind, range: SourceRange(start, index), atLineStart: lineBreak))
      if kind == .endOfInput { return tokens }
      lineBreak = false
    }
  }

  // MARK: - Trivia

  /// Skips spaces, tabs, comments and line breaks; returns whether it passed a line break.
  private mutating func skipTrivia() -> Bool {
    var sawNewline = false
    while index < end {
      switch bytes[index] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        index += 1
      case UInt8(ascii: "\n"):
        sawNewline = true
        index += 1
      case UInt8(ascii: "#"):
        while index < end, bytes[index] != UInt8(ascii: "\n") { index += 1 }
      default:
        return sawNewline
      }
    }
    return sawNewline
  }

  // MARK: - Tokens

  private func peek(_ offset: Int = 0) -> UInt8 {
    index + offset < end ? bytes[index + offset] : 0
  }

  private mutating func scanToken() -> TokenKind {
    tokenStart = index
    let c = bytes[index]
    if isIdentifierStart(c) { return scanIdentifier() }
    if isDigit(c) { return scanNumber() }
    if c == UInt8(ascii: "\"") { return scanString() }
    index += 1
    switch c {
    case UInt8(ascii: "("): return .leftParen
    case UInt8(ascii: ")"): return .rightParen
    case UInt8(ascii: "["): return .leftBracket
    case UInt8(ascii: "]"): return .rightBracket
    case UInt8(ascii: "{"): return .leftBrace
    case UInt8(ascii: "}"): return .rightBrace
    case UInt8(ascii: ","): return .comma
    case UInt8(ascii: ":"): return .colon
    case UInt8(ascii: ";"): return .semicolon
    case UInt8(ascii: "@"): return .at
    case UInt8(ascii: "%"): return .percent
    case UInt8(ascii: "."):
      if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: "<") {
        index += 2
        return .halfOpenRange
      }
      if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") {
        index += 2
        return .closedRange
      }
      if peek() == UInt8(ascii: ".") {
        index += 1
        return invalid("'..' is not an operator; use '..<' (half-open) or '...' (closed)")
      }
      return .dot
    case UInt8(ascii: "|"):
      if peek() == UInt8(ascii: ">") {
        index += 1
        return .pipe
      }
      if peek() == UInt8(ascii: "|") {
        index += 1
        return invalid("unexpected '||'; use 'or'")
      }
      return invalid("unexpected character '|'; the pipeline operator is '|>'")
    case UInt8(ascii: "&"):
      if peek() == UInt8(ascii: "&") { index += 1 }
      return invalid("unexpected character '&'; use 'and'")
    case UInt8(ascii: "!"):
      if peek() == UInt8(ascii: "=") {
        index += 1
        return .notEqual
      }
      return invalid("unexpected character '!'; use 'not'")
    case UInt8(ascii: "="):
      if peek() == UInt8(ascii: "=") {
        index += 1
        return .equal
      }
      if peek() == UInt8(ascii: ">") {
        index += 1
        return .arrow
      }
      return .assign
    case UInt8(ascii: "<"): return follow("=", .lessEqual, else: .less)
    case UInt8(ascii: ">"): return follow("=", .greaterEqual, else: .greater)
    case UInt8(ascii: "+"): return follow("=", .plusAssign, else: .plus)
    case UInt8(ascii: "-"): return follow("=", .minusAssign, else: .minus)
    case UInt8(ascii: "/"): return follow("=", .slashAssign, else: .slash)
    case UInt8(ascii: "*"):
      if peek() == UInt8(ascii: "*") {
        index += 1
        return .starStar
      }
      return follow("=", .starAssign, else: .star)
    default:
      index -= 1
      return unexpectedCharacter()
    }
  }

  private mutating func follow(_ next: Unicode.Scalar, _ kind: TokenKind, else other: TokenKind)
    -> TokenKind
  {
    if peek() == UInt8(ascii: next) {
      index += 1
      return kind
    }
    return other
  }

  private mutating func scanIdentifier() -> TokenKind {
    let start = index
    while index < end, isIdentifierContinue(bytes[index]) { index += 1 }
    // Keywords are short; skip the lookup for longer names.
    if index - start <= 8 {
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      if let keyword = TokenKind.keywords[text] { return keyword }
    }
    return .identifier
  }

  /// `123`, `1_000`, `1.5`, `5e-4`, `2E10`. A `.` is part of the number only when a digit
  /// follows, so `0..<10` and `x.0`-style member access lex as expected.
  private mutating func scanNumber() -> TokenKind {
    let start = index
    var isFloat = false
    skipDigits()
    if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
      isFloat = true
      index += 1
      skipDigits()
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      let save = index
      index += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
      if isDigit(peek()) {
        isFloat = true
        skipDigits()
      } else {
        index = save + 1
        while index < end, isIdentifierContinue(bytes[index]) { index += 1 }
        return invalid(
          "invalid number '\(text(start))': an exponent needs digits", from: start)
      }
    }
    if index < end, isIdentifierContinue(bytes[index]) {
      while index < end, isIdentifierContinue(bytes[index]) { index += 1 }
      return invalid("invalid number '\(text(start))'", from: start)
    }
    return isFloat ? .float : .int
  }

  private mutating func skipDigits() {
    while index < end, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
  }

  /// A string runs to the next unescaped `"` and may span lines. Escapes are checked
  /// here; `StringLiteral.decode` turns the token into its value.
  private mutating func scanString() -> TokenKind {
    let start = index
    index += 1
    var bad = false
    while index < end {
      let c = bytes[index]
      if c == UInt8(ascii: "\"") {
        index += 1
        return bad ? .invalid : .string
      }
      if c == UInt8(ascii: "\\") {
        let escapeStart = index
        index += 1
        guard index < end else { break }
        let e = bytes[index]
        if StringLiteral.simpleEscapes[e] != nil {
          index += 1
        } else {
          // Report the escape and carry on to the closing quote.
          index += e < 0x80 ? 1 : scalarLength(e)
          let shown = text(escapeStart)
          diagnostics.append(
            Diagnostic(
              .parse,
              "invalid escape '\(shown)' in string; use \\n, \\t, \\r, \\0, \\\" or \\\\",
              file: file, range: SourceRange(escapeStart, index)))
          bad = true
        }
        continue
      }
      index += 1
    }
    diagnostics.append(
      Diagnostic(
        .parse, "unterminated string: expected '\"' before the end of input", file: file,
        range: SourceRange(start, start + 1), isAtEndOfInput: true))
    return .invalid
  }

  private mutating func unexpectedCharacter() -> TokenKind {
    let start = index
    index += scalarLength(bytes[index])
    index = min(index, end)
    let shown = text(start)
    // A character that cannot be seen (a NUL, a no-break space) is named by its code.
    if let scalar = shown.unicodeScalars.first, shown.unicodeScalars.count == 1,
      Self.isInvisible(scalar)
    {
      let code = String(scalar.value, radix: 16, uppercase: true)
      let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
      return invalid("unexpected invisible character U+\(padded)", from: start)
    }
    return invalid("unexpected character '\(shown)'", from: start)
  }

  /// Whether a character shows nothing on the screen: controls, format characters and
  /// spaces other than the ASCII space.
  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
      .privateUse, .unassigned, .surrogate:
      return true
    default: return false
    }
  }

  private mutating func invalid(_ message: String, from start: Int? = nil) -> TokenKind {
    let s = start ?? tokenStart
    diagnostics.append(Diagnostic(.parse, message, file: file, range: SourceRange(s, index)))
    return .invalid
  }

  private func text(_ start: Int) -> String {
    String(decoding: bytes[start..<index], as: UTF8.self)
  }
}

/// The byte length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
@inline(__always)
func scalarLength(_ lead: UInt8) -> Int {
  if lead < 0xC0 { return 1 }
  if lead < 0xE0 { return 2 }
  if lead < 0xF0 { return 3 }
  return 4
}

@inline(__always)
private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

@inline(__always)
private func isIdentifierStart(_ c: UInt8) -> Bool {
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
}

@inline(__always)
private func isIdentifierContinue(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

/// Decoding string literal tokens.
enum StringLiteral {
  /// The one-character escapes and what they stand for.
  static let simpleEscapes: [UInt8: UInt8] = [
    UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13, UInt8(ascii: "0"): 0,
    UInt8(ascii: "\""): 34, UInt8(ascii: "\\"): 92,
  ]

  /// The value of a string token spanning `range` (quotes included), escapes resolved.
  static func decode(_ bytes: [UInt8], _ range: SourceRange) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(range.end - range.start)
    var i = range.start + 1
    let end = range.end - 1
    while i < end {
      let c = bytes[i]
      if c == UInt8(ascii: "\\"), i + 1 < end, let e = simpleEscapes[bytes[i + 1]] {
        out.append(e)
        i += 2
      } else {
        out.append(c)
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
