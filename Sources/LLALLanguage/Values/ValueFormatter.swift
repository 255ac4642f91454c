import LLALText

/// The plain-text display of values, used by `print`, the REPL and notebook cells.
///
/// - `display`: what a bare expression shows (strings quoted, tensors in full view, long
///   lists and records wrapped to the width).
/// - `printText`: what `print` and `str` show (strings as they are).
/// - `repr`: the one-line form used inside lists and records (tensors as a summary).
///
/// Every rendering of lists and records goes through `repr`, which stops at `maxDepth`
/// levels of nesting (`[[[...]]]`): a loop can nest a list a million deep, and a
/// formatter that followed it would overflow the stack.
public enum ValueFormatter {
  /// Lists longer than this show their first `listHead` elements and a count.
  static let listLimit = 100
  static let listHead = 20
  /// Lists and records nested deeper than this show as `[...]` and `{...}`.
  public static let maxDepth = 100
  /// The width `display` wraps to when none is given: `print`, `str`, `llal run`.
  public static let defaultWidth = 80

  /// The display of a value as a REPL or notebook shows it; a list or record wider than
  /// `width` is wrapped (see `wrapped`).
  public static func display(_ value: Value, width: Int = defaultWidth) -> String {
    switch value {
    case .tensor(let t): return TensorFormatter.format(t)
    case .host(let h): return h.description
    case .list, .record: return wrapped(value, width: width)
    default: return repr(value)
    }
  }

  /// The text `print` writes for a value: strings without quotes.
  public static func printText(_ value: Value) -> String {
    if case .string(let s) = value { return s }
    return display(value)
  }

  /// The one-line form: strings quoted, tensors as `Tensor[2, 3]`, host objects by the
  /// first line of their description.
  public static func repr(_ value: Value) -> String { repr(value, depth: 0) }

  private static func repr(_ value: Value, depth: Int) -> String {
    switch value {
    case .none: return "none"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return number(d)
    case .string(let s): return quoted(s)
    case .list, .record:
      guard let (open, close, texts) = items(of: value, depth: depth) else {
        return value.kind == .list ? "[...]" : "{...}"
      }
      return open + texts.joined(separator: ", ") + close
    case .range(let r): return "\(r.start)\(r.isClosed ? "..." : "..<")\(r.end)"
    case .function(let f): return describe(f)
    case .tensor(let t): return "Tensor\(shapeText(t.shape))"
    case .host(let h):
      return String(
        h.description.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
  }

  /// The brackets and item texts of a list (elements, the first `listHead` and a count
  /// when longer than `listLimit`) or a record (`name: value` fields); nil for other
  /// values and at `maxDepth`.
  private static func items(of value: Value, depth: Int) -> (String, String, [String])? {
    guard depth < maxDepth else { return nil }
    switch value {
    case .list(let xs):
      if xs.count > listLimit {
        let head = xs.prefix(listHead).map { repr($0, depth: depth + 1) }
        return ("[", "]", head + ["... (\(xs.count - listHead) more)"])
      }
      return ("[", "]", xs.map { repr($0, depth: depth + 1) })
    case .record(let r):
      return ("{", "}", r.fields.map { "\($0.name): \(repr($0.value, depth: depth + 1))" })
    default:
      return nil
    }
  }

  /// A list or record on as many lines as it needs to fit `width` (NumPy style): as many
  /// items to a line as fit, each followed by its comma, continuation lines indented one
  /// space under the opening bracket. An item wider than a line has a line of its own;
  /// items themselves are not broken.
  ///
  /// ```
  /// [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
  ///  23, 24, 25]
  /// ```
  static func wrapped(_ value: Value, width: Int) -> String {
    guard let (open, close, items) = items(of: value, depth: 0) else { return repr(value) }
    let oneLine = open + items.joined(separator: ", ") + close
    if DisplayWidth.of(oneLine) <= width { return oneLine }
    var lines: [String] = []
    var line = open
    var lineWidth = DisplayWidth.of(open)
    for (i, item) in items.enumerated() {
      let piece = item + (i == items.count - 1 ? close : ",")
      let pieceWidth = DisplayWidth.of(piece)
      if i == 0 {
        line += piece
        lineWidth += pieceWidth
      } else if lineWidth + 1 + pieceWidth > width {
        lines.append(line)
        line = " " + piece
        lineWidth = 1 + pieceWidth
      } else {
        line += " " + piece
        lineWidth += 1 + pieceWidth
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// A one-line description of a value's type, for `:type` and the REPL's `Out[n]:`
  /// line: `int`, `Tensor[64, 10] float32`, `list of 3`, `record {lr, epochs}`,
  /// `function loss(w)`, or a host object's type name.
  public static func summary(_ value: Value) -> String {
    switch value {
    case .tensor(let t): return "Tensor\(shapeText(t.shape)) float32"
    case .list(let xs): return "list of \(xs.count)"
    case .record(let r): return "record {" + r.names.joined(separator: ", ") + "}"
    case .string(let s): return "string of \(s.count)"
    case .range(let r): return "range of \(r.count)"
    case .function(let f):
      let params = f.signature.parameters.map(\.name).joined(separator: ", ")
      return "function \(f.name ?? "")(\(params))"
    default: return value.typeName
    }
  }

  /// A float as Swift writes it: `0.1`, `3.0`, `1e-05`, `nan`, `inf`.
  public static func number(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    return d.description
  }

  /// A string in double quotes with `\"`, `\\`, `\n`, `\t`, `\r` escaped.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case "\0": out += "\\0"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }

  private static func describe(_ f: FunctionValue) -> String {
    switch f.kind {
    case .closure(let decl, _):
      let params = decl.parameters.map(\.name.name).joined(separator: ", ")
      return "<fn \(decl.name ?? "")(\(params))>"
    case .builtin(let b): return "<built-in \(b.signature.displayText)>"
    case .method(let b, _): return "<method \(b.qualifiedName)>"
    }
  }
}

extension Value: CustomStringConvertible {
  /// The display a REPL shows (`ValueFormatter.display`).
  public var description: String { ValueFormatter.display(self) }
}
