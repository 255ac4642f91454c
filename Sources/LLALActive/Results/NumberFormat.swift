import Foundation

/// How the statistics print numbers: p-values and levels with four significant digits,
/// differences with a sign and fixed decimals.
enum NumberFormat {
  /// `value` with at most four significant digits: `0.0625`, `0.03125`, `1.2e-05`; `—` for
  /// a non-finite value.
  static func compact(_ value: Double) -> String {
    value.isFinite ? String(format: "%.4g", value) : "—"
  }

  /// `value` with `digits` decimals and a sign: `+0.0123`, `-0.0040`, `+0.0000`.
  static func signed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "+∞" : "-∞") }
    let text = ExperimentResult.fixed(value, digits)
    return text.hasPrefix("-") ? text : "+" + text
  }
}
