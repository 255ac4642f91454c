import Foundation
import LLALJSON

/// A JSON value as the results write it: numbers, strings, arrays and objects whose keys
/// keep their order (so a line reads like the peer script's).
public indirect enum ResultJSON: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` / `false`.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A number; non-finite values are written as `null`.
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([ResultJSON])
  /// An object with ordered keys.
  case object([(String, ResultJSON)])

  /// A number, or `null` for nil.
  public static func number(_ value: Double?) -> ResultJSON { value.map { .number($0) } ?? .null }

  /// A number rounded to `digits` decimals (as the peer's `round(x, 4)`), `null` for nil.
  public static func rounded(_ value: Double?, _ digits: Int) -> ResultJSON {
    guard let value, value.isFinite else { return .null }
    let scale = Foundation.pow(10.0, Double(digits))
    return .number((value * scale).rounded() / scale)
  }

  /// Compact JSON text with `", "` and `": "` separators, as Python's `json.dumps`.
  public var text: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let x):
      guard x.isFinite else { return "null" }
      if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.1f", x) }
      return "\(x)"
    case .string(let s): return JSONText.quoted(s)
    case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .object(let fields):
      let members = fields.map { "\(JSONText.quoted($0.0)): \($0.1.text)" }
      return "{" + members.joined(separator: ", ") + "}"
    }
  }

  /// Equal when written the same.
  public static func == (a: ResultJSON, b: ResultJSON) -> Bool { a.text == b.text }
}
