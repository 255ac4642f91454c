/// The one rule for feature values read from files (CSV cells, NPY elements): each must
/// be a finite Float32. NaN, ±Inf and magnitudes beyond Float32's range (about 3.4e38,
/// which would round to ±Inf: 1e300 in a float64 file) are refused, in the same words by
/// every loader, because statistics and models computed from them turn to NaN without
/// saying where it came from.
enum FeatureRule {
  /// `value` when it is finite, else nil.
  static func finite(_ value: Float) -> Float? { value.isFinite ? value : nil }

  /// `value` rounded to Float32 when that is finite, else nil.
  static func finite(_ value: Double) -> Float? { finite(Float(value)) }

  /// Why the value shown as `shown` was refused.
  static func refusal(_ shown: String) -> String { "\(shown) is not a finite number" }
}
