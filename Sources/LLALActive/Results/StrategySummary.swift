/// One strategy's results over seeds, cycle by cycle: mean and sample standard deviation
/// of the test accuracy, mean ranking accuracies, and wall time.
public struct StrategySummary: Equatable, Sendable {
  /// The strategy's name.
  public let strategy: String
  /// The seeds that contributed.
  public let seeds: [Int]
  /// Labeled points per cycle (from the first seed).
  public let labeled: [Int]
  /// Mean test accuracy per cycle over the seeds that reached it.
  public let accuracyMean: [Double]
  /// Sample standard deviation (n − 1) of the test accuracy per cycle; 0 for one seed.
  public let accuracyStd: [Double]
  /// How many seeds reached each cycle: fewer than `seeds.count` in the last cycles of an
  /// interrupted experiment.
  public let seedsPerCycle: [Int]
  /// Mean ranking accuracy of entropy per cycle.
  public let entropyRankingMean: [Double?]
  /// Mean ranking accuracy of the loss module per cycle; nil without a loss module.
  public let lossModuleRankingMean: [Double?]?
  /// Mean Kendall τ-b of the loss module per cycle; nil without a loss module.
  public let lossModuleKendallTauMean: [Double?]?
  /// Seconds spent on this strategy's cycles, all seeds together.
  public let wallSeconds: Double
  /// The records' headline metric field: `test_acc`, or the task's metric (`pck`, `rmse`).
  public let metricColumn: String

  /// The summary of `records` (one strategy's, any seeds and cycles).
  public init(strategy: String, records: [CycleRecord]) {
    self.strategy = strategy
    let mine = records.filter { $0.strategy == strategy }
    seeds = Array(Set(mine.map(\.seed))).sorted()
    let cycles = (mine.map(\.cycle).max() ?? -1) + 1
    let byCycle = (0..<cycles).map { c in mine.filter { $0.cycle == c } }
    labeled = byCycle.map { $0.first?.labeled ?? 0 }
    accuracyMean = byCycle.map { Descriptive.mean($0.compactMap(\.testAccuracy)) ?? 0 }
    accuracyStd = byCycle.map { Descriptive.sampleStandardDeviation($0.compactMap(\.testAccuracy)) }
    seedsPerCycle = byCycle.map { Set($0.map(\.seed)).count }
    entropyRankingMean = byCycle.map { Descriptive.mean($0.compactMap(\.entropyRankingAccuracy)) }
    let hasModule = mine.contains { $0.lossModuleRankingAccuracy != nil }
    lossModuleRankingMean =
      hasModule ? byCycle.map { Descriptive.mean($0.compactMap(\.lossModuleRankingAccuracy)) } : nil
    lossModuleKendallTauMean =
      hasModule ? byCycle.map { Descriptive.mean($0.compactMap(\.lossModuleKendallTau)) } : nil
    wallSeconds = mine.reduce(0) { $0 + $1.cycleSeconds }
    metricColumn = mine.first?.metricColumn ?? "test_acc"
  }

  /// The standard deviation over seeds of the test accuracy in cycle `c` (from 0), or nil
  /// when fewer than two seeds reached it: one value has no spread, and showing 0 would
  /// claim an agreement that was never measured.
  public func spread(atCycle c: Int) -> Double? {
    seedsPerCycle[c] >= 2 ? accuracyStd[c] : nil
  }

  /// The mean test accuracy over cycles `range` (those that exist).
  public func meanAccuracy(cycles range: ClosedRange<Int>) -> Double? {
    Descriptive.mean(accuracyMean.indices.filter(range.contains).map { accuracyMean[$0] })
  }

  /// The peer script's summary fields: `strategy`, `seeds`, `labeled`, `test_acc_mean`,
  /// `test_acc_std`, `wall_s`, `wall_s_per_seed`, `entropy_rank_acc_mean`,
  /// `lpm_rank_acc_mean` (with a loss module), rounded as it rounds them; `test_acc` is
  /// the metric's own field for another task (`pck_mean`, `pck_std`).
  public var fields: [(String, ResultJSON)] {
    var f: [(String, ResultJSON)] = [
      ("strategy", .string(strategy)), ("seeds", .array(seeds.map { .int($0) })),
      ("labeled", .array(labeled.map { .int($0) })),
      ("\(metricColumn)_mean", .array(accuracyMean.map { .rounded($0, 4) })),
      ("\(metricColumn)_std", .array(accuracyStd.map { .rounded($0, 4) })),
      ("wall_s", .rounded(wallSeconds, 2)),
      ("wall_s_per_seed", .rounded(wallSeconds / Double(max(seeds.count, 1)), 2)),
      ("entropy_rank_acc_mean", .array(entropyRankingMean.map { .rounded($0, 4) })),
    ]
    if let lossModuleRankingMean {
      f.append(("lpm_rank_acc_mean", .array(lossModuleRankingMean.map { .rounded($0, 4) })))
    }
    if let lossModuleKendallTauMean {
      f.append(("lpm_kendall_tau_mean", .array(lossModuleKendallTauMean.map { .rounded($0, 4) })))
    }
    return f
  }
}
