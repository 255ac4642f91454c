/// JSON text that could not be read: what was wrong and where.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  /// The byte offset of the problem in the text.
  public let offset: Int
  /// The 1-based line of the problem.
  public let line: Int
  /// The 1-based column, in characters.
  public let column: Int
  /// What was expected and what was found.
  public let message: String

  /// `line 3, column 7: expected ',' or '}' after an object member, found ']'`
  public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSON {
  /// The nesting depth `parse` allows unless told otherwise.
  public static let defaultMaxDepth = 512

  /// Reads one JSON value from `text`; see `parse(_:maxDepth:)` on bytes.
  public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws -> JSON {
    try parse(Array(text.utf8), maxDepth: maxDepth)
  }

  /// Reads one JSON value from UTF-8 bytes, strictly (RFC 8259), for text from untrusted
  /// sources: no comments, no trailing commas, a key at most once in an object, strings
  /// of valid UTF-8 with control characters escaped and `\u` surrogates paired, arrays
  /// and objects nested at most `maxDepth` levels (deeper input is an error rather than a
  /// stack overflow), and nothing after the value but white space. Numbers keep their
  /// text. Throws `JSONSyntaxError`.
  public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSON {
    var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    if parser.position < bytes.count { throw parser.error("unexpected text after the value") }
    return value
  }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONParser {
  let bytes: [UInt8]
  let maxDepth: Int
  var position = 0

  init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    let end = min(offset ?? position, bytes.count)
    var line = 1
    var column = 1
    for b in bytes[0..<end] {
      if b == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONSyntaxError(offset: end, line: line, column: column, message: message)
  }

  var found: String {
    guard position < bytes.count else { return "the end of the text" }
    let b = bytes[position]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x" + String(b, radix: 16)
  }

  mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  /// A value; `depth` is the number of arrays and objects around it.
  mutating func value(depth: Int) throws -> JSON {
    guard position < bytes.count else { throw error("expected a value, found \(found)") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw error("expected a value, found \(found)")
    }
  }

  mutating func literal(_ word: String, _ value: JSON) throws -> JSON {
    let w = Array(word.utf8)
    guard position + w.count <= bytes.count, Array(bytes[position..<(position + w.count)]) == w
    else { throw error("expected a value, found \(found)") }
    position += w.count
    return value
  }

  /// Refuses an array or object at `depth` that would nest deeper than allowed.
  func checkDepth(_ depth: Int) throws {
    guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
  }

  mutating func object(depth: Int) throws -> JSON {
    try checkDepth(depth)
    position += 1
    var members = JSONObject()
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw error("expected a member name in double quotes, found \(found)")
      }
      let keyStart = position
      let key = try string()
      if members[key] != nil {
        throw error("the key \(JSONText.quoted(key)) occurs twice", at: keyStart)
      }
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw error("expected ':' after a member name, found \(found)")
      }
      position += 1
      skipSpace()
      members[key] = try value(depth: depth + 1)
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
        throw error("expected ',' or '}' after an object member, found \(found)")
      }
      position += 1
      return .object(members)
    }
  }

  mutating func array(depth: Int) throws -> JSON {
    try checkDepth(depth)
    position += 1
    var elements: [JSON] = []
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      skipSpace()
      elements.append(try value(depth: depth + 1))
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      guard position < bytes.count, bytes[position] == UInt8(ascii: "]") else {
        throw error("expected ',' or ']' after an array element, found \(found)")
      }
      position += 1
      return .array(elements)
    }
  }

  /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
  mutating func number() throws -> String {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count, isDigit(bytes[position]) else {
      throw error("expected a digit, found \(found)")
    }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      skipDigits()
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard position < bytes.count, isDigit(bytes[position]) else {
        throw error("expected a digit after '.', found \(found)")
      }
      skipDigits()
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == 0x2D {
        position += 1
      }
      guard position < bytes.count, isDigit(bytes[position]) else {
        throw error("expected a digit in the exponent, found \(found)")
      }
      skipDigits()
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  mutating func skipDigits() {
    while position < bytes.count, isDigit(bytes[position]) { position += 1 }
  }

  func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

  /// A string starting at the opening quote; invalid UTF-8 is refused.
  mutating func string() throws -> String {
    let open = position
    position += 1
    var scalars = String.UnicodeScalarView()
    var runStart = position
    func flushRun() throws {
      guard runStart < position else { return }
      guard let run = String(validating: bytes[runStart..<position], as: UTF8.self) else {
        throw error("a string holds bytes that are not UTF-8", at: runStart)
      }
      scalars.append(contentsOf: run.unicodeScalars)
    }
    while true {
      guard position < bytes.count else { throw error("a string is not closed", at: open) }
      let b = bytes[position]
      if b == UInt8(ascii: "\"") {
        try flushRun()
        position += 1
        return String(scalars)
      }
      if b < 0x20 { throw error("a control character inside a string must be escaped") }
      if b != UInt8(ascii: "\\") {
        position += 1
        continue
      }
      try flushRun()
      position += 1
      guard position < bytes.count else { throw error("a string is not closed", at: open) }
      let escape = bytes[position]
      position += 1
      switch escape {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
      default:
        position -= 1
        throw error("unknown escape \\\(found.filter { $0 != "'" }) in a string")
      }
      runStart = position
    }
  }

  /// The scalar of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
  mutating func unicodeEscape() throws -> Unicode.Scalar {
    let start = position - 2
    let high = try hex4()
    var value = high
    if (0xD800..<0xDC00).contains(high) {
      guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
        bytes[position + 1] == UInt8(ascii: "u")
      else { throw error("a lone surrogate \\u escape in a string", at: start) }
      position += 2
      let low = try hex4()
      guard (0xDC00..<0xE000).contains(low) else {
        throw error("a lone surrogate \\u escape in a string", at: start)
      }
      value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }
    // Only a lone low surrogate is not a scalar here.
    guard let scalar = Unicode.Scalar(value) else {
      throw error("a lone surrogate \\u escape in a string", at: start)
    }
    return scalar
  }

  mutating func hex4() throws -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<4 {
      guard position < bytes.count, bytes[position] < 0x80,
        let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue
      else { throw error("expected four hexadecimal digits after \\u") }
      v = v << 4 | UInt32(digit)
      position += 1
    }
    return v
  }
}
