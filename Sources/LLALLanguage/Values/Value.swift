import LLALTensor

/// A value of the language.
///
/// Numbers, strings, lists, records and ranges are values (copying one copies it);
/// tensors, functions and host objects are references. Domain values (models,
/// strategies, results, charts) are `host` values: types that conform to `HostObject`
/// and bring their own display and members, so they are added without touching the
/// interpreter.
public enum Value {
  /// `none`.
  case none
  /// `true` or `false`.
  case bool(Bool)
  /// A 64-bit integer. Arithmetic that overflows is an error.
  case int(Int)
  /// A 64-bit float. Mixed with an int it gives a float; with a tensor it broadcasts as
  /// a Float32 scalar.
  case float(Double)
  /// A string.
  case string(String)
  /// A list.
  case list([Value])
  /// A record of named fields, in the order written.
  case record(Record)
  /// A range of integers, `0..<10` or `1...5`.
  case range(RangeValue)
  /// A function: user-defined, built-in, or a method bound to its receiver.
  case function(FunctionValue)
  /// A tensor of Float32 values (reference semantics, as in the engine).
  case tensor(Tensor)
  /// A domain value.
  case host(any HostObject)

  /// The kind, as parameter types and messages name it.
  public var kind: ValueKind {
    switch self {
    case .none: return .none
    case .bool: return .bool
    case .int: return .int
    case .float: return .float
    case .string: return .string
    case .list: return .list
    case .record: return .record
    case .range: return .range
    case .function: return .function
    case .tensor: return .tensor
    case .host: return .host
    }
  }

  /// The type name messages use: `int`, `tensor`, or a host object's `typeName`.
  public var typeName: String {
    if case .host(let h) = self { return h.typeName }
    return kind.rawValue
  }

  /// The number as a Double, for an int or float.
  public var asDouble: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .float(let d): return d
    default: return nil
    }
  }

  /// A Float32 as a language float, by its shortest decimal: a setting written `0.1`
  /// reads back as `0.1`, not `0.10000000149011612` (the nearest Double to the Float).
  /// The decimal converts back to the same Float32, so nothing is lost.
  public static func float32(_ f: Float) -> Value {
    .float(f.isFinite ? Double("\(f)") ?? Double(f) : Double(f))
  }

  /// Whether two values are equal: numbers by value (`1 == 1.0`), strings, lists,
  /// records and ranges structurally, functions, tensors and host objects by identity.
  public func isEqual(to other: Value) -> Bool {
    switch (self, other) {
    case (.none, .none): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
    case (.record(let a), .record(let b)):
      return a.fields.count == b.fields.count
        && zip(a.fields, b.fields).allSatisfy {
          $0.name == $1.name && $0.value.isEqual(to: $1.value)
        }
    case (.range(let a), .range(let b)): return a == b
    case (.function(let a), .function(let b)): return a === b
    case (.tensor(let a), .tensor(let b)): return a === b
    case (.host(let a), .host(let b)): return a === b
    default:
      if let a = asDouble, let b = other.asDouble { return a == b }
      return false
    }
  }
}

/// A record: named fields in the order they were written.
public struct Record {
  /// The fields.
  public private(set) var fields: [(name: String, value: Value)]

  /// A record with `fields` (names are unique).
  public init(_ fields: [(name: String, value: Value)]) { self.fields = fields }

  /// The field names.
  public var names: [String] { fields.map(\.name) }

  /// The value of a field; setting adds the field if it is new.
  public subscript(name: String) -> Value? {
    get { fields.first { $0.name == name }?.value }
    set {
      if let i = fields.firstIndex(where: { $0.name == name }) {
        if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
      } else if let newValue {
        fields.append((name, newValue))
      }
    }
  }
}

/// A range of integers: `start..<end` or `start...end`.
public struct RangeValue: Equatable, Sendable {
  /// The first value.
  public let start: Int
  /// The bound as written.
  public let end: Int
  /// Whether `end` is included (`...`).
  public let isClosed: Bool

  /// A range from `start` to `end`.
  public init(start: Int, end: Int, isClosed: Bool) {
    self.start = start
    self.end = end
    self.isClosed = isClosed
  }

  /// How many integers it holds (0 when empty; at most `Int.max`).
  public var count: Int {
    if end < start || (!isClosed && end == start) { return 0 }
    let (span, overflow) = end.subtractingReportingOverflow(start)
    if overflow { return Int.max }
    return isClosed ? (span == Int.max ? Int.max : span + 1) : span
  }

  /// The `i`-th integer (0-based, in range).
  public func element(_ i: Int) -> Int { start + i }
}
