/// What a paired comparison of two strategies allows one to say, in plain words.
///
/// A difference is called only when both the paired t-test and the Wilcoxon signed-rank
/// test reject "no difference" at α and agree on its direction. Below
/// `WilcoxonSignedRank.minimumSampleSize(alpha:)` paired seeds (6 at α = 0.05) nothing is
/// called: the exact Wilcoxon test cannot reach p < α with fewer, whatever the data, and
/// the t-test then rests on a normality that so few values cannot check.
public enum ComparisonVerdict: Equatable, Sendable {
  /// Too few paired seeds to conclude anything.
  case tooFewSeeds(n: Int, needed: Int)
  /// The first strategy is better, by both tests.
  case firstBetter
  /// The second strategy is better, by both tests.
  case secondBetter
  /// Neither test finds a difference.
  case noSignificantDifference
  /// One test finds a difference and the other does not, or they point different ways.
  case testsDisagree

  /// The verdict on two tests of the same paired differences (first − second).
  public init(t: PairedTTest, wilcoxon: WilcoxonSignedRank, alpha: Double) {
    let needed = WilcoxonSignedRank.minimumSampleSize(alpha: alpha)
    guard t.n >= needed, let pT = t.pValue else {
      self = .tooFewSeeds(n: t.n, needed: needed)
      return
    }
    let tSays = pT < alpha
    let wilcoxonSays = wilcoxon.pValue < alpha
    let tUp = t.meanDifference > 0
    let wilcoxonUp = wilcoxon.rankSumPositive > wilcoxon.rankSumNegative
    switch (tSays, wilcoxonSays) {
    case (true, true) where tUp == wilcoxonUp: self = tUp ? .firstBetter : .secondBetter
    case (false, false): self = .noSignificantDifference
    default: self = .testsDisagree
    }
  }

  /// One sentence naming `first` and `second`, e.g. `entropy is better than random` or
  /// `3 paired seeds are too few to conclude anything: …`.
  public func sentence(first: String, second: String, alpha: Double) -> String {
    let level = NumberFormat.compact(alpha)
    switch self {
    case .tooFewSeeds(let n, let needed):
      let seeds = n == 1 ? "1 paired seed is" : "\(n) paired seeds are"
      let floor = NumberFormat.compact(WilcoxonSignedRank.smallestPValue(n: n))
      let why =
        n < 2
        ? "no test is possible"
        : "the exact Wilcoxon test cannot go below p = \(floor) with \(n)"
      return "\(seeds) too few to conclude anything: \(why); "
        + "p < \(level) needs at least \(needed)"
    case .firstBetter: return "\(first) is better than \(second) (both tests, α = \(level))"
    case .secondBetter: return "\(second) is better than \(first) (both tests, α = \(level))"
    case .noSignificantDifference: return "no significant difference at α = \(level)"
    case .testsDisagree: return "the two tests disagree at α = \(level): no firm conclusion"
    }
  }
}
