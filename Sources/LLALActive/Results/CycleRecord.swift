import LLALNN

/// What one cycle of one run (strategy × seed) measured.
///
/// Field names in JSON and CSV follow the peer script `al_digits.py`: `test_acc`,
/// `entropy_rank_acc`, `lpm_rank_acc`, `cycle_s`, …; for a task whose headline metric is
/// not accuracy, the metric's own name (`pck`, `rmse`) takes the place of `test_acc`,
/// followed by the task's other metrics and `test_loss` (as `al_pose.py`).
///
/// Cycles are counted from 1 wherever a person reads them — tables, progress lines,
/// messages, the language's records, CSV and JSON (`number`; the peer script counts from
/// 0) — and from 0 only as a Swift index (`cycle`).
public struct CycleRecord: Equatable, Sendable {
  /// The strategy's name.
  public var strategy: String
  /// The run's seed.
  public var seed: Int
  /// The cycle, from 0 (an index: `RunSeeds`, `LabelPool.history`); see `number`.
  public var cycle: Int
  /// Labeled points the model was trained on.
  public var labeled: Int
  /// The task's headline metric on the test set (accuracy for classification, named by
  /// `metricName`); nil when the run has none.
  public var testAccuracy: Double?
  /// The headline metric's name: `accuracy`, `rmse`, `pck`.
  public var metricName = "accuracy"
  /// The task's other metrics on the test set (`r2`, `pck_j0`, …).
  public var otherMetrics: [TaskMetric] = []
  /// The mean per-sample loss on the test set; nil when the run has none.
  public var testLoss: Double?
  /// The training loss of the last step.
  public var finalTrainLoss: Double
  /// Ranking accuracy of entropy against the true losses on the unlabeled pool.
  public var entropyRankingAccuracy: Double?
  /// Ranking accuracy of the negated margin.
  public var marginRankingAccuracy: Double?
  /// Ranking accuracy of least confidence.
  public var leastConfidenceRankingAccuracy: Double?
  /// Ranking accuracy of the loss module's predictions (runs with a loss module).
  public var lossModuleRankingAccuracy: Double?
  /// Kendall's τ-b of entropy against the true losses.
  public var entropyKendallTau: Double?
  /// Kendall's τ-b of the loss module's predictions against the true losses.
  public var lossModuleKendallTau: Double?
  /// Spearman's ρ of entropy against the true losses.
  public var entropySpearman: Double?
  /// Spearman's ρ of the loss module's predictions against the true losses.
  public var lossModuleSpearman: Double?
  /// The training loop's per-epoch records (target and module loss, learning rate,
  /// training accuracy, whether the module was detached).
  public var log: [EpochSummary] = []
  /// Health warnings (`CycleHealth`): a constant loss module, test accuracy at chance.
  public var warnings: [String] = []
  /// Seconds spent training.
  public var trainSeconds: Double
  /// Seconds for the whole cycle: training, evaluation, scoring and the query.
  public var cycleSeconds: Double
  /// Pool indices queried after this cycle (empty after the last).
  public var chosen: [Int]
  /// Cohen's κ between this and the previous cycle's predictions on the stop set of the
  /// budget's stopping rule; nil in the first cycle and without a rule.
  public var stopKappa: Double?
  /// Whether the budget's stopping rule has fired by this cycle; nil without a rule.
  public var wouldStop: Bool?

  /// A record; the ranking fields start empty.
  public init(
    strategy: String, seed: Int, cycle: Int, labeled: Int, testAccuracy: Double?,
    finalTrainLoss: Double, trainSeconds: Double = 0, cycleSeconds: Double = 0,
    chosen: [Int] = []
  ) {
    self.strategy = strategy
    self.seed = seed
    self.cycle = cycle
    self.labeled = labeled
    self.testAccuracy = testAccuracy
    self.finalTrainLoss = finalTrainLoss
    self.trainSeconds = trainSeconds
    self.cycleSeconds = cycleSeconds
    self.chosen = chosen
  }

  /// The cycle as people count it, from 1: what tables, progress lines, messages, the
  /// language's records and the CSV and JSON exports show.
  public var number: Int { cycle + 1 }

  /// The measured fields in order, named as the peer script names them, values rounded to
  /// 4 decimals (times to 3) as it rounds them; without `chosen`. `cycle` is `number`,
  /// from 1.
  public var fields: [(String, ResultJSON)] {
    var f: [(String, ResultJSON)] = [
      ("strategy", .string(strategy)), ("seed", .int(seed)), ("cycle", .int(number)),
      ("labeled", .int(labeled)), (metricColumn, .rounded(testAccuracy, 4)),
    ]
    if metricName != "accuracy" {
      f += otherMetrics.map { ($0.name, .rounded($0.value, 4)) }
      f.append(("test_loss", .rounded(testLoss, 6)))
    }
    f += [
      ("final_train_loss", .rounded(finalTrainLoss, 4)),
      ("entropy_rank_acc", .rounded(entropyRankingAccuracy, 4)),
      ("margin_rank_acc", .rounded(marginRankingAccuracy, 4)),
      ("lc_rank_acc", .rounded(leastConfidenceRankingAccuracy, 4)),
    ]
    if lossModuleRankingAccuracy != nil || lossModuleKendallTau != nil {
      f.append(("lpm_rank_acc", .rounded(lossModuleRankingAccuracy, 4)))
    }
    f.append(("entropy_kendall_tau", .rounded(entropyKendallTau, 4)))
    if lossModuleRankingAccuracy != nil || lossModuleKendallTau != nil {
      f.append(("lpm_kendall_tau", .rounded(lossModuleKendallTau, 4)))
    }
    f += [("cycle_s", .rounded(cycleSeconds, 3)), ("train_s", .rounded(trainSeconds, 3))]
    return f
  }

  /// The CSV columns of a classification record, in order (without `chosen`).
  public static let classificationColumns = [
    "strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss",
    "entropy_rank_acc", "margin_rank_acc", "lc_rank_acc", "lpm_rank_acc",
    "entropy_kendall_tau", "lpm_kendall_tau", "cycle_s", "train_s",
  ]

  /// The CSV columns of this record's task, in order (without `chosen`): the
  /// classification columns with `test_acc` replaced by the task's metric fields and
  /// `test_loss`.
  public var columns: [String] {
    let names = fields.map(\.0)
    let metrics = names.drop { $0 != metricColumn }.prefix { $0 != "final_train_loss" }
    return Self.classificationColumns.flatMap { $0 == "test_acc" ? Array(metrics) : [$0] }
  }

  /// The headline metric's field: `test_acc` for accuracy (as the peer), else its name.
  public var metricColumn: String { metricName == "accuracy" ? "test_acc" : metricName }

  /// Measures beyond the peer's fields: Spearman's ρ of entropy and (with a module) of
  /// the loss module, rounded to 4 decimals; with a stopping rule, `stop_kappa` and
  /// `would_stop`.
  public var extraFields: [(String, ResultJSON)] {
    var f: [(String, ResultJSON)] = [("entropy_spearman", .rounded(entropySpearman, 4))]
    if lossModuleRankingAccuracy != nil || lossModuleKendallTau != nil {
      f.append(("lpm_spearman", .rounded(lossModuleSpearman, 4)))
    }
    if let wouldStop {
      f += [("stop_kappa", .rounded(stopKappa, 4)), ("would_stop", .bool(wouldStop))]
    }
    return f
  }

  /// The fields, the extra measures, the chosen indices and the warnings, as one JSON
  /// object.
  public var json: ResultJSON {
    .object(
      fields + extraFields + [
        ("chosen", .array(chosen.map { .int($0) })),
        ("warnings", .array(warnings.map { .string($0) })),
      ])
  }
}
