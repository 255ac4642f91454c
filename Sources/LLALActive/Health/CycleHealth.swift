import Foundation

/// Signs that a cycle's numbers do not mean what they seem to, each as a sentence the
/// cycle record carries (`CycleRecord.warnings`) and results show in a footer.
public enum CycleHealth {
  /// A loss module whose predictions on the pool are (nearly) constant: the standard
  /// deviation is at most 1e-4 of the mean's size (or of 1), or at least half of the
  /// pairs with different true losses are score ties. Its ranking accuracy then counts
  /// those pairs as wrong rather than measuring a ranking.
  public static func constantPredictions(_ predicted: [Float], agreement: RankingAgreement?)
    -> String?
  {
    let values = predicted.map(Double.init)
    guard values.count >= 2, let mean = Descriptive.mean(values), mean.isFinite else {
      return nil
    }
    let std = Descriptive.sampleStandardDeviation(values)
    let tied = agreement.map { $0.pairs > 0 ? Double($0.scoreTies) / Double($0.pairs) : 0 } ?? 0
    guard std <= 1e-4 * max(1, abs(mean)) || tied >= 0.5 else { return nil }
    return String(
      format: "the loss module's predictions are constant on the pool (std %.2g, %.0f%% of "
        + "pairs tied): its ranking accuracy counts ties as wrong", std, tied * 100)
  }

  /// Test accuracy no better than always answering the most common test class: at most
  /// that class's share m plus two binomial standard errors √(m(1 − m)/n).
  public static func chanceAccuracy(_ accuracy: Double, labels: [Int]) -> String? {
    guard !labels.isEmpty else { return nil }
    var counts: [Int: Int] = [:]
    for y in labels { counts[y, default: 0] += 1 }
    let n = Double(labels.count)
    let m = Double(counts.values.max() ?? 0) / n
    guard accuracy <= m + 2 * (m * (1 - m) / n).squareRoot() else { return nil }
    return String(
      format: "test accuracy %.3f is at chance: always answering the most common class "
        + "scores %.3f on the %d test points", accuracy, m, labels.count)
  }
}
