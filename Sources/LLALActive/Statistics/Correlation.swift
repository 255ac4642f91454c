import Foundation

/// Correlation coefficients of two samples of equal length: Pearson's r, Spearman's ρ
/// (Pearson's r of the ranks, ties given their average rank, as `scipy.stats.spearmanr`)
/// and Kendall's τ-b (`RankingAgreement`, as `scipy.stats.kendalltau`). Each is nil when
/// it is undefined: fewer than two points, or a constant side.
public enum Correlation {
  /// Pearson's product-moment correlation.
  public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double? {
    try checkLengths(x, y, "corr")
    let n = Double(x.count)
    guard x.count >= 2 else { return nil }
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx, dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
  }

  /// Spearman's rank correlation: Pearson's r of the average ranks.
  public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double? {
    try checkLengths(x, y, "spearman")
    return try pearson(averageRanks(x), averageRanks(y))
  }

  /// Kendall's τ-b, ties in either sample handled.
  public static func kendall(_ x: [Double], _ y: [Double]) throws -> Double? {
    try checkLengths(x, y, "kendall")
    return try RankingAgreement(scores: y.map { Float($0) }, truth: x.map { Float($0) })
      .kendallTau
  }

  /// Ranks from 1, tied values sharing the mean of their ranks.
  public static func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      let rank = Double(start + end + 1) / 2  // the mean of ranks start+1 … end
      for k in start..<end { ranks[order[k]] = rank }
      start = end
    }
    return ranks
  }

  private static func checkLengths(_ x: [Double], _ y: [Double], _ what: String) throws {
    guard x.count == y.count else {
      throw ActiveLearningError(what, "the samples differ in length: \(x.count) and \(y.count)")
    }
  }
}
