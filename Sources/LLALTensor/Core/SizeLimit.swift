/// The one rule for the sizes a user gives the libraries — a count, a number of channels,
/// a kernel, a stride, a padding, a number of cycles, a factor: each lies in
/// `minimum...SizeLimit.maximum`, the engine's element limit (2³⁰), and is checked before
/// anything is computed from it or allocated for it.
///
/// Checked sizes keep the arithmetic done with them in range: a sum of a few or a product
/// of two cannot overflow `Int`, and `count` multiplies more of them with a check at
/// every factor. A library type calls these in its initializer (or, for a layer, in its
/// shape inference), so a failure is a `FieldError` about its field, which the language
/// reports at the argument that supplied it:
///
/// ```swift
/// try SizeLimit.check(padding, "Conv2d.padding")    // 4611686018427387904 is refused
/// try SizeLimit.check(cycles, "LabelBudget.cycles", atLeast: 1)
/// ```
public enum SizeLimit {
  /// The largest size, count or factor: `Tensor.maxElementCount` (2³⁰ = 1073741824).
  public static let maximum = Tensor.maxElementCount

  /// Throws a `FieldError` about `field` unless `minimum <= value <= maximum`: `must not
  /// be negative, found -2`, `must be at least 1, found 0`, `must be at most 1073741824,
  /// found 4611686018427387904`.
  public static func check(_ value: Int, _ field: String, atLeast minimum: Int = 0) throws {
    guard value >= 0 else { throw FieldError(field, "must not be negative, found \(value)") }
    guard value >= minimum else {
      throw FieldError(field, "must be at least \(minimum), found \(value)")
    }
    guard value <= maximum else {
      throw FieldError(field, "must be at most \(maximum), found \(value)")
    }
  }

  /// `check` for a size given as a real number (a multiple such as a shortlist factor):
  /// a value that is not a finite number in `minimum...maximum` is refused.
  public static func check(_ value: Double, _ field: String, atLeast minimum: Double) throws {
    guard value.isFinite, value >= minimum else {
      throw FieldError(
        field, "must be at least \(describeNumber(minimum)), found \(describeNumber(value))")
    }
    guard value <= Double(maximum) else {
      throw FieldError(field, "must be at most \(maximum), found \(describeNumber(value))")
    }
  }

  /// The element count of `shape`, multiplied with a check at every factor so that it
  /// never overflows; nil when a dimension is negative or the count exceeds `maximum`.
  /// Shape inference uses it on shapes derived from checked sizes.
  public static func count(_ shape: [Int]) -> Int? {
    var n = 1
    for d in shape {
      guard d >= 0 else { return nil }
      let (m, overflow) = n.multipliedReportingOverflow(by: d)
      guard !overflow, m <= maximum else { return nil }
      n = m
    }
    return n
  }
}
