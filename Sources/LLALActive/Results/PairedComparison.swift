import LLALTensor

/// A paired comparison of two strategies over the seeds they share: the AUBC and the final
/// value of a metric, each with its mean difference (first − second), 95% t interval,
/// paired t-test, Wilcoxon signed-rank test and verdict.
///
/// Seeds pair runs because every strategy starts a seed from the same initial labels and
/// weights. Both measures use cycles 0 through the last cycle that every paired run
/// finished, so a cancelled run does not compare a shorter curve with a longer one; the
/// final value is the metric at that cycle.
public struct PairedComparison: Equatable, Sendable {
  /// One measure compared over the paired seeds.
  public struct Measure: Equatable, Sendable {
    /// What was compared: `AUBC` or `final test accuracy`.
    public let name: String
    /// The seeds that entered the comparison (both runs have the value).
    public let seeds: [Int]
    /// The first strategy's value per seed, in `seeds` order.
    public let first: [Double]
    /// The second strategy's value per seed, in `seeds` order.
    public let second: [Double]
    /// The paired t-test of first − second, with the 95% interval of the mean difference.
    public let tTest: PairedTTest
    /// The Wilcoxon signed-rank test of first − second.
    public let wilcoxon: WilcoxonSignedRank
    /// What the two tests allow one to say.
    public let verdict: ComparisonVerdict

    /// The number of paired seeds.
    public var n: Int { seeds.count }
    /// The mean of first − second.
    public var meanDifference: Double { tTest.meanDifference }
    /// The 95% t interval of the mean difference; nil for fewer than 2 seeds.
    public var interval: ClosedRange<Double>? { tTest.interval }

    init(name: String, seeds: [Int], first: [Double], second: [Double], alpha: Double) {
      self.name = name
      self.seeds = seeds
      self.first = first
      self.second = second
      tTest = PairedTTest(first, second, confidence: 0.95)
      wilcoxon = WilcoxonSignedRank(first, second)
      verdict = ComparisonVerdict(t: tTest, wilcoxon: wilcoxon, alpha: alpha)
    }
  }

  /// The first strategy (differences are first − second).
  public let first: String
  /// The second strategy.
  public let second: String
  /// The significance level of the verdicts.
  public let alpha: Double
  /// The last cycle compared; nil when some paired run has not finished cycle 0.
  public let lastCycle: Int?
  /// The labeled counts at cycle 0 and at `lastCycle`.
  public let labeled: ClosedRange<Int>?
  /// The areas under the budget curves.
  public let aubc: Measure
  /// The metric at `lastCycle`.
  public let final: Measure
}

extension ExperimentResult {
  /// Compares strategy `first` with `second`, paired over their shared seeds, on the AUBC
  /// and the final value of `metric` (test accuracy by default).
  ///
  /// - Throws: `FieldError` (`PairedComparison.first`, `.second`, `.alpha`) when a name is
  ///   not one of the result's strategies, both names are the same, or `alpha` is not
  ///   between 0 and 1.
  public func compare(
    _ first: String, _ second: String, metric: KeyPath<CycleRecord, Double?> = \.testAccuracy,
    metricName: String = "test accuracy", alpha: Double = 0.05
  ) throws -> PairedComparison {
    for (field, name) in [("first", first), ("second", second)]
    where !strategies.contains(name) {
      let known = strategies.map { "'\($0)'" }.joined(separator: ", ")
      throw FieldError(
        "PairedComparison.\(field)",
        "must name a strategy of these results (\(known)), found '\(name)'")
    }
    guard first != second else {
      throw FieldError(
        "PairedComparison.second", "must differ from the first strategy, found '\(first)' twice")
    }
    guard alpha > 0, alpha < 1 else {
      throw FieldError(
        "PairedComparison.alpha", "must be between 0 and 1, found \(describeNumber(alpha))")
    }
    let index = RunIndex(self)
    let pair = [first, second]
    let shared = index.sharedSeeds(pair)
    let last = index.lastCommonCycle(pair, seeds: shared)
    var aubc: (seeds: [Int], a: [Double], b: [Double]) = ([], [], [])
    var final: (seeds: [Int], a: [Double], b: [Double]) = ([], [], [])
    if let last {
      for seed in shared {
        if let a = index.aubc(first, seed: seed, last: last, metric: metric),
          let b = index.aubc(second, seed: seed, last: last, metric: metric)
        {
          aubc.seeds.append(seed)
          aubc.a.append(a)
          aubc.b.append(b)
        }
        if let a = index.value(first, seed: seed, cycle: last, metric: metric),
          let b = index.value(second, seed: seed, cycle: last, metric: metric)
        {
          final.seeds.append(seed)
          final.a.append(a)
          final.b.append(b)
        }
      }
    }
    return PairedComparison(
      first: first, second: second, alpha: alpha, lastCycle: last,
      labeled: last.flatMap { index.labeledRange(pair, last: $0) },
      aubc: .init(name: "AUBC", seeds: aubc.seeds, first: aubc.a, second: aubc.b, alpha: alpha),
      final: .init(
        name: "final " + metricName, seeds: final.seeds, first: final.a, second: final.b,
        alpha: alpha))
  }
}

extension PairedComparison: CustomStringConvertible {
  /// A heading, one row per measure (mean difference, 95% interval, both p-values, n) and
  /// one verdict line per measure.
  public var description: String {
    var heading = "\(first) − \(second), paired over \(describeCount(aubc.n, "seed"))"
    if let lastCycle, let labeled {
      // Cycles as people count them, from 1 (`lastCycle` is an index).
      heading +=
        ", cycles 1–\(lastCycle + 1) (labeled \(labeled.lowerBound)–\(labeled.upperBound))"
    }
    var table = TextTable(
      header: ["measure", "mean diff", "95% interval", "t-test p", "Wilcoxon p", "n"])
    for m in [aubc, final] {
      let interval = m.interval.map {
        "[\(NumberFormat.signed($0.lowerBound, 4)), \(NumberFormat.signed($0.upperBound, 4))]"
      }
      table.rows.append([
        m.name, m.n == 0 ? "—" : NumberFormat.signed(m.meanDifference, 4), interval ?? "—",
        m.tTest.pValue.map(NumberFormat.compact) ?? "—",
        m.n == 0 ? "—" : NumberFormat.compact(m.wilcoxon.pValue), String(m.n),
      ])
    }
    let verdicts = [aubc, final].map {
      "\($0.name): " + $0.verdict.sentence(first: first, second: second, alpha: alpha)
    }
    return ([heading, table.text] + verdicts).joined(separator: "\n")
  }
}
