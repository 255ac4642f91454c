import LLALLanguage
import LLALActive

/// `experiment(...)` and `session(...)`: active learning over a model, a pool and a test
/// set, lowered onto LLALActive's cycle runner and LLALNN's training.
enum ExperimentLibrary: BuiltinLibrary {
  static let model = Builtin.Parameter("model", .host("model", description: "a model"))
  static let train = Builtin.Parameter("train", .host("dataset", description: "a dataset"))
  static let budget = Builtin.Parameter(
    "budget", .host("budget", description: "a budget (budget(initial:, step:, cycles:))"))
  static let optimizer = Builtin.Parameter(
    "optimizer", .host("optimizer", description: "an optimizer (sgd(...) or adam(...))"))
  static let initialization = Builtin.Parameter(
    "init", .choice(CycleInitialization.self), default: .string("scratch"))
  static let keep = Builtin.Parameter("keep", .choice(WeightKeeping.self), default: .string("all"))
  static let initial = Builtin.Parameter(
    "initial", ParamType.host("strategy", description: "a strategy").orNone, default: Value.none)

  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "experiment",
        [
          model, train, .init("test", .host("dataset", description: "a dataset")),
          .init("strategies", .any), budget, optimizer,
          .init(
            "seeds",
            ParamType(
              [.int, .list], description: "a count or a list of seeds", shortName: "int|[int]"),
            default: .int(1)), initialization, Baseline.parameter, TaskLibrary.parameter, keep,
          CheckpointOption.folder, CheckpointOption.resume, initial,
        ], returns: "results",
        doc: """
          Runs every strategy with every seed on the model: each run starts from the same \
          initial labels for a seed, and each cycle trains a fresh copy of the model \
          (init: "warm" keeps the weights), evaluates on test, measures the ranking \
          accuracies on the unlabeled pool and queries budget.step points. seeds: 3 means \
          seeds 0, 1, 2. Random sampling is added as the baseline unless a strategy is \
          named random (baseline: "name" picks another, none adds nothing). task: what \
          the model learns (classify() by default; regress(), heatmaps(...), \
          task(loss: ...)). checkpoint: "runs/name" saves every finished cycle there; \
          running the script again skips them (resume: "restart" starts over). keep: \
          which cycles' weights stay in memory for r.run(strategy, seed).cycle(k) — \
          "all" (parameters × cycles × runs × 4 bytes), "last" or "none". Returns the \
          results: their table of the task's metric, .aubc, .compare(a, b), .penalty, \
          .ranking, .curves, .run(strategy, seed), .save(path). initial: a strategy \
          (typiclust(...), probcover(...)) that chooses each seed's first labels instead \
          of a random draw, the same set for every strategy of the seed.
          """
      ) { args in
        let setup = try RunSetup(args)
        let strategies = try setup.strategies(args, "strategies")
        let seeds = try seedList(args)
        guard let test = setup.test else { throw args.error("test", "must be a dataset") }
        let baseline = try Baseline.resolve(args, given: strategies.map(\.strategy))
        let experiment = try args.building(blaming: setup.fields(strategies: "strategies")) {
          try Experiment(
            model: setup.model.graph, task: setup.task, pool: setup.pool.dataset,
            test: test.dataset, strategies: baseline.strategies, budget: setup.budget,
            training: setup.cycleTraining, seeds: seeds, initial: setup.initial?.strategy)
        }
        let spellings =
          strategies.map { $0.spelling ?? $0.strategy.name }
          + baseline.strategies.dropFirst(strategies.count).map { "\($0.name)()" }
        if let capture = ExperimentCapture.installed(on: args.interpreter) {
          try capture.handler(
            CapturedExperiment(
              experiment: experiment, arguments: args, file: args.interpreter.runningFile,
              strategySpellings: spellings,
              scoreFunctions: strategies.map(\.scoreFunction)
                + Array(repeating: nil, count: baseline.strategies.count - strategies.count)))
          throw ExperimentCapture.Stop()
        }
        let checkpoint = try CheckpointOption.open(args, experiment, strategies: spellings)
        let reporter = ProgressReporter(
          runs: baseline.strategies.count * seeds.count, cycles: setup.budget.cycles,
          output: args.interpreter.output)
        defer { reporter.finish() }
        let archive = ModelArchive(keeping: try args.choice("keep", of: WeightKeeping.self))
        let result = try experiment.run(
          checkpoint: checkpoint, archive: archive, onEvent: reporter.handle)
        if result.cancelled {
          try StoppedExperiment.keep(
            result, position: reporter.position, checkpoint: checkpoint?.folder, args)
        }
        for warning in result.warnings { args.interpreter.noteWarning(warning) }
        let value = ResultsValue(result, modelName: setup.model.graph.name, baseline: baseline.name)
        value.runs = FinishedRuns(experiment, archive: archive)
        return .host(value)
      })
    registry.register(
      Builtin(
        "session",
        [
          model, train, .init("strategy", .host("strategy", description: "a strategy")), budget,
          optimizer, .init("seed", .int, default: .int(0)),
          .init(
            "test", ParamType.host("dataset", description: "a dataset").orNone,
            default: Value.none),
          initialization, TaskLibrary.parameter, initial,
          .init("labels", .choice(LabelSource.self), default: .string("pool")),
          CheckpointOption.folder, CheckpointOption.resume,
        ], returns: "session",
        doc: """
          One strategy's active-learning run to step through by hand: s.step() runs a \
          cycle, s.query() shows the next picks without labeling, s.labeled lists the \
          labeled pool indices, s.evaluate(data) gives the current model's metrics, \
          s.save(path) and s.load(path) write and read its weights (safetensors). With \
          test: each cycle's record has the task's test metric. task and initial: as for \
          experiment. labels: "annotator" leaves each query to a person: after a step, \
          q = s.query(), q.save("to_label.csv"), s.label("labeled.csv"), then the next step. \
          checkpoint: "runs/name" saves every finished cycle there; running the script \
          again replays the saved cycles instead of running them (resume: "restart" \
          starts over).
          """
      ) { args in
        let setup = try RunSetup(args)
        let strategy = try args.host("strategy", as: StrategyValue.self)
        try setup.check(strategy, args, "strategy")
        let seed = try args.int("seed")
        let session = try args.building(blaming: setup.fields(strategies: "strategy")) {
          try ActiveLearningSession(
            model: setup.model.graph, task: setup.task, pool: setup.pool.dataset,
            strategy: strategy.strategy,
            budget: setup.budget, training: setup.cycleTraining, seed: seed,
            test: setup.test?.dataset, initial: setup.initial?.strategy,
            labels: try args.choice("labels", of: LabelSource.self))
        }
        let output = args.interpreter.output
        let checkpoint = try CheckpointOption.open(args) { task in
          ExperimentDefinition(
            session: setup.model.graph, task: task,
            strategy: (strategy.strategy.name, strategy.spelling ?? strategy.strategy.name),
            budget: setup.budget, initialStrategy: setup.initial?.strategy,
            training: setup.cycleTraining, seed: seed, pool: setup.pool.dataset,
            test: setup.test?.dataset)
        }.map { SessionCheckpoint($0, session: session, output: output) }
        return .host(SessionValue(session, output: output, checkpoint: checkpoint))
      })
  }

  /// `seeds: 3` is [0, 1, 2] (a list within the list limit); a list is taken as it is
  /// (the experiment checks it).
  private static func seedList(_ args: Arguments) throws -> [Int] {
    if case .int(let n) = args["seeds"] {
      guard n > 0 else { throw args.error("seeds", "must be a positive count, found \(n)") }
      try args.interpreter.limits.checkListLength(n, range: args.range("seeds"))
      return Array(0..<n)
    }
    return try args.ints("seeds")
  }
}
