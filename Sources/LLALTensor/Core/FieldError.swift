/// A value that breaks a rule of the type it configures, named by the field it came in:
/// `LabelBudget.step must be at least 1, found 0`.
///
/// The library types (`LossModuleOptions`, `LabelBudget`, `Experiment`, …) own their
/// rules and throw this error; a front end that built the value from arguments maps the
/// field to the argument that supplied it and shows `reason` there. The reason reads
/// after the field's name and carries the numbers.
///
/// ```swift
/// throw FieldError("LabelBudget.step", "must be at least 1, found \(step)")
/// ```
public struct FieldError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The type, then the field: `LabelBudget.step`; the type alone when the value as a
  /// whole breaks the rule (`LabelBudget` for a budget larger than the pool).
  public let field: String
  /// What is wrong, with the numbers: `must be at least 1, found 0`.
  public let reason: String

  /// An error about `field` (`Type.field`, or `Type`) saying `reason`.
  public init(_ field: String, _ reason: String) {
    self.field = field
    self.reason = reason
  }

  /// The type part of `field`: `LabelBudget` for `LabelBudget.step`.
  public var typeName: Substring { field.prefix { $0 != "." } }

  /// `LabelBudget.step must be at least 1, found 0`.
  public var description: String { "\(field) \(reason)" }
}

/// Formats a number the way messages print it: `1` for a whole number, `0.25` otherwise
/// (the shortest text that reads back as the same value).
public func describeNumber<T: BinaryFloatingPoint & LosslessStringConvertible>(_ x: T) -> String {
  if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
  return String(x)
}

/// `1 sample`, `3 samples`: a count and its noun as messages and displays write them, in
/// every library (the language's `counted` is this). `plural` is for a noun that does not
/// take an `s` (`class`, `classes`).
public func describeCount(_ n: Int, _ noun: String, plural: String? = nil) -> String {
  "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
}
