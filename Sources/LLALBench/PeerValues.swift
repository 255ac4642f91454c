import Foundation

/// The numbers of the peer protocols' JSON lines and tables, rounded and summarised the
/// way the peer scripts (`al_pose.py`, `al_detect.py`) do it.
enum PeerValues {
  /// `value` rounded to `digits` decimals, nil when not finite.
  static func rounded(_ value: Double?, _ digits: Int) -> Double? {
    guard let value, value.isFinite else { return nil }
    let scale = Foundation.pow(10.0, Double(digits))
    return (value * scale).rounded() / scale
  }

  /// A JSON number, or null for nil.
  static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }

  /// A JSON array of numbers, null where nil.
  static func array(_ values: [Double?]) -> JSONValue { .array(values.map(number)) }

  /// The mean of `xs`; nil when empty.
  static func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
  }

  /// The mean of the known values of `values`; nil when none is known.
  static func mean(_ values: [Double?]) -> Double? { mean(values.compactMap { $0 }) }

  /// The sample standard deviation (n − 1); 0 for a single seed, as the peers print it.
  static func sampleStd(_ xs: [Double]) -> Double? {
    guard let m = mean(xs) else { return nil }
    guard xs.count > 1 else { return 0 }
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
  }

  /// `value` with `digits` decimals for a markdown cell, "—" for nil.
  static func cell(_ value: Double?, _ digits: Int) -> String {
    value.map { String(format: "%.\(digits)f", $0) } ?? "—"
  }
}
