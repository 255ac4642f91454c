/// Mean ranking accuracy on the unlabeled pool per cycle, one row per (scorer, strategy):
/// the loss module's where a strategy trained one, and entropy's.
public struct RankingTable: Equatable, Sendable {
  /// One row of the table.
  public struct Row: Equatable, Sendable {
    /// What produced the scores: `"loss module"` or `"entropy"`.
    public let scorer: String
    /// The strategy whose runs were measured.
    public let strategy: String
    /// Mean ranking accuracy per cycle.
    public let values: [Double?]
  }

  /// Labeled points per cycle (the column headers).
  public let labeled: [Int]
  /// The rows: loss-module rows first, then entropy rows (those with a measurement).
  public let rows: [Row]

  /// The table of `summaries`.
  public init(_ summaries: [StrategySummary]) {
    labeled = summaries.first?.labeled ?? []
    let module = summaries.compactMap { s in
      s.lossModuleRankingMean.map { Row(scorer: "loss module", strategy: s.strategy, values: $0) }
    }
    let entropy = summaries.map {
      Row(scorer: "entropy", strategy: $0.strategy, values: $0.entropyRankingMean)
    }
    // A task without class probabilities has no entropy to rank with.
    rows = module + entropy.filter { $0.values.contains { $0 != nil } }
  }
}
