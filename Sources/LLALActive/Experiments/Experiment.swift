import LLALData
import LLALNN
import LLALTensor

/// Several strategies × seeds on one model, pool and test set, as a paired comparison:
/// for one seed every strategy starts from the same initial labeled set and, each cycle,
/// from the same initial weights. Each run trains its own copy of the model.
///
/// ```swift
/// let e = try Experiment(
///   model: net, pool: train, test: test, strategies: [RandomStrategy(), EntropyStrategy()],
///   budget: budget, training: CycleTraining(config), seeds: [0, 1, 2])
/// let result = try e.run()   // per-cycle mean ± std, ranking table, CSV/JSON export
/// ```
public struct Experiment {
  /// The model; never trained itself (each run trains a copy).
  public let model: ModelGraph
  /// What the model learns (classification by default).
  public let task: any ModelTask
  /// The points that can be labeled.
  public let pool: Dataset
  /// The points every cycle is evaluated on.
  public let test: Dataset
  /// The strategies compared.
  public let strategies: [any QueryStrategy]
  /// Initial labels, step, cycles, candidate subset.
  public let budget: LabelBudget
  /// How each cycle trains.
  public let training: CycleTraining
  /// One run per strategy per seed.
  public let seeds: [Int]
  /// The strategy that chooses each seed's first labels (TypiClust, ProbCover); nil:
  /// drawn at random.
  public let initialStrategy: (any QueryStrategy)?

  /// An experiment, checked before anything runs. A broken rule is a `FieldError`
  /// naming the field: `Experiment.pool` or `.test` (samples the model does not take; an
  /// empty test set), `.model` (an output the task refuses, too few outputs for the
  /// classes), `LabelBudget` (larger than the pool), `Experiment.strategies` (none, two of
  /// one name, features the model cannot give, class probabilities the task does not have),
  /// `LossModuleLayout` (a loss module over another model), `Experiment.seeds` (none,
  /// negative, repeated) or `Experiment.initial` (an initial strategy that does not fit
  /// the model or needs a loss module; see `InitialSelection`).
  public init(
    model: ModelGraph, task: any ModelTask = ClassificationTask(), pool: Dataset, test: Dataset,
    strategies: [any QueryStrategy], budget: LabelBudget, training: CycleTraining, seeds: [Int],
    initial: (any QueryStrategy)? = nil
  ) throws {
    try ModelFit.checkSamples(of: pool, model: model, field: "Experiment.pool")
    try ModelFit.checkSamples(of: test, model: model, field: "Experiment.test")
    try ModelFit.checkEvaluable(test, field: "Experiment.test")
    try ModelFit.checkTask(task, model: model, data: pool, field: "Experiment.model")
    try ModelFit.checkTask(task, model: model, data: test, field: "Experiment.test")
    try budget.validate(poolSize: pool.count)
    try budget.stop?.check(task)
    guard !strategies.isEmpty else {
      throw FieldError("Experiment.strategies", "must hold at least one strategy")
    }
    let names = strategies.map(\.name)
    if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
      throw FieldError(
        "Experiment.strategies",
        "holds two strategies named '\(twice)'; rename one with .named(\"...\")")
    }
    for strategy in strategies {
      try GraphLearner.check(strategy, fits: model, task: task, field: "Experiment.strategies")
      try strategy.lossModule?.layout.check(fits: model)
    }
    guard !seeds.isEmpty else {
      throw FieldError("Experiment.seeds", "must hold at least one seed")
    }
    if let bad = seeds.first(where: { $0 < 0 }) {
      throw FieldError("Experiment.seeds", "must not be negative, found \(bad)")
    }
    guard Set(seeds).count == seeds.count else {
      throw FieldError("Experiment.seeds", "must not repeat, found \(seeds)")
    }
    if let initial {
      try InitialSelection.check(initial, fits: model, task: task, field: "Experiment.initial")
    }
    self.model = model
    self.task = task
    self.pool = pool
    self.test = test
    self.strategies = strategies
    self.budget = budget
    self.training = training
    self.seeds = seeds
    self.initialStrategy = initial
  }

  /// Runs every seed's strategies in turn. Events report progress; when `cancellation`
  /// fires (or Ctrl-C), the result holds every finished cycle and says it was cancelled.
  /// With a `checkpoint`, each run first restores the cycles saved there (they are not
  /// run again) and saves every cycle it finishes. `archive`, when given, keeps the
  /// weights of each cycle finished in this call as it says.
  public func run(
    checkpoint: ExperimentCheckpoint? = nil, cancellation: CancellationToken? = nil,
    archive: ModelArchive? = nil,
    onEvent: ((ActiveLearningEvent) -> Void)? = nil
  ) throws -> ExperimentResult {
    var result = ExperimentResult(
      strategies: strategies.map(\.name), seeds: seeds, metricName: task.metricName)
    do {
      for seed in seeds {
        let initial = try initialLabels(seed: seed)
        for strategy in strategies {
          let session = try makeSession(strategy, seed: seed, initial: initial)
          let saved = checkpoint?.run(strategy: strategy.name, seed: seed)
          let restored = try saved?.restore(into: session) ?? 0
          if restored > 0 { checkpoint?.onRestore?(strategy.name, seed, restored) }
          for r in session.records { result.append(r) }
          while !session.isFinished {
            result.append(try session.step(cancellation: cancellation, onEvent: onEvent))
            try saved?.save(session)
            archive?.keep(session)
          }
        }
      }
    } catch is Interrupt.Stopped {
      result.cancelled = true
    }
    return result
  }

  /// The first labels of every run of `seed`: `budget.initial` points drawn at random
  /// from the seed, or chosen by `initialStrategy` (`InitialSelection`).
  public func initialLabels(seed: Int) throws -> [Int] {
    guard let initialStrategy else {
      return try LabelPool.random(
        size: pool.count, labeled: budget.initial, seed: RunSeeds.initial(seed)
      ).labeled
    }
    let learner = try GraphLearner(
      model: try model.copy(), task: task, pool: pool, training: training.config)
    return try InitialSelection.choose(
      initialStrategy, learner: learner, count: budget.initial, seed: seed)
  }

  /// The run of `strategy` with `seed` from the labeled set `initial`, on a copy of the model.
  public func makeSession(_ strategy: any QueryStrategy, seed: Int, initial: [Int]) throws
    -> ActiveLearningSession
  {
    let learner = try GraphLearner(
      model: try model.copy(), task: task, pool: pool, training: training.config,
      augmentation: training.augmentation, lossModule: strategy.lossModule,
      keepsPreviousModel: strategy.keepsPreviousModel)
    return try ActiveLearningSession(
      learner: learner, strategy: strategy, budget: budget,
      initialization: training.initialization, seed: seed, test: test, initialLabeled: initial)
  }
}
