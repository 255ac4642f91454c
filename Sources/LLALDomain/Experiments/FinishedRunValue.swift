import LLALActive
import LLALLanguage
import LLALNN

/// What an experiment keeps to answer questions about its runs after they finished: the
/// experiment itself (model, task, pool, strategies) and the archive of per-cycle weights.
final class FinishedRuns {
  /// The experiment that ran.
  let experiment: Experiment
  /// The kept weights.
  let archive: ModelArchive
  /// One learner per strategy, made on first use; a cycle's weights are put into it
  /// before each question.
  private var learners: [String: GraphLearner] = [:]

  /// The runs of `experiment`, their weights in `archive`.
  init(_ experiment: Experiment, archive: ModelArchive) {
    self.experiment = experiment
    self.archive = archive
  }

  /// A learner of `strategy` (its model and loss module) holding `weights`.
  func learner(_ strategy: any QueryStrategy, weights: WeightSnapshot) throws -> GraphLearner {
    let learner: GraphLearner
    if let made = learners[strategy.name] {
      learner = made
    } else {
      let e = experiment
      learner = try GraphLearner(
        model: try e.model.copy(), task: e.task, pool: e.pool, training: e.training.config,
        augmentation: e.training.augmentation, lossModule: strategy.lossModule)
      learners[strategy.name] = learner
    }
    try weights.restore(into: learner.model, lossModule: learner.lossModule)
    return learner
  }
}

/// One finished run of an experiment, `r.run(strategy, seed)`: its cycle records, its
/// training log and, for the cycles whose weights were kept, each cycle's model
/// (`cycle(k)`), asked without retraining.
final class FinishedRunValue: HostObject {
  let runs: FinishedRuns
  let strategy: any QueryStrategy
  let seed: Int
  let records: [CycleRecord]

  init(_ runs: FinishedRuns, strategy: any QueryStrategy, seed: Int, records: [CycleRecord]) {
    self.runs = runs
    self.strategy = strategy
    self.seed = seed
    self.records = records
  }

  var typeName: String { "run" }

  /// The kept cycles, counted from 1 as the results table counts them.
  var keptCycles: [Int] {
    runs.archive.cycles(strategy: strategy.name, seed: seed).map { $0 + 1 }
  }

  var description: String {
    var text = "run \(strategy.name), seed \(seed): \(records.count) cycles"
    if let m = records.last?.testAccuracy {
      text += ", last test \(records.last?.metricName ?? "metric") \(ResultsValue.format(m, 4))"
    }
    let kept = keptCycles
    text += kept.isEmpty ? "; no weights kept" : "; weights kept of cycles \(Self.listing(kept))"
    return text
  }

  var memberNames: [String] { ["strategy", "seed", "records", "log", "cycles", "cycle"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "strategy": return .string(strategy.name)
    case "seed": return .int(seed)
    case "records": return .list(records.map { .record(CycleRecords.record($0)) })
    case "log": return .host(TrainingLogValue(records, source: "\(strategy.name), seed \(seed)"))
    case "cycles": return .list(keptCycles.map { .int($0) })
    case "cycle":
      return .function(FunctionValue(.method(Self.cycleMethod, receiver: .host(self))))
    default: return nil
    }
  }

  /// `1, 2, 3` or `1–8`.
  static func listing(_ cycles: [Int]) -> String {
    guard let first = cycles.first, let last = cycles.last else { return "" }
    if cycles.count > 2 && cycles == Array(first...last) { return "\(first)–\(last)" }
    return cycles.map(String.init).joined(separator: ", ")
  }

  /// `r.run("entropy", 0).cycle(3)`.
  static let cycleMethod = Builtin(
    "cycle", [.init("k", .int)], returns: "cycle_model", receiver: "run",
    doc: """
      The model trained in cycle k (counted from 1, as the results table counts; the \
      model a session has after k steps), from the weights the experiment kept: \
      predict(data), pool() and evaluate(data) ask it without retraining.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let run = h as? FinishedRunValue else {
      throw RuntimeError("cycle needs a run")
    }
    let k = try args.int("k")
    guard (1...max(1, run.records.count)).contains(k), !run.records.isEmpty else {
      throw args.error(
        "k", "must be a cycle of the run, 1 to \(run.records.count), found \(k)")
    }
    guard let kept = run.runs.archive.kept(strategy: run.strategy.name, seed: run.seed, cycle: k - 1)
    else {
      let kept = run.keptCycles
      throw args.error(
        "k",
        "names cycle \(k), whose weights were not kept ("
          + (kept.isEmpty
            ? "the experiment kept none; "
            : "keep: \"\(run.runs.archive.keeping.rawValue)\" kept cycle \(listing(kept)); ")
          + "keep: \"all\" keeps every cycle)")
    }
    return .host(CycleModelValue(run, kept: kept))
  }
}

extension ResultsValue {
  /// `r.run("entropy", 0)`.
  static let runMethod = Builtin(
    "run", [.init("strategy", .string), .init("seed", .int)], returns: "run",
    receiver: "results",
    doc: """
      The finished run of a strategy (by name) with a seed: its records, its training log \
      (plot(r.run(...).log)) and cycle(k), the model of cycle k from the weights kept \
      (experiment's keep:).
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let r = h as? ResultsValue else {
      throw RuntimeError("run needs results")
    }
    guard let runs = r.runs else {
      throw RuntimeError("these results keep no runs; run the experiment in this script")
    }
    let name = try args.string("strategy")
    guard let strategy = runs.experiment.strategies.first(where: { $0.name == name }) else {
      throw args.error(
        "strategy",
        "names no strategy of this experiment, found \"\(name)\" (it ran "
          + runs.experiment.strategies.map(\.name).joined(separator: ", ") + ")")
    }
    let seed = try args.int("seed")
    guard runs.experiment.seeds.contains(seed) else {
      throw args.error(
        "seed",
        "must be a seed of this experiment (\(runs.experiment.seeds.map(String.init).joined(separator: ", "))), found \(seed)")
    }
    return .host(
      FinishedRunValue(
        runs, strategy: strategy, seed: seed,
        records: r.result.records(strategy: name, seed: seed)))
  }
}
