import LLALActive
import LLALData
import LLALLanguage
import LLALNN
import LLALTensor

/// What an experiment or session trains and on what, read from the call's arguments.
/// The library checks the rest before anything runs (the model fits the data, the
/// budget fits the pool, the seeds, the strategies' names and loss modules) and names
/// the field; `fields` maps each to the argument that supplied it.
struct RunSetup {
  /// The model (each run trains a copy).
  let model: ModelValue
  /// The pool to label.
  let pool: DatasetValue
  /// The test set, if any.
  let test: DatasetValue?
  /// Epochs, batch, optimizer, schedule, augmentation.
  let training: TrainingValue
  /// Initial labels, step, cycles, subset.
  let budget: LabelBudget
  /// Fresh or kept weights per cycle.
  let initialization: CycleInitialization
  /// What the model learns (`task:`; classification when none).
  let task: any ModelTask
  /// The strategy that chooses the first labels (`initial:`); none: drawn at random.
  let initial: StrategyValue?

  /// The augmentation of training batches: the optimizer's, else the training set's.
  var augmentation: Augmentation? { training.augmentation ?? pool.augmentation }

  /// Reads the shared arguments: `model`, `train`, `test` (optional), `budget`,
  /// `optimizer`, `init`, `task`, `initial`.
  init(_ args: Arguments) throws {
    model = try args.host("model", as: ModelValue.self)
    pool = try args.dataset("train")
    test = args.isNone("test") ? nil : try args.dataset("test")
    training = try args.host("optimizer", as: TrainingValue.self)
    initialization = try args.choice("init", of: CycleInitialization.self)
    budget = try args.host("budget", as: BudgetValue.self).budget
    task = try args.task("task")
    initial = args.isNone("initial") ? nil : try args.host("initial", as: StrategyValue.self)
    if let initial { try check(initial, args, "initial") }
  }

  /// The library's fields for `experiment(...)` and `session(...)` (whose strategies are
  /// in argument `strategies`), each with the argument that supplied it.
  /// The augmentation is the optimizer's when it has one, else the training set's.
  func fields(strategies: String) -> [String: String] {
    [
      "GraphLearner.augmentation": training.augmentation != nil ? "optimizer" : "train",
      "Experiment.pool": "train", "GraphLearner.pool": "train",
      "Experiment.test": "test", "ActiveLearningSession.test": "test",
      "Experiment.model": "model", "GraphLearner.model": "model",
      "LabelBudget": "budget",
      "Experiment.strategies": strategies, "ActiveLearningSession.strategy": strategies,
      "LossModuleLayout": strategies,
      "Experiment.seeds": "seeds", "ActiveLearningSession.seed": "seed",
      "Experiment.initial": "initial", "ActiveLearningSession.initial": "initial",
    ]
  }

  /// Checks what only the language knows about `strategy`: that the nodes it reads and
  /// taps came from this model (a node value remembers its model), and that BALD has
  /// dropout to sample. The library checks the rest (the nodes are there, a last linear
  /// layer for BADGE, the loss module's layout).
  func check(_ strategy: StrategyValue, _ args: Arguments, _ argument: String) throws {
    let graph = model.graph
    let kind = strategy.strategy.name
    let nodes =
      strategy.featureNodes.map { ($0, "reads the features of") }
      + (strategy.lossNet?.taps.prefix(1).map { ($0, "taps") } ?? [])
    for (n, role) in nodes where n.build.name != graph.name {
      throw args.error(
        argument,
        "\(kind) \(role) \(n.spelling ?? ""), a node of another model; the experiment trains "
          + graph.name)
    }
    // Without dropout every pass agrees and BALD (or variance) scores every candidate 0.
    if strategy.strategy is BALDStrategy || strategy.strategy is VarianceStrategy,
      !graph.nodes.contains(where: { $0.layer is Dropout })
    {
      throw args.error(
        argument,
        "\(kind) needs dropout layers for its passes, but \(graph.name) has none; add "
          + "|> dropout(0.2) to a hidden node")
    }
  }

  /// The strategies in argument `name`: one strategy or a list of them, each checked
  /// against the model.
  func strategies(_ args: Arguments, _ name: String) throws -> [StrategyValue] {
    let values: [Value]
    if case .list(let xs) = args[name] { values = xs } else { values = [args[name]] }
    var out: [StrategyValue] = []
    for v in values {
      guard case .host(let h) = v, let s = h as? StrategyValue else {
        throw args.error(name, "must hold strategies (entropy(), ...), found \(v.typeName)")
      }
      try check(s, args, name)
      out.append(s)
    }
    return out
  }

  /// The cycle training as LLALActive's experiment and session take it, with the
  /// augmentation of training batches, if any.
  var cycleTraining: CycleTraining {
    CycleTraining(training.config, initialization: initialization, augmentation: augmentation)
  }
}
