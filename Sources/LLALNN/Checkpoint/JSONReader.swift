/// A JSON value as `JSONReader` reads it. Numbers keep their literal text, so a reader
/// that wants an integer can refuse `true`, `9.0` or `1e3` (JSONSerialization turns all
/// three into integers) and can check the range itself.
enum JSONValue: Equatable {
  /// An object's members in file order (keys are unique).
  case object([Member])
  case array([JSONValue])
  case string(String)
  /// A number's literal text, e.g. `-12`, `0.5`, `1e300`.
  case number(String)
  case bool(Bool)
  case null

  /// One `"key": value` pair of an object.
  struct Member: Equatable {
    let key: String
    let value: JSONValue
  }

  /// The value when it is an integer literal without sign, fraction or exponent that
  /// fits an `Int`; nil for anything else (`-1`, `9.0`, `true`, `"3"`, 2⁶⁴).
  var nonNegativeInt: Int? {
    guard case .number(let text) = self, text.utf8.allSatisfy({ (48...57).contains($0) })
    else { return nil }
    return Int(text)
  }

  /// The value when it is an array of values that are all `nonNegativeInt`.
  var nonNegativeInts: [Int]? {
    guard case .array(let values) = self else { return nil }
    let ints = values.compactMap(\.nonNegativeInt)
    return ints.count == values.count ? ints : nil
  }

  /// Compact JSON text for messages, cut to about `limit` characters.
  func brief(limit: Int = 48) -> String {
    var out = ""
    write(to: &out, limit: limit)
    return out.count > limit ? String(out.prefix(limit)) + "…" : out
  }

  private func write(to out: inout String, limit: Int) {
    guard out.count <= limit else { return }
    switch self {
    case .object(let members):
      out += "{"
      for (i, m) in members.enumerated() {
        if i > 0 { out += ", " }
        out += JSONText.quoted(m.key) + ": "
        m.value.write(to: &out, limit: limit)
        if out.count > limit { return }
      }
      out += "}"
    case .array(let values):
      out += "["
      for (i, v) in values.enumerated() {
        if i > 0 { out += ", " }
        v.write(to: &out, limit: limit)
        if out.count > limit { return }
      }
      out += "]"
    case .string(let s): out += JSONText.quoted(s)
    case .number(let text): out += text
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }
}

/// Why a text is not valid JSON, and at which byte.
struct JSONReadError: Error, Equatable {
  /// The byte offset in the text.
  let offset: Int
  /// What was expected or wrong there.
  let reason: String
}

/// A strict JSON (RFC 8259) reader over UTF-8 bytes for file headers from untrusted
/// sources: duplicate keys are errors, nesting is limited to `maxDepth`, and the text
/// must hold exactly one value (whitespace around it is allowed).
struct JSONReader {
  /// The deepest nesting of arrays and objects read; deeper input is an error rather than
  /// a stack overflow.
  static let maxDepth = 64

  private let bytes: [UInt8]
  private var position = 0

  private init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The one value that `bytes` (valid UTF-8) holds.
  static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var reader = JSONReader(bytes)
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.position == bytes.count else {
      throw reader.error("unexpected text after the JSON value")
    }
    return value
  }

  private func error(_ reason: String) -> JSONReadError {
    JSONReadError(offset: position, reason: reason)
  }

  private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipSpace() {
    while let b = next, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
  }

  private mutating func expect(_ byte: UInt8) -> Bool {
    skipSpace()
    guard next == byte else { return false }
    position += 1
    return true
  }

  private mutating func value(depth: Int) throws -> JSONValue {
    skipSpace()
    guard let b = next else { throw error("unexpected end of the text, expected a value") }
    switch b {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: throw error("expected a value")
    }
  }

  private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
    let w = Array(word.utf8)
    guard position + w.count <= bytes.count, Array(bytes[position..<(position + w.count)]) == w
    else { throw error("expected a value") }
    position += w.count
    return value
  }

  private mutating func object(depth: Int) throws -> JSONValue {
    guard depth <= JSONReader.maxDepth else {
      throw error("nested more than \(JSONReader.maxDepth) levels deep")
    }
    position += 1
    var members: [JSONValue.Member] = []
    var keys = Set<String>()
    if expect(UInt8(ascii: "}")) { return .object(members) }
    repeat {
      skipSpace()
      guard next == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
      let start = position
      let key = try string()
      guard keys.insert(key).inserted else {
        position = start
        throw error("the key \(JSONText.quoted(key)) occurs twice")
      }
      guard expect(UInt8(ascii: ":")) else { throw error("expected ':' after a key") }
      members.append(JSONValue.Member(key: key, value: try value(depth: depth)))
    } while expect(UInt8(ascii: ","))
    guard expect(UInt8(ascii: "}")) else { throw error("expected ',' or '}'") }
    return .object(members)
  }

  private mutating func array(depth: Int) throws -> JSONValue {
    guard depth <= JSONReader.maxDepth else {
      throw error("nested more than \(JSONReader.maxDepth) levels deep")
    }
    position += 1
    var values: [JSONValue] = []
    if expect(UInt8(ascii: "]")) { return .array(values) }
    repeat {
      values.append(try value(depth: depth))
    } while expect(UInt8(ascii: ","))
    guard expect(UInt8(ascii: "]")) else { throw error("expected ',' or ']'") }
    return .array(values)
  }

  /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
  private mutating func number() throws -> String {
    let start = position
    func digits() -> Int {
      let from = position
      while let b = next, (48...57).contains(b) { position += 1 }
      return position - from
    }
    if next == UInt8(ascii: "-") { position += 1 }
    if next == UInt8(ascii: "0") {
      position += 1
    } else if digits() == 0 {
      throw error("expected a digit")
    }
    if next == UInt8(ascii: ".") {
      position += 1
      guard digits() > 0 else { throw error("expected a digit after '.'") }
    }
    if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
      position += 1
      if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { position += 1 }
      guard digits() > 0 else { throw error("expected a digit in the exponent") }
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// A string literal, escapes undone.
  private mutating func string() throws -> String {
    position += 1
    var out: [UInt8] = []
    while true {
      guard let b = next else { throw error("unterminated string") }
      switch b {
      case UInt8(ascii: "\""):
        position += 1
        // The text is valid UTF-8 and escapes append whole scalars.
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        position += 1
        guard let e = next else { throw error("unterminated string") }
        position += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): Unicode.UTF8.encode(try unicodeEscape(), into: { out.append($0) })
        default:
          position -= 2
          throw error("invalid escape in a string")
        }
      case 0..<0x20:
        throw error("control character 0x\(String(b, radix: 16)) in a string")
      default:
        out.append(b)
        position += 1
      }
    }
  }

  /// The scalar of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
  private mutating func unicodeEscape() throws -> Unicode.Scalar {
    let high = try hex4()
    if (0xDC00...0xDFFF).contains(high) { throw error("unpaired surrogate in a \\u escape") }
    guard (0xD800...0xDBFF).contains(high) else {
      // Not a surrogate, so a valid scalar.
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    }
    guard next == UInt8(ascii: "\\"), position + 1 < bytes.count,
      bytes[position + 1] == UInt8(ascii: "u")
    else { throw error("unpaired surrogate in a \\u escape") }
    position += 2
    let low = try hex4()
    guard (0xDC00...0xDFFF).contains(low) else {
      throw error("unpaired surrogate in a \\u escape")
    }
    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
  }

  private mutating func hex4() throws -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<4 {
      guard let b = next, let d = hexDigit(b) else {
        throw error("expected four hex digits after \\u")
      }
      v = v << 4 | d
      position += 1
    }
    return v
  }

  private func hexDigit(_ b: UInt8) -> UInt32? {
    switch b {
    case 48...57: return UInt32(b - 48)
    case 65...70: return UInt32(b - 55)
    case 97...102: return UInt32(b - 87)
    default: return nil
    }
  }
}
