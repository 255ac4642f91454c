/// How well each score ranked the unlabeled pool by true loss, per cycle, mean and sample
/// standard deviation over seeds: one row per (scorer, strategy, measure) — the loss
/// module's where a strategy trained one, entropy's for every strategy — with ranking
/// accuracy, Kendall's τ-b and Spearman's ρ.
public struct RankingTable: Equatable, Sendable {
  /// A measure of agreement between a score and the true losses.
  public enum Measure: String, Sendable, CaseIterable {
    /// Concordant pairs / pairs with different true losses; score ties count as wrong.
    case rankingAccuracy = "rank acc"
    /// Kendall's τ-b.
    case kendallTau = "τ-b"
    /// Spearman's ρ.
    case spearman = "ρ"
  }

  /// One row of the table.
  public struct Row: Equatable, Sendable {
    /// What produced the scores: `"loss module"` or `"entropy"`.
    public let scorer: String
    /// The strategy whose runs were measured.
    public let strategy: String
    /// What is measured.
    public let measure: Measure
    /// Mean over seeds per cycle (nil where no seed measured it).
    public let values: [Double?]
    /// Sample standard deviation over seeds per cycle (nil with fewer than two seeds).
    public let std: [Double?]
  }

  /// Labeled points per cycle (the column headers).
  public let labeled: [Int]
  /// The rows: loss-module rows first, then entropy rows (those with a measurement); per
  /// run, the three measures.
  public let rows: [Row]

  /// The table of `summaries`' strategies over `records`.
  public init(_ summaries: [StrategySummary], records: [CycleRecord]) {
    labeled = summaries.first?.labeled ?? []
    let cycles = labeled.count
    func row(_ scorer: String, _ strategy: String, _ measure: Measure,
             _ value: (CycleRecord) -> Double?) -> Row {
      let mine = records.filter { $0.strategy == strategy }
      let perCycle = (0..<cycles).map { c in mine.filter { $0.cycle == c }.compactMap(value) }
      return Row(
        scorer: scorer, strategy: strategy, measure: measure,
        values: perCycle.map(Descriptive.mean),
        std: perCycle.map { $0.count > 1 ? Descriptive.sampleStandardDeviation($0) : nil })
    }
    let module = summaries.filter { $0.lossModuleRankingMean != nil }.flatMap { s in
      [
        row("loss module", s.strategy, .rankingAccuracy, \.lossModuleRankingAccuracy),
        row("loss module", s.strategy, .kendallTau, \.lossModuleKendallTau),
        row("loss module", s.strategy, .spearman, \.lossModuleSpearman),
      ]
    }
    // A task without class probabilities has no entropy to rank with: a strategy's
    // entropy rows appear when its runs measured entropy's ranking accuracy.
    let entropy = summaries.flatMap { s -> [Row] in
      let accuracy = row("entropy", s.strategy, .rankingAccuracy, \.entropyRankingAccuracy)
      guard accuracy.values.contains(where: { $0 != nil }) else { return [] }
      return [
        accuracy,
        row("entropy", s.strategy, .kendallTau, \.entropyKendallTau),
        row("entropy", s.strategy, .spearman, \.entropySpearman),
      ]
    }
    rows = module + entropy
  }

  /// What the measures mean and how ties count, for a footer beside the numbers.
  public static let legend =
    "rank acc: pairs of unlabeled points ordered as their true losses are, "
    + "\(RankingAgreement.tieRule) (0.5 is chance only without ties); "
    + "τ-b, ρ: Kendall's and Spearman's rank correlations, ties handled (0 is chance)"
}
