/// Escaping for HTML and XML (SVG) output.
public enum HTML {
  /// `text` made safe for HTML/XML text and for double- or single-quoted attribute values.
  ///
  /// Escapes `& < > " '`, and replaces the control characters that XML 1.0 forbids (all of
  /// C0 but tab, newline and carriage return, plus U+FFFE and U+FFFF) with U+FFFD, so the
  /// result is always well-formed inside an SVG.
  ///
  /// ```swift
  /// HTML.escape("<b>\"x\" & y</b>")  // "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;"
  /// ```
  public static func escape(_ text: String) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        let v = scalar.value
        let forbidden = v < 0x20 || v == 0xFFFE || v == 0xFFFF
        out.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
      }
    }
    return out
  }
}
