import Foundation
import LLALData
import LLALNN
import LLALTensor

/// One active-learning run, cycle by cycle: train, evaluate, measure the scores on the
/// unlabeled pool, score the candidates, query, label.
///
/// ```swift
/// let s = try ActiveLearningSession(
///   learner: learner, strategy: EntropyStrategy(), budget: budget, seed: 0, test: test)
/// try s.step()          // cycle 0: train, evaluate, query `budget.step` points, label them
/// s.pool.labeledCount
/// try s.query()         // what the current model would pick next, without labeling
/// ```
public final class ActiveLearningSession {
  /// The model being trained and queried.
  public let learner: any ActiveLearner
  /// How points are chosen.
  public let strategy: any QueryStrategy
  /// Initial labels, step, cycles and candidate subset.
  public let budget: LabelBudget
  /// Fresh weights every cycle, or kept.
  public let initialization: CycleInitialization
  /// The run's seed (initial labels, weights, shuffling, candidate subsets, draws).
  public let seed: Int
  /// The test set each cycle is evaluated on, if any.
  public let test: Dataset?
  /// Who answers the queries: the pool's labels, or an annotator through `label(from:)`.
  public let labels: LabelSource
  /// Labeled and unlabeled points, and what was chosen in which cycle.
  public internal(set) var pool: LabelPool
  /// One record per finished cycle.
  public internal(set) var records: [CycleRecord] = []
  /// The model's outputs on the unlabeled points of the last cycle's measuring pass,
  /// with those points (so that a benchmark scores them without a second pass).
  public private(set) var lastPoolOutputs: (points: [Int], outputs: Tensor)?
  /// Whether the learner holds trained weights (a finished cycle, or loaded ones).
  var trained = false
  /// The stop set of the budget's stopping rule (empty without one), and the classes the
  /// last trained model predicted on it.
  private var stopSet: [Int] = []
  private var stopPredictions: [Int]?
  /// With an annotator: whether the last step's query waits for answers, and the query
  /// asked since (`query()`), which `label(from:)` answers.
  var awaitingLabels = false
  var pending: QuerySelection?

  /// A run of `strategy` on `learner`'s pool. The initial labeled set is `initialLabeled`
  /// when given (an experiment passes the same set to every strategy), else `budget.initial`
  /// points drawn from `seed`. An impossible budget (`LabelBudget`), a negative seed
  /// (`ActiveLearningSession.seed`) or an empty test set (`ActiveLearningSession.test`)
  /// is an error here, before anything runs.
  public init(
    learner: any ActiveLearner, strategy: any QueryStrategy, budget: LabelBudget,
    initialization: CycleInitialization = .scratch, seed: Int, test: Dataset? = nil,
    initialLabeled: [Int]? = nil, labels: LabelSource = .pool
  ) throws {
    let size = learner.poolSize
    try budget.validate(poolSize: size)
    guard seed >= 0 else {
      throw FieldError("ActiveLearningSession.seed", "must not be negative, found \(seed)")
    }
    if let test { try ModelFit.checkEvaluable(test, field: "ActiveLearningSession.test") }
    try budget.stop?.check(learner.task)
    if strategy.lossModule != nil && !learner.hasLossModule {
      throw ActiveLearningError(
        strategy.name, "the learner was built without the loss module this strategy needs")
    }
    if let initialLabeled {
      guard initialLabeled.count == budget.initial else {
        throw ActiveLearningError(
          "session",
          "\(initialLabeled.count) initial labels given for a budget of \(budget.initial)")
      }
      pool = try LabelPool(size: size, labeled: initialLabeled)
    } else {
      pool = try LabelPool.random(size: size, labeled: budget.initial, seed: RunSeeds.initial(seed))
    }
    self.learner = learner
    self.strategy = strategy
    self.budget = budget
    self.initialization = initialization
    self.seed = seed
    self.test = test
    self.labels = labels
    stopSet = budget.stop?.stopSet(unlabeled: pool.unlabeled, seed: seed) ?? []
  }

  /// A run of `strategy` training a copy of `model` on `pool` (with the loss module the
  /// strategy requests and `training`'s augmentation), as the language's `session(...)`
  /// makes one. A test set whose samples the model does not take is an error about
  /// `ActiveLearningSession.test`, features the model cannot give (or class probabilities
  /// the task does not have) one about `ActiveLearningSession.strategy`; the learner and
  /// the run check the rest. With `initial`, that strategy chooses the first labels
  /// (`InitialSelection`, the same set an experiment of this seed starts from; a strategy
  /// that cannot is an error about `ActiveLearningSession.initial`).
  public convenience init(
    model: ModelGraph, task: any ModelTask = ClassificationTask(), pool: Dataset,
    strategy: any QueryStrategy, budget: LabelBudget, training: CycleTraining, seed: Int,
    test: Dataset? = nil, initial: (any QueryStrategy)? = nil, labels: LabelSource = .pool
  ) throws {
    if let test {
      try ModelFit.checkSamples(of: test, model: model, field: "ActiveLearningSession.test")
      try ModelFit.checkTask(task, model: model, data: test, field: "ActiveLearningSession.test")
    }
    try GraphLearner.check(
      strategy, fits: model, task: task, field: "ActiveLearningSession.strategy")
    let learner = try GraphLearner(
      model: try model.copy(), task: task, pool: pool, training: training.config,
      augmentation: training.augmentation, lossModule: strategy.lossModule,
      keepsPreviousModel: strategy.keepsPreviousModel)
    var chosen: [Int]?
    // A negative seed is refused by the designated initialiser.
    if let initial, seed >= 0 {
      try InitialSelection.check(
        initial, fits: model, task: task, field: "ActiveLearningSession.initial")
      try budget.validate(poolSize: pool.count)
      chosen = try InitialSelection.choose(
        initial, learner: learner, count: budget.initial, seed: seed)
    }
    try self.init(
      learner: learner, strategy: strategy, budget: budget,
      initialization: training.initialization, seed: seed, test: test, initialLabeled: chosen,
      labels: labels)
  }

  /// The next cycle to run (0-based); equal to `budget.cycles` when all are done.
  public var cycle: Int { records.count }
  /// Whether every cycle of the budget has run.
  public var isFinished: Bool { records.count >= budget.cycles }

  /// Runs one cycle: trains (from fresh weights unless warm), evaluates on the test set,
  /// measures the ranking accuracies on the unlabeled pool, and — except in the last
  /// cycle — queries `budget.step` candidates and labels them. When cancelled (or on
  /// Ctrl-C) it throws `Interrupt.Stopped`, and the cycle leaves no record and labels
  /// nothing. When a training loss is NaN or infinite it throws `CycleDiverged`
  /// (the run, the cycle, the epoch and the step), again leaving no record.
  @discardableResult
  public func step(
    cancellation: CancellationToken? = nil, onEvent: ((ActiveLearningEvent) -> Void)? = nil
  ) throws -> CycleRecord {
    guard !isFinished else {
      throw ActiveLearningError(
        "session", "every cycle of the budget is done (\(budget.cycles) of \(budget.cycles))")
    }
    guard !awaitingLabels else {
      throw ActiveLearningError(
        "session",
        "cycle \(cycle)'s query waits for its labels: q = s.query(), q.save(\"to_label.csv\"), "
          + "then s.label(\"labeled.csv\") with the answers")
    }
    let c = cycle
    let start = ContinuousClock.now
    let labeled = pool.labeled
    onEvent?(.cycleStarted(strategy: strategy.name, seed: seed, cycle: c, labeled: labeled.count))
    if initialization == .scratch || c == 0 {
      try learner.reinitialize(seed: RunSeeds.model(seed, c))
    }
    trained = false
    var log: [EpochSummary] = []
    let finalLoss: Double
    do {
      finalLoss = try learner.train(
        on: labeled, seed: RunSeeds.training(seed, c), cancellation: cancellation
      ) { event in
        if case .epoch(let summary) = event { log.append(summary) }
        onEvent?(.training(event))
      }
    } catch let diverged as TrainingDiverged {
      throw CycleDiverged(strategy: strategy.name, seed: seed, cycle: c, training: diverged)
    }
    trained = true
    let trainSeconds = Self.seconds(since: start)
    let evaluation = try test.map { try learner.evaluate(on: $0, cancellation: cancellation) }
    try checkStop(cancellation, cycle: c)

    let last = c == budget.cycles - 1
    let probe = try measureAndQuery(cycle: c, query: !last && labels == .pool)
    var record = CycleRecord(
      strategy: strategy.name, seed: seed, cycle: c, labeled: labeled.count,
      testAccuracy: evaluation?.metric, finalTrainLoss: finalLoss, trainSeconds: trainSeconds)
    record.metricName = learner.task.metricName
    record.otherMetrics = Array(evaluation?.metrics.dropFirst() ?? [])
    record.testLoss = evaluation?.meanLoss
    record.log = log
    if let accuracy = evaluation?.accuracy, let test,
      let w = CycleHealth.chanceAccuracy(accuracy, labels: test.y)
    {
      record.warnings.append(w)
    }
    probe.metrics.fill(&record)
    if let rule = budget.stop { try markStop(rule, &record) }
    if let selection = probe.selection {
      try pool.label(selection, cycle: c)
      record.chosen = selection.indices
    }
    record.cycleSeconds = Self.seconds(since: start)
    records.append(record)
    awaitingLabels = labels == .annotator && !last
    pending = nil
    onEvent?(.cycleFinished(record))
    return record
  }

  /// Continues the run from a checkpoint (`RunCheckpoint.restore`): `records` are its
  /// finished cycles and `pool` what they labeled; the caller has restored the weights.
  func resume(records: [CycleRecord], pool: LabelPool) throws {
    self.records = records
    self.pool = pool
    trained = !records.isEmpty
    // An annotator's query waits when the last cycle's acquisition is not in the pool.
    pending = nil
    awaitingLabels =
      labels == .annotator && !isFinished
      && records.last.map { r in !pool.history.contains { $0.cycle == r.cycle } } ?? false
    // The restored weights are the last cycle's: the next κ compares with them.
    if budget.stop != nil, trained { stopPredictions = try predictedClasses(stopSet) }
  }

  /// Runs the remaining cycles; returns their records.
  @discardableResult
  public func run(
    cancellation: CancellationToken? = nil, onEvent: ((ActiveLearningEvent) -> Void)? = nil
  ) throws -> [CycleRecord] {
    var done: [CycleRecord] = []
    while !isFinished { done.append(try step(cancellation: cancellation, onEvent: onEvent)) }
    return done
  }

  /// What the current model would query next, with scores, without labeling anything;
  /// with `other`, what that strategy would pick on the same model and candidates (it
  /// must fit the model, and may use a loss module only when the session trains one).
  /// With an annotator, the session's own query after a step is the one that step would
  /// have made, and the one `label(from:)` takes the answers to.
  public func query(using other: (any QueryStrategy)? = nil) throws -> QuerySelection {
    guard trained else {
      throw ActiveLearningError("query", "no trained model yet: run a step first")
    }
    if let other { try QueryExplanation.check(other, on: learner) }
    // A query awaiting an annotator is the one the last step would have made (its seeds).
    let selection =
      try measureAndQuery(
        cycle: awaitingLabels ? cycle - 1 : cycle, query: true, measure: false, using: other
      ).selection ?? QuerySelection(indices: [], scores: [])
    if awaitingLabels && other == nil { pending = selection }
    return selection
  }

  /// The current model's per-sample outputs on `data`, with the features of `nodes`
  /// (see `GraphLearner.predict`).
  public func predict(_ data: Dataset, nodes: Set<String> = []) throws -> SamplePredictions {
    guard trained else {
      throw ActiveLearningError("predict", "no trained model yet: run a step first")
    }
    return try learner.predict(.data(data), nodes: nodes)
  }

  /// The current model's per-sample outputs on the unlabeled pool, in pool order.
  public func poolPredictions(nodes: Set<String> = []) throws -> SamplePredictions {
    guard trained else {
      throw ActiveLearningError("pool", "no trained model yet: run a step first")
    }
    return try learner.predict(.pool(pool.unlabeled), nodes: nodes)
  }

  /// The current model's metrics and per-sample losses on `data` (`metric` is the
  /// headline: accuracy for classification); an empty `data` is an error about
  /// `ActiveLearningSession.evaluate.data`.
  public func evaluate(on data: Dataset, cancellation: CancellationToken? = nil) throws
    -> Evaluation
  {
    guard trained else {
      throw ActiveLearningError("evaluate", "no trained model yet: run a step first")
    }
    try ModelFit.checkEvaluable(data, field: "ActiveLearningSession.evaluate.data")
    return try learner.evaluate(on: data, cancellation: cancellation)
  }

  // MARK: Scoring

  /// One pass over the unlabeled pool for the metrics (and, when every unlabeled point is
  /// a candidate, for the strategy too); then the query over the candidates.
  private func measureAndQuery(
    cycle c: Int, query: Bool, measure: Bool = true, using other: (any QueryStrategy)? = nil
  ) throws -> (metrics: PoolMetrics, selection: QuerySelection?) {
    let strategy = other ?? self.strategy
    let unlabeled = pool.unlabeled
    var generator = RandomGenerator(seed: RunSeeds.query(seed, c))
    let candidates = pool.candidates(subset: budget.subset, generator: &generator)
    let everyPoint = candidates.count == unlabeled.count
    var request = InferenceRequest()
    if measure {
      request = InferenceRequest(logits: true, predictedLoss: learner.hasLossModule)
    }
    if query && everyPoint { request = request.union(strategy.requirements) }
    let inference =
      request.isEmpty
      ? QueryInference(count: unlabeled.count) : try learner.infer(unlabeled, request)
    if measure { lastPoolOutputs = inference.logits.map { (unlabeled, $0) } }
    let metrics =
      measure
      ? try PoolMetrics(
        inference, task: learner.task,
        truth: { try self.learner.trueLosses(unlabeled, outputs: $0) })
      : PoolMetrics()
    guard query, !candidates.isEmpty else { return (metrics, nil) }
    let context = try QueryContext(
      model: learner, candidates: candidates, labeled: pool.labeled,
      step: min(budget.step, candidates.count), seed: generator.next(),
      inference: try inference.rows(Self.positions(of: candidates, in: unlabeled)))
    try context.prefetch(strategy.requirements)
    let selection = try strategy.select(context)
    guard selection.indices.count == context.step, selection.scores.count == context.step else {
      throw ActiveLearningError(
        strategy.name,
        "chose \(selection.indices.count) points with \(selection.scores.count) scores; "
          + "the step is \(context.step)")
    }
    let allowed = Set(candidates)
    if let bad = selection.indices.first(where: { !allowed.contains($0) }) {
      throw ActiveLearningError(strategy.name, "chose point \(bad), which is not a candidate")
    }
    return (metrics, selection)
  }

  /// Fills the record's κ against the previous cycle's predictions on the stop set, and
  /// whether `rule` has fired by this cycle.
  private func markStop(_ rule: StabilizingPredictions, _ record: inout CycleRecord) throws {
    let now = try predictedClasses(stopSet)
    if let previous = stopPredictions {
      record.stopKappa = StabilizingPredictions.kappa(previous, now)
    }
    stopPredictions = now
    let kappas = (records + [record]).compactMap(\.stopKappa)
    record.wouldStop = records.last?.wouldStop == true || rule.fires(kappas)
  }

  /// The current model's predicted class of each of the pool points `indices`.
  private func predictedClasses(_ indices: [Int]) throws -> [Int] {
    guard
      let logits = try learner.infer(indices, InferenceRequest(logits: true)).logits
    else { throw ActiveLearningError("stop", "the model returned no outputs") }
    return try Rows.argmax(logits)
  }

  /// Throws `Interrupt.Stopped` when Ctrl-C is pending or `token` is cancelled.
  private func checkStop(_ token: CancellationToken?, cycle c: Int) throws {
    let site = "cycle \(c + 1) of \(strategy.name), seed \(seed)"
    try Interrupt.check(site)
    if token?.isCancelled == true { throw Interrupt.Stopped(site: site) }
  }

  /// Where each of `subset` (sorted) sits in `all` (sorted, a superset).
  private static func positions(of subset: [Int], in all: [Int]) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(subset.count)
    var j = 0
    for s in subset {
      while all[j] != s { j += 1 }
      out.append(j)
    }
    return out
  }

  private static func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
