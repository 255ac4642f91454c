import LLALLanguage

/// `param(name, default)`: a value a script takes from outside, so one file can run at
/// full scale or scaled down: `llal run paper.llal --set epochs=2 --set width=16`.
enum ParameterLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "param", [.init("name", .string), .init("default")], returns: "any",
        doc: """
          The value given for `name` with `llal run FILE --set name=value`, else \
          `default`. A given value must have the default's type (an int default also \
          accepts an int, a float default any number); a bool takes true or false.
          """
      ) { args in
        let name = try args.string("name")
        let fallback = args["default"]
        args.interpreter.parametersRead.insert(name)
        guard let given = args.interpreter.parameters[name] else { return fallback }
        return try conform(given, to: fallback, name: name, args)
      })
  }

  /// `given` as a value of the default's type.
  private static func conform(_ given: Value, to fallback: Value, name: String, _ args: Arguments)
    throws -> Value
  {
    switch (fallback, given) {
    case (.float, .int(let i)): return .float(Double(i))
    case (.string, .int), (.string, .float), (.string, .bool):
      return .string(ScriptParameters.text(given))
    case (.none, _): return given
    default:
      if fallback.kind == given.kind { return given }
      throw RuntimeError(
        "--set \(name)=\(ScriptParameters.text(given)) gives \(given.typeName), but the "
          + "script's default \(ValueFormatter.repr(fallback)) is \(fallback.typeName)",
        range: args.range("default"))
    }
  }
}

/// Parsing `--set name=value` options into script parameters.
public enum ScriptParameters {
  /// `name=value` pairs as parameters, each value read by `CommandLineValue`. Throws a
  /// message for a malformed pair.
  public static func parse(_ assignments: [String]) throws -> [String: Value] {
    var out: [String: Value] = [:]
    for item in assignments {
      guard let eq = item.firstIndex(of: "=") else {
        throw RuntimeError("--set wants name=value, got '\(item)'")
      }
      let name = String(item[..<eq]).trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        throw RuntimeError("--set wants a name made of letters, digits and '_', got '\(name)'")
      }
      out[name] = try CommandLineValue.parse(String(item[item.index(after: eq)...]))
    }
    return out
  }

  /// A parameter value as the command line would write it.
  static func text(_ value: Value) -> String {
    switch value {
    case .string(let s): return s
    case .list(let xs): return "[" + xs.map(text).joined(separator: ", ") + "]"
    default: return ValueFormatter.repr(value)
    }
  }
}
