import Foundation
import LLALJSON

/// A JSON value for benchmark output lines.
public enum JSONValue: Sendable, Equatable {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null
  case object(JSONLine)
  case array([JSONValue])

  /// Compact JSON text (Python's `json.dumps` spacing: `", "` and `": "`).
  public var text: String {
    switch self {
    case .string(let s): return JSONText.quoted(s)
    case .int(let i): return String(i)
    case .double(let d): return d.isFinite ? String(d) : "null"
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .object(let o): return o.text
    case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
    }
  }

}

/// One JSON object whose keys keep the order they were added in, as the peer scripts
/// print them, so that llal's lines and theirs read side by side.
public struct JSONLine: Sendable, Equatable {
  /// The fields, in output order.
  public private(set) var fields: [(String, JSONValue)] = []

  /// An empty object.
  public init() {}

  /// Appends a field (or replaces an existing one in place).
  public subscript(key: String) -> JSONValue? {
    get { fields.first { $0.0 == key }?.1 }
    set {
      guard let newValue else {
        fields.removeAll { $0.0 == key }
        return
      }
      if let i = fields.firstIndex(where: { $0.0 == key }) {
        fields[i].1 = newValue
      } else {
        fields.append((key, newValue))
      }
    }
  }

  /// The object as one line of JSON.
  public var text: String {
    "{" + fields.map { JSONText.quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
  }

  /// Equal when they print the same text (same fields, values and order).
  public static func == (a: JSONLine, b: JSONLine) -> Bool { a.text == b.text }
}
