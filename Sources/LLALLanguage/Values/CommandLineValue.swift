/// A value as written on the command line (`llal run FILE --set name=VALUE`): an int, a
/// finite float, `true`, `false`, a list of such values in brackets (`[160, 180]`,
/// nested as `[[1, 2], [3]]`), or else the text itself as a string. A list's elements
/// are not quoted, so a string inside a list cannot hold `,`, `[` or `]`; text with
/// brackets that do not pair up is a string.
///
/// It is read in one pass with an explicit stack of open lists, so its cost grows with
/// the length of the text alone (splitting the text again at each level made deep
/// brackets quadratic); lists nest at most `maxDepth` deep, as in the language.
public enum CommandLineValue {
  /// The deepest nesting of brackets accepted, as for source code.
  public static let maxDepth = Parser.maxDepth

  /// The value `text` stands for. Throws a message for lists nested deeper than
  /// `maxDepth`.
  public static func parse(_ text: String) throws -> Value {
    let t = text.trimmingSpaces
    guard t.hasPrefix("["), t.hasSuffix("]") else { return scalar(t) }
    var open: [[Value]] = []
    var token = ""
    var closedList = false  // a `]` ended the current element: only `,` or `]` may follow
    var result: Value?
    func finishElement() {
      let item = token.trimmingSpaces
      if !item.isEmpty { open[open.count - 1].append(scalar(item)) }
      token = ""
    }
    for c in t {
      guard result == nil else { return .string(t) }  // text after the outer `]`
      switch c {
      case "[":
        guard token.trimmingSpaces.isEmpty, !closedList else { return .string(t) }
        if open.count == maxDepth {
          throw RuntimeError("lists nested more than \(maxDepth) deep in '\(preview(t))'")
        }
        open.append([])
      case "]":
        if !closedList { finishElement() }
        closedList = true
        let list = Value.list(open.removeLast())
        if open.isEmpty { result = list } else { open[open.count - 1].append(list) }
      case ",":
        if !closedList { finishElement() }
        closedList = false
      default:
        if closedList {
          if c == " " || c == "\t" { continue }
          return .string(t)
        }
        token.append(c)
      }
    }
    return result ?? .string(t)
  }

  /// A value that is not a list: int, finite float, bool or string.
  private static func scalar(_ t: String) -> Value {
    if let i = Int(t) { return .int(i) }
    if let d = Double(t), d.isFinite { return .float(d) }
    if t == "true" { return .bool(true) }
    if t == "false" { return .bool(false) }
    return .string(t)
  }

  /// The start of a long value, for a message.
  private static func preview(_ t: String) -> String {
    t.count <= 40 ? t : String(t.prefix(40)) + "..."
  }
}
