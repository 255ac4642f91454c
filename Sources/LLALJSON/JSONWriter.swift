extension JSON {
  /// The value as JSON text: compact without `indent`; with it, one member or element
  /// per line indented by that many spaces a level, `": "` after keys (as Python's
  /// `json.dumps(indent=n)`, which nbformat uses). Object keys are sorted, so the same
  /// value always gives the same bytes.
  public func text(indent: Int? = nil) -> String {
    var writer = JSONWriter(indent: indent, sortedKeys: true, spaced: false, limit: nil)
    writer.write(self, level: 0)
    return writer.out
  }

  /// One line of JSON for messages, members in their own order, `", "` and `": "`
  /// between items, cut to about `limit` characters (`…` marks the cut).
  public func brief(limit: Int = 48) -> String {
    var writer = JSONWriter(indent: nil, sortedKeys: false, spaced: true, limit: limit)
    writer.write(self, level: 0)
    return writer.out.count > limit ? String(writer.out.prefix(limit)) + "…" : writer.out
  }
}

/// JSON text helpers for writers that lay out their JSON by hand (the safetensors
/// header, experiment results, benchmark lines).
public enum JSONText {
  /// `s` as a JSON string literal: quotes, backslashes and control characters escaped
  /// (`\n`, `\r`, `\t`, `\b`, `\f` by name, the others as `\u00XX`), the rest, non-ASCII
  /// included, as it is.
  public static func quoted(_ s: String) -> String {
    var out = ""
    quote(s, into: &out)
    return out
  }

  /// Appends `quoted(s)` to `out`.
  public static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    out += "\""
  }
}

/// Writes JSON text in one of the layouts above.
private struct JSONWriter {
  /// Spaces per level, one item a line; nil for one line.
  let indent: Int?
  /// Object keys sorted, or in the object's order.
  let sortedKeys: Bool
  /// `", "` and `": "` on one line (Python's `json.dumps` default), else `","` and `":"`.
  let spaced: Bool
  /// Stop writing once the text is longer than this.
  let limit: Int?
  var out = ""

  private var full: Bool { limit.map { out.count > $0 } ?? false }

  mutating func write(_ value: JSON, level: Int) {
    guard !full else { return }
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let text): out += text
    case .string(let s): JSONText.quote(s, into: &out)
    case .array(let elements):
      guard !elements.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (i, element) in elements.enumerated() {
        if i > 0 { separator() }
        newline(level + 1)
        write(element, level: level + 1)
        if full { return }
      }
      newline(level)
      out += "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      let keys = sortedKeys ? members.keys.sorted() : members.keys
      for (i, key) in keys.enumerated() {
        if i > 0 { separator() }
        newline(level + 1)
        JSONText.quote(key, into: &out)
        out += indent == nil && !spaced ? ":" : ": "
        write(members[key] ?? .null, level: level + 1)
        if full { return }
      }
      newline(level)
      out += "}"
    }
  }

  private mutating func separator() {
    out += spaced && indent == nil ? ", " : ","
  }

  private mutating func newline(_ level: Int) {
    guard let indent else { return }
    out += "\n" + String(repeating: " ", count: indent * level)
  }
}
