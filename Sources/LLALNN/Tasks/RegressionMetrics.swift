import LLALTensor

/// The metrics of regression, over predictions and targets of the same shape `[N, …]`
/// (each sample's values flattened into M outputs), summed in Double.
public enum RegressionMetrics {
  /// The root mean squared error over every value: `√(Σ (ŷ − y)² / (N·M))`, the square
  /// root of the mean per-sample MSE. NaN when there are no values.
  public static func rmse(prediction: Tensor, target: Tensor) throws -> Double {
    let (n, m) = try columns(prediction, target, "rmse")
    guard n * m > 0 else { return .nan }
    var sum = 0.0
    for (p, t) in zip(prediction.scalars, target.scalars) {
      let d = Double(p) - Double(t)
      sum += d * d
    }
    return (sum / Double(n * m)).squareRoot()
  }

  /// The coefficient of determination: `1 − Σ (ŷ − y)² / Σ (y − ȳ)²`, where ȳ is each
  /// output's mean over the samples and both sums run over every value (scikit-learn's
  /// `r2_score(y, ŷ, multioutput="variance_weighted")`; the usual R² for one output). 1 is
  /// a perfect fit, 0 no better than predicting the means, negative worse. Targets that do
  /// not vary give 1 for a perfect fit and 0 otherwise (as scikit-learn). NaN when there
  /// are no samples.
  public static func r2(prediction: Tensor, target: Tensor) throws -> Double {
    let (n, m) = try columns(prediction, target, "r2")
    guard n > 0 else { return .nan }
    let p = prediction.scalars, t = target.scalars
    var means = [Double](repeating: 0, count: m)
    for i in 0..<(n * m) { means[i % m] += Double(t[i]) }
    for j in 0..<m { means[j] /= Double(n) }
    var residual = 0.0, total = 0.0
    for i in 0..<(n * m) {
      let e = Double(p[i]) - Double(t[i])
      let d = Double(t[i]) - means[i % m]
      residual += e * e
      total += d * d
    }
    if total == 0 { return residual == 0 ? 1 : 0 }
    return 1 - residual / total
  }

  /// `(N, M)` for equal shapes `[N, …]`, or an error naming `metric`.
  private static func columns(_ p: Tensor, _ t: Tensor, _ metric: String) throws -> (Int, Int) {
    guard p.rank >= 1, p.shape == t.shape else {
      throw TaskError(
        "\(metric) needs predictions and targets of the same shape [N, …], got "
          + "\(describeShape(p.shape)) and \(describeShape(t.shape))")
    }
    let n = p.shape[0]
    return (n, n == 0 ? 0 : p.count / n)
  }
}
