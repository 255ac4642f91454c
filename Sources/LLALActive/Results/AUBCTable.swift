/// The area under the budget curve of every run, by strategy, with mean ± std over seeds.
///
/// All runs are integrated over the same cycles, 0 through the last cycle every run
/// finished, so that the areas compare (a cancelled experiment's longer runs are cut to
/// the shortest). See `BudgetCurve` for the formula.
public struct AUBCTable: Equatable, Sendable {
  /// One strategy's areas.
  public struct Row: Equatable, Sendable {
    /// The strategy's name.
    public let strategy: String
    /// The seeds with an area, in the experiment's order.
    public let seeds: [Int]
    /// The area of each seed's run, in `seeds` order.
    public let values: [Double]
    /// The mean over seeds.
    public let mean: Double
    /// The sample standard deviation over seeds (n − 1); 0 for one seed.
    public let standardDeviation: Double
  }

  /// The last cycle integrated; nil when some run has not finished cycle 0.
  public let lastCycle: Int?
  /// The labeled counts at cycle 0 and at `lastCycle`.
  public let labeled: ClosedRange<Int>?
  /// One row per strategy that has an area, in strategy order.
  public let rows: [Row]

  /// The row of `strategy`.
  public func row(_ strategy: String) -> Row? { rows.first { $0.strategy == strategy } }
}

extension ExperimentResult {
  /// The AUBC of `metric` (test accuracy by default) for every run.
  public func aubc(metric: KeyPath<CycleRecord, Double?> = \.testAccuracy) -> AUBCTable {
    let index = RunIndex(self)
    let present = strategies.filter { s in records.contains { $0.strategy == s } }
    let lasts = present.map { index.lastCommonCycle([$0], seeds: index.sharedSeeds([$0])) }
    guard !lasts.isEmpty, let last = lasts.compactMap({ $0 }).min(), !lasts.contains(nil) else {
      return AUBCTable(lastCycle: nil, labeled: nil, rows: [])
    }
    var rows: [AUBCTable.Row] = []
    for strategy in present {
      var seeds: [Int] = []
      var values: [Double] = []
      for seed in index.sharedSeeds([strategy]) {
        guard let area = index.aubc(strategy, seed: seed, last: last, metric: metric) else {
          continue
        }
        seeds.append(seed)
        values.append(area)
      }
      guard let mean = Descriptive.mean(values) else { continue }
      rows.append(
        AUBCTable.Row(
          strategy: strategy, seeds: seeds, values: values, mean: mean,
          standardDeviation: Descriptive.sampleStandardDeviation(values)))
    }
    return AUBCTable(
      lastCycle: last, labeled: index.labeledRange(present, last: last), rows: rows)
  }
}
