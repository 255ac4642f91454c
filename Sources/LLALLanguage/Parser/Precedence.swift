/// Binding strength of the binary operators, loosest first. Prefix `not` sits between
/// `and` and the comparisons; prefix `-` and `+` between the multiplicative operators and
/// `**`, so `-2 ** 2` is `-(2 ** 2)`.
enum Precedence {
  static let pipe = 1
  static let or = 2
  static let and = 3
  static let not = 4
  static let comparison = 5
  static let range = 6
  static let additive = 7
  static let multiplicative = 8
  static let prefix = 9
  static let power = 10

  /// The precedence and operator of a binary operator token; `nil` operator for `|>`.
  static func binary(_ kind: TokenKind) -> (precedence: Int, op: BinaryOperator?)? {
    switch kind {
    case .pipe: return (pipe, nil)
    case .kwOr: return (or, .or)
    case .kwAnd: return (and, .and)
    case .equal: return (comparison, .equal)
    case .notEqual: return (comparison, .notEqual)
    case .less: return (comparison, .less)
    case .lessEqual: return (comparison, .lessEqual)
    case .greater: return (comparison, .greater)
    case .greaterEqual: return (comparison, .greaterEqual)
    case .halfOpenRange: return (range, .halfOpenRange)
    case .closedRange: return (range, .closedRange)
    case .plus: return (additive, .add)
    case .minus: return (additive, .subtract)
    case .star: return (multiplicative, .multiply)
    case .slash: return (multiplicative, .divide)
    case .percent: return (multiplicative, .remainder)
    case .at: return (multiplicative, .matmul)
    case .starStar: return (power, .power)
    default: return nil
    }
  }

  /// The operator of a compound assignment token (`+=` → `+`).
  static func compoundAssignment(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .plusAssign: return .add
    case .minusAssign: return .subtract
    case .starAssign: return .multiply
    case .slashAssign: return .divide
    default: return nil
    }
  }
}
