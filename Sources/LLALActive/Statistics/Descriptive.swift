/// Means and spreads of samples, shared by the tests and the result tables.
enum Descriptive {
  /// The arithmetic mean; nil for an empty sample.
  static func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
  }

  /// The sample standard deviation (n − 1 in the denominator, two passes); 0 for fewer than
  /// two values.
  static func sampleStandardDeviation(_ xs: [Double]) -> Double {
    guard xs.count > 1, let m = mean(xs) else { return 0 }
    let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    return (ss / Double(xs.count - 1)).squareRoot()
  }
}
