/// The area under the budget curve (AUBC): a metric integrated over the labeled count.
///
/// For cycles with labeled counts L₀ < L₁ < … < L_K and values m₀ … m_K, the trapezoid rule
/// normalised by the budget range:
///
///     AUBC = Σₖ (Lₖ₊₁ − Lₖ) · (mₖ + mₖ₊₁) / 2  /  (L_K − L₀)
///
/// — the mean height of the piecewise-linear curve, in the metric's own units (an accuracy
/// AUBC lies between the lowest and highest accuracy). With one point, or when every point
/// has the same labeled count, the range is zero and the AUBC is the mean of the values:
/// the limit of the mean height as the range shrinks.
public enum BudgetCurve {
  /// The AUBC of `values` at `labeled` counts (paired by index, sorted by count first);
  /// nil when there are no points, the lengths differ, or a value is not finite.
  ///
  /// ```swift
  /// BudgetCurve.area(labeled: [100, 200, 400], values: [0.5, 0.7, 0.8])
  /// // (100 · 0.6 + 200 · 0.75) / 300 = 0.7
  /// ```
  public static func area(labeled: [Int], values: [Double]) -> Double? {
    guard !labeled.isEmpty, labeled.count == values.count, values.allSatisfy(\.isFinite)
    else { return nil }
    let points = zip(labeled, values).sorted { $0.0 < $1.0 }
    let range = Double(points[points.count - 1].0 - points[0].0)
    guard range > 0 else { return values.reduce(0, +) / Double(values.count) }
    var area = 0.0
    for (p, q) in zip(points, points.dropFirst()) {
      area += Double(q.0 - p.0) * (p.1 + q.1) / 2
    }
    return area / range
  }
}
