/// The plain-text display of values, used by `print`, the REPL and notebook cells.
///
/// - `display`: what a bare expression shows (strings quoted, tensors in full view).
/// - `printText`: what `print` and `str` show (strings as they are).
/// - `repr`: the one-line form used inside lists and records (tensors as a summary).
public enum ValueFormatter {
  /// Lists longer than this show their first `listHead` elements and a count.
  static let listLimit = 100
  static let listHead = 20

  /// The display of a value as a REPL or notebook shows it.
  public static func display(_ value: Value) -> String {
    switch value {
    case .tensor(let t): return TensorFormatter.format(t)
    case .host(let h): return h.description
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
  public static func repr(_ value: Value) -> String {
    switch value {
    case .none: return "none"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return number(d)
    case .string(let s): return quoted(s)
    case .list(let xs):
      if xs.count > listLimit {
        let head = xs.prefix(listHead).map(repr).joined(separator: ", ")
        return "[\(head), ... (\(xs.count - listHead) more)]"
      }
      return "[" + xs.map(repr).joined(separator: ", ") + "]"
    case .record(let r):
      return "{" + r.fields.map { "\($0.name): \(repr($0.value))" }.joined(separator: ", ") + "}"
    case .range(let r): return "\(r.start)\(r.isClosed ? "..." : "..<")\(r.end)"
    case .function(let f): return describe(f)
    case .tensor(let t): return "Tensor\(shapeText(t.shape))"
    case .host(let h):
      return String(
        h.description.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
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
