extension JSON {
  /// The value as JSON text: compact without `indent`; with it, one member or element
  /// per line indented by that many spaces a level, `": "` after keys (as Python's
  /// `json.dumps(indent=n)`, which nbformat uses). Object keys are sorted. Numbers that
  /// JSON cannot hold (NaN, infinities) are written as `null`.
  public func text(indent: Int? = nil) -> String {
    var out = ""
    write(to: &out, indent: indent, level: 0)
    return out
  }

  private func write(to out: inout String, indent: Int?, level: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += d.isFinite ? Self.number(d) : "null"
    case .string(let s): Self.quote(s, into: &out)
    case .array(let elements):
      guard !elements.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (i, element) in elements.enumerated() {
        if i > 0 { out += "," }
        Self.newline(&out, indent, level + 1)
        element.write(to: &out, indent: indent, level: level + 1)
      }
      Self.newline(&out, indent, level)
      out += "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (i, key) in members.keys.sorted().enumerated() {
        if i > 0 { out += "," }
        Self.newline(&out, indent, level + 1)
        Self.quote(key, into: &out)
        out += indent == nil ? ":" : ": "
        members[key]?.write(to: &out, indent: indent, level: level + 1)
      }
      Self.newline(&out, indent, level)
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out += "\n" + String(repeating: " ", count: indent * level)
  }

  /// A double in its shortest form that reads back the same, always with a `.` or an
  /// exponent so that it reads back as a double.
  private static func number(_ d: Double) -> String {
    let text = "\(d)"
    return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
  }

  /// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest
  /// (non-ASCII included) as it is.
  static func quote(_ s: String, into out: inout String) {
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
