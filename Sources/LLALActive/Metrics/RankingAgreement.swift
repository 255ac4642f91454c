/// How well a score orders points by their true loss, counted over pairs.
///
/// Among the pairs `i < j` whose true losses differ, a pair is *concordant* when the
/// scores order it the same way (strictly), *discordant* when the opposite way, and a
/// score tie otherwise.
///
/// - ranking accuracy = concordant / pairs with different true losses (score ties count
///   as wrong, `tieRule`), the paper's measure and the peer script's `rank_acc`;
/// - Kendall's τ-b = (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂)), with `n₀` all
///   pairs, `n₁` pairs tied in truth, `n₂` pairs tied in score.
///
/// Counted in O(n log n) by Knight's algorithm (sort by truth, count inversions of the
/// scores by merge sort). NaN scores rank below every number.
public struct RankingAgreement: Equatable, Sendable {
  /// Pairs whose true losses differ.
  public let pairs: Int
  /// Pairs the score orders as the truth does.
  public let concordant: Int
  /// Pairs the score orders against the truth.
  public let discordant: Int
  /// Kendall's τ-b; nil when either side is constant.
  public let kendallTau: Double?
  /// Spearman's ρ (Pearson's r of the average ranks); nil when either side is constant.
  public let spearman: Double?

  /// How ranking accuracy counts a pair the score ties, in words shown beside the number.
  public static let tieRule = "score ties count as wrong"

  /// Pairs with different true losses that the score ties.
  public var scoreTies: Int { pairs - concordant - discordant }

  /// concordant / pairs; nil when no pair has different true losses.
  public var rankingAccuracy: Double? {
    pairs > 0 ? Double(concordant) / Double(pairs) : nil
  }

  /// The agreement of `scores` (higher = larger loss expected) with `truth`.
  public init(scores: [Float], truth: [Float]) throws {
    guard scores.count == truth.count else {
      throw ActiveLearningError(
        "ranking_accuracy", "\(scores.count) scores for \(truth.count) true losses")
    }
    let n = scores.count
    let y = scores.map { $0.isNaN ? -Float.infinity : $0 }
    let x = truth.map { $0.isNaN ? -Float.infinity : $0 }
    let order = (0..<n).sorted { a, b in x[a] != x[b] ? x[a] < x[b] : y[a] < y[b] }
    let all = n * (n - 1) / 2
    let tiedTruth = Self.tiedPairs(order.map { x[$0] })
    let tiedBoth = Self.tiedPairs(order.map { (x[$0], y[$0]) }, ==)
    var sequence = order.map { y[$0] }
    let swaps = Self.sortCountingInversions(&sequence)
    let tiedScore = Self.tiedPairs(sequence)
    pairs = all - tiedTruth
    discordant = swaps
    concordant = all - tiedTruth - tiedScore + tiedBoth - swaps
    let denominator = Double(all - tiedTruth) * Double(all - tiedScore)
    kendallTau = denominator > 0 ? Double(concordant - discordant) / denominator.squareRoot() : nil
    spearman = try Correlation.spearman(x.map(Double.init), y.map(Double.init))
  }

  /// Pairs within runs of equal neighbours of a sorted sequence.
  private static func tiedPairs<T>(_ sorted: [T], _ equal: (T, T) -> Bool) -> Int {
    var total = 0, run = 1
    for i in sorted.indices.dropFirst() {
      if equal(sorted[i], sorted[i - 1]) {
        run += 1
      } else {
        total += run * (run - 1) / 2
        run = 1
      }
    }
    return sorted.isEmpty ? 0 : total + run * (run - 1) / 2
  }

  private static func tiedPairs(_ sorted: [Float]) -> Int { tiedPairs(sorted, ==) }

  /// Sorts `values` ascending (bottom-up merge sort) and returns the number of pairs
  /// `i < j` with `values[i] > values[j]` before sorting.
  private static func sortCountingInversions(_ values: inout [Float]) -> Int {
    let n = values.count
    var buffer = values
    var inversions = 0
    var width = 1
    while width < n {
      var lo = 0
      while lo < n {
        let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
        var i = lo, j = mid, k = lo
        while i < mid && j < hi {
          if values[j] < values[i] {
            buffer[k] = values[j]
            inversions += mid - i
            j += 1
          } else {
            buffer[k] = values[i]
            i += 1
          }
          k += 1
        }
        while i < mid {
          buffer[k] = values[i]
          i += 1
          k += 1
        }
        while j < hi {
          buffer[k] = values[j]
          j += 1
          k += 1
        }
        lo = hi
      }
      swap(&values, &buffer)
      width *= 2
    }
    return inversions
  }
}
