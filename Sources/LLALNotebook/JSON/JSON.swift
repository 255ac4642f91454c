/// A JSON value: what Jupyter messages and `.ipynb` files are made of.
///
/// Integers and other numbers are kept apart, so an execution count written as `3` is
/// read back as `.int(3)`, not `3.0`. Objects are dictionaries; `text(indent:)` writes
/// their keys sorted, so the same value always gives the same bytes.
///
/// ```swift
/// let header: JSON = ["msg_type": "status", "version": "5.3"]
/// header["msg_type"]?.string  // "status"
/// ```
public enum JSON: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number written without a fraction or exponent that fits an `Int`.
  case int(Int)
  /// Any other number.
  case double(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSON])
  /// An object.
  case object([String: JSON])

  /// The member `key` of an object; nil for a missing key or a value that is not an
  /// object.
  public subscript(key: String) -> JSON? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  /// The string, if this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The integer, if this is one (a double with an integral value counts).
  public var int: Int? {
    switch self {
    case .int(let i): return i
    case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
    default: return nil
    }
  }

  /// The Boolean, if this is one.
  public var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, if this is an array.
  public var array: [JSON]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, if this is an object.
  public var object: [String: JSON]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// This object with `members` added (replacing members of the same name); other
  /// values are returned as they are.
  public func merging(_ members: [String: JSON]) -> JSON {
    guard case .object(var mine) = self else { return self }
    mine.merge(members) { _, new in new }
    return .object(mine)
  }

  /// The name of this value's JSON type, for messages: `an object`, `a string`, ...
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a Boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
  /// A string literal.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An integer literal.
  public init(integerLiteral value: Int) { self = .int(value) }
  /// A float literal.
  public init(floatLiteral value: Double) { self = .double(value) }
  /// `true` or `false`.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// An array literal.
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  /// `nil` is `null`.
  public init(nilLiteral: ()) { self = .null }
  /// A dictionary literal (a later duplicate key wins).
  public init(dictionaryLiteral elements: (String, JSON)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}
