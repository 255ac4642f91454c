import Foundation

/// JSON text helpers shared by the safetensors header, experiment results and benchmark
/// lines, which write their JSON by hand to keep field order and number formatting fixed.
public enum JSONText {
  /// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
  public static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}
