/// How an argument was written in a call.
enum ArgumentForm {
  /// In its place, without a label: `core_set(Net.c2)`.
  case positional
  /// With its label: `core_set(features: Net.c2)`.
  case labelled
  /// Piped in: `entropy() |> diversify()`.
  case piped
}

extension Arguments {
  /// The call as written, normalised, for a value to print as the call that made it: the
  /// callee and each argument the call gave (defaults left out), labelled where it was,
  /// each value by its spelling (`Net.c2`, `entropy()`, `1e-3` as `0.001`). A piped
  /// argument comes before the call (`entropy() |> diversify(pool: 10)`) and a method
  /// follows its receiver (`entropy().named("e")`).
  ///
  /// A value's display is only display: behaviour never reads it back.
  public var spelling: String {
    var parts: [String] = []
    var piped: String?
    for (i, parameter) in signature.parameters.enumerated() {
      guard let form = forms[i] else { continue }
      switch form {
      case .piped: piped = Self.spelling(of: values[i])
      case .positional where parameter.isVariadic:
        parts += variadic(parameter.name).map(Self.spelling)
      case .positional: parts.append(Self.spelling(of: values[i]))
      case .labelled: parts.append("\(parameter.name): \(Self.spelling(of: values[i]))")
      }
    }
    var call = "\(signature.name ?? "fn")(\(parts.joined(separator: ", ")))"
    if let piped { call = "\(piped) |> \(call)" }
    if let receiver { call = "\(Self.spelling(of: receiver)).\(call)" }
    return call
  }

  /// A value as an argument is written: a host object by its spelling, a function by
  /// its name (`fn` for an anonymous one), a list item by item, the rest as `repr`.
  static func spelling(of value: Value) -> String {
    switch value {
    case .host(let h): return h.spelling ?? ValueFormatter.repr(value)
    case .function(let f): return f.name ?? "fn"
    case .list(let xs): return "[" + xs.map(spelling).joined(separator: ", ") + "]"
    default: return ValueFormatter.repr(value)
    }
  }
}
