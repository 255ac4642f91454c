import LLALLanguage

extension CodeCompletion {
  /// The strings an enumerated option allows, when the string literal that opens at the
  /// quote `quote` (a UTF-8 offset into `bytes`) is an argument of a built-in whose
  /// parameter declares them (`ParamType.choice`): `lossnet(taps: t, pool: "` or
  /// `pool: ["max", "`, a labelled or positional argument, piped calls counted. Nil when
  /// the string is anything else (a path, a record field, a method's argument).
  func choices(forStringAt quote: Int, in bytes: [UInt8]) -> [String]? {
    guard let call = Self.enclosingCall(before: quote, in: bytes),
      case .function(let function)? = interpreter.value(named: call.callee)
    else { return nil }
    let parameters = function.signature.parameters
    let parameter: Signature.Parameter?
    if let label = call.label {
      parameter = parameters.first { $0.name == label }
    } else {
      parameter = parameters.indices.contains(call.position) ? parameters[call.position] : nil
    }
    return parameter?.type.choices
  }

  /// The call an argument written just before `end` belongs to: the callee's name, the
  /// argument's label if it has one, else its position (the piped value counts).
  static func enclosingCall(before end: Int, in bytes: [UInt8])
    -> (callee: String, label: String?, position: Int)?
  {
    var depth = 0
    var commas = 0
    var label: String?
    var i = end - 1
    while i >= 0 {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        // Skip back over a whole string literal.
        i -= 1
        while i >= 0, bytes[i] != UInt8(ascii: "\"") { i -= 1 }
      } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
        depth += 1
      } else if c == UInt8(ascii: "[") && depth == 0 {
        commas = 0  // an item of a list argument: the list is the argument
      } else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
        if depth == 0 {
          guard c == UInt8(ascii: "(") else { return nil }
          return callee(before: i, in: bytes).map {
            (callee: $0.name, label: label, position: commas + ($0.isPiped ? 1 : 0))
          }
        }
        depth -= 1
      } else if depth == 0, c == UInt8(ascii: ",") {
        commas += 1
      } else if depth == 0, c == UInt8(ascii: ":"), commas == 0, label == nil {
        label = identifier(endingAt: i, in: bytes)
      }
      i -= 1
    }
    return nil
  }

  /// The function name before the `(` at `open`, and whether a value is piped into it;
  /// nil for a method (`x.f(`) or anything but a name.
  private static func callee(before open: Int, in bytes: [UInt8]) -> (
    name: String, isPiped: Bool
  )? {
    guard let name = identifier(endingAt: open, in: bytes) else { return nil }
    var i = open - name.utf8.count - 1
    while i >= 0, bytes[i] == UInt8(ascii: " ") { i -= 1 }
    if i >= 0, bytes[i] == UInt8(ascii: ".") { return nil }
    let isPiped = i >= 1 && bytes[i] == UInt8(ascii: ">") && bytes[i - 1] == UInt8(ascii: "|")
    return (name, isPiped)
  }

  /// The identifier that ends just before `end` (blanks between allowed), if any.
  private static func identifier(endingAt end: Int, in bytes: [UInt8]) -> String? {
    var stop = end
    while stop > 0, bytes[stop - 1] == UInt8(ascii: " ") { stop -= 1 }
    var start = stop
    while start > 0, isIdentifierByte(bytes[start - 1]) { start -= 1 }
    guard start < stop else { return nil }
    return String(decoding: bytes[start..<stop], as: UTF8.self)
  }
}
