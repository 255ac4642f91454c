/// The kinds of token the lexer produces. Keywords are their own kinds; everything else
/// the language has is a name bound to a value.
public enum TokenKind: UInt8, Sendable {
  case identifier, int, float, string
  // Keywords
  case kwFn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
  case kwTrue, kwFalse, kwNone, kwAnd, kwOr, kwNot
  // Brackets and separators
  case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
  case comma, colon, semicolon, dot
  // Operators
  case halfOpenRange  // ..<
  case closedRange  // ...
  case pipe  // |>
  case arrow  // =>
  case assign, plusAssign, minusAssign, starAssign, slashAssign
  case plus, minus, star, slash, percent, starStar, at
  case equal, notEqual, less, lessEqual, greater, greaterEqual
  /// An unusable character or malformed literal; the lexer has reported it.
  case invalid
  case endOfInput

  /// The keyword spelled by an identifier's text, if it is one.
  static let keywords: [String: TokenKind] = [
    "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn,
    "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue, "return": .kwReturn,
    "true": .kwTrue, "false": .kwFalse, "none": .kwNone, "and": .kwAnd, "or": .kwOr,
    "not": .kwNot,
  ]

  /// The fixed spelling of a punctuation or keyword token, for messages (`')'`).
  public var spelling: String? {
    switch self {
    case .identifier, .int, .float, .string, .invalid, .endOfInput: return nil
    case .kwFn: return "fn"
    case .kwIf: return "if"
    case .kwElse: return "else"
    case .kwFor: return "for"
    case .kwIn: return "in"
    case .kwWhile: return "while"
    case .kwBreak: return "break"
    case .kwContinue: return "continue"
    case .kwReturn: return "return"
    case .kwTrue: return "true"
    case .kwFalse: return "false"
    case .kwNone: return "none"
    case .kwAnd: return "and"
    case .kwOr: return "or"
    case .kwNot: return "not"
    case .leftParen: return "("
    case .rightParen: return ")"
    case .leftBracket: return "["
    case .rightBracket: return "]"
    case .leftBrace: return "{"
    case .rightBrace: return "}"
    case .comma: return ","
    case .colon: return ":"
    case .semicolon: return ";"
    case .dot: return "."
    case .halfOpenRange: return "..<"
    case .closedRange: return "..."
    case .pipe: return "|>"
    case .arrow: return "=>"
    case .assign: return "="
    case .plusAssign: return "+="
    case .minusAssign: return "-="
    case .starAssign: return "*="
    case .slashAssign: return "/="
    case .plus: return "+"
    case .minus: return "-"
    case .star: return "*"
    case .slash: return "/"
    case .percent: return "%"
    case .starStar: return "**"
    case .at: return "@"
    case .equal: return "=="
    case .notEqual: return "!="
    case .less: return "<"
    case .lessEqual: return "<="
    case .greater: return ">"
    case .greaterEqual: return ">="
    }
  }

  /// Whether this is a keyword.
  var isKeyword: Bool {
    rawValue >= TokenKind.kwFn.rawValue && rawValue <= TokenKind.kwNot.rawValue
  }
}

/// One token: its kind, its bytes in the source, and whether a line break precedes it
/// (the parser ends statements at line breaks outside brackets).
public struct Token: Sendable {
  /// What the token is.
  public var kind: TokenKind
  /// Where it is.
  public var range: SourceRange
  /// Whether a line break comes between the previous token and this one.
  public var atLineStart: Bool
}
