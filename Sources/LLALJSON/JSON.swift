/// A JSON value: what safetensors headers, Jupyter messages and `.ipynb` files are made
/// of.
///
/// Numbers keep their literal text, so a reader that wants an integer can refuse `true`,
/// `9.0` or `8e0` (which a `Double` would make integers) and values past `Int.max`, and
/// an execution count written as `3` is written back as `3`, not `3.0`. Objects keep
/// their members in order (file order when parsed) and compare without regard to it.
///
/// ```swift
/// let header: JSON = ["msg_type": "status", "version": "5.3", "count": 3]
/// header["msg_type"]?.string  // "status"
/// header["count"]?.int        // 3
/// ```
public enum JSON: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number's literal text as JSON writes it, e.g. `-12`, `0.5`, `1e300`: as the parser
  /// read it, or as `int(_:)` and `double(_:)` make it.
  case number(String)
  /// A string.
  case string(String)
  /// An array.
  case array([JSON])
  /// An object.
  case object(JSONObject)

  /// The number `value`.
  public static func int(_ value: Int) -> JSON { .number(String(value)) }

  /// The number `value`, always written with a `.` or an exponent so that it reads back
  /// as a fraction; `null` for NaN and the infinities, which JSON cannot hold.
  public static func double(_ value: Double) -> JSON {
    guard value.isFinite else { return .null }
    let text = "\(value)"
    return .number(text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0")
  }

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

  /// The value when it is a number written as an integer (`-?[0-9]+`, no fraction or
  /// exponent) that fits an `Int`; nil for anything else (`9.0`, `8e0`, `true`, `"3"`,
  /// 2⁶⁴).
  public var int: Int? {
    guard case .number(let text) = self, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    else { return nil }
    return Int(text)
  }

  /// The value when it is an integer without sign, fraction or exponent that fits an
  /// `Int`; nil for anything else (`-1`, `-0`, `9.0`, `true`, `"3"`, 2⁶⁴).
  public var nonNegativeInt: Int? {
    guard case .number(let text) = self, !text.hasPrefix("-") else { return nil }
    return int
  }

  /// The value when it is an array of values that are all `nonNegativeInt`.
  public var nonNegativeInts: [Int]? {
    guard case .array(let values) = self else { return nil }
    let ints = values.compactMap(\.nonNegativeInt)
    return ints.count == values.count ? ints : nil
  }

  /// The nearest `Double` to the number, if this is one (integers included).
  public var double: Double? {
    if case .number(let text) = self { return Double(text) }
    return nil
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
  public var object: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// This object with `members` added (replacing members of the same name in place);
  /// other values are returned as they are.
  public func merging(_ members: JSONObject) -> JSON {
    guard case .object(var mine) = self else { return self }
    for (key, value) in members { mine[key] = value }
    return .object(mine)
  }

  /// The name of this value's JSON type, for messages: `an object`, `a string`, ...
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a Boolean"
    case .number: return "a number"
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
  /// A float literal (see `double(_:)`).
  public init(floatLiteral value: Double) { self = .double(value) }
  /// `true` or `false`.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// An array literal.
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  /// `nil` is `null`.
  public init(nilLiteral: ()) { self = .null }
  /// A dictionary literal, members in the literal's order (a later duplicate key replaces
  /// the value).
  public init(dictionaryLiteral elements: (String, JSON)...) {
    var object = JSONObject()
    for (key, value) in elements { object[key] = value }
    self = .object(object)
  }
}
