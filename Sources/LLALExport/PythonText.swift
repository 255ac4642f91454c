import Foundation

/// Python literals for the values an export writes into generated code.
enum PythonText {
  /// A Python string literal (double quotes, backslash escapes).
  static func string(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\x%02x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A float literal that reads back as the same Float (`0.1`, `1e-05`, `float("inf")`).
  static func number(_ x: Float) -> String { number(Double("\(x)") ?? Double(x)) }

  /// A float literal that reads back as the same Double.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "float(\"nan\")" : x > 0 ? "float(\"inf\")" : "-float(\"inf\")" }
    if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.1f", x) }
    return "\(x)"
  }

  /// A tuple of ints (`(1, 8, 8)`, `(3,)`).
  static func tuple(_ xs: [Int]) -> String {
    xs.count == 1 ? "(\(xs[0]),)" : "(" + xs.map(String.init).joined(separator: ", ") + ")"
  }

  /// A tuple of expressions.
  static func tupleText(_ xs: [String]) -> String {
    xs.count == 1 ? "(\(xs[0]),)" : "(" + xs.joined(separator: ", ") + ")"
  }

  /// An llal name as a Python name: a keyword or builtin gets a trailing underscore.
  static func pythonName(_ name: String) -> String {
    keywords.contains(name) || ["torch", "print", "len", "range", "min", "max", "sum", "abs"]
      .contains(name) || name.hasPrefix("_") ? name + "_" : name
  }

  /// A list literal of `items`.
  static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

  /// Whether `name` can be a Python attribute of an `nn.Module`: an identifier that is not
  /// a keyword and does not shadow one of `nn.Module`'s own attributes.
  static func isModuleAttribute(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
      name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }),
      !keywords.contains(name), !moduleAttributes.contains(name)
    else { return false }
    return true
  }

  static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
  ]

  /// `nn.Module`'s attributes and the generated classes' own.
  static let moduleAttributes: Set<String> = [
    "training", "forward", "parameters", "buffers", "children", "modules", "state_dict",
    "load_state_dict", "train", "eval", "to", "cuda", "cpu", "type", "float", "double",
    "half", "bfloat16", "apply", "zero_grad", "register_buffer", "register_parameter",
    "add_module", "get_submodule", "get_parameter", "get_buffer", "named_parameters",
    "named_buffers", "named_children", "named_modules", "requires_grad_", "share_memory",
    "extra_repr", "dump_patches", "call_super_init", "register_module", "ipu", "xpu", "mtia",
    "compile", "mc_dropout", "input_shape", "output_node", "lossnet",
  ]
}
