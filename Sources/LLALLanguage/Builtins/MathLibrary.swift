import Foundation

/// Arithmetic on numbers: `floor`, `ceil`, `round`, `min`, `max` of numbers. Functions
/// that also take tensors (`exp`, `sum`, ...) live in `TensorLibrary`.
enum MathLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "floor", [.init("x", .number)], returns: "int",
        doc: "The largest int not greater than x."
      ) { args in try toInt(Foundation.floor(try args.double("x")), args) })
    registry.register(
      Builtin(
        "ceil", [.init("x", .number)], returns: "int",
        doc: "The smallest int not less than x."
      ) { args in try toInt(Foundation.ceil(try args.double("x")), args) })
    registry.register(
      Builtin(
        "round", [.init("x", .number), .init("digits", ParamType.int.orNone, default: Value.none)],
        returns: "number",
        doc: """
          x rounded to the nearest int (halves away from zero), or, with digits, to that \
          many decimal places as a float: round(2.345, digits: 2) is 2.35.
          """
      ) { args in
        let x = try args.double("x")
        guard let digits = try args.optionalInt("digits") else {
          return try toInt(x.rounded(), args)
        }
        guard digits >= 0, digits <= 15 else { throw args.error("digits", "must be in 0...15") }
        let scale = Foundation.pow(10.0, Double(digits))
        return .float((x * scale).rounded() / scale)
      })
  }

  private static func toInt(_ d: Double, _ args: Arguments) throws -> Value {
    guard d.isFinite, Swift.abs(d) < 9.2e18 else {
      throw args.error("x", "cannot be converted to an int: \(ValueFormatter.number(d))")
    }
    return .int(Int(d))
  }
}
