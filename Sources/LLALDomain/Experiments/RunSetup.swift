import LLALLanguage
import LLALActive
import LLALData
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

  /// The augmentation of training batches: the optimizer's, else the training set's.
  var augmentation: Augmentation? { training.augmentation ?? pool.augmentation }

  /// Reads the shared arguments: `model`, `train`, `test` (optional), `budget`,
  /// `optimizer`, `init`.
  init(_ args: Arguments) throws {
    model = try args.host("model", as: ModelValue.self)
    pool = try args.dataset("train")
    test = args.isNone("test") ? nil : try args.dataset("test")
    training = try args.host("optimizer", as: TrainingValue.self)
    initialization = try args.choice("init", of: CycleInitialization.self)
    budget = try args.host("budget", as: BudgetValue.self).budget
  }

  /// The library's fields for `experiment(...)` and `session(...)` (whose strategies are
  /// in argument `strategies`), each with the argument that supplied it.
  static func fields(strategies: String) -> [String: String] {
    [
      "Experiment.pool": "train", "GraphLearner.pool": "train",
      "Experiment.test": "test", "ActiveLearningSession.test": "test",
      "Experiment.model": "model", "GraphLearner.model": "model",
      "LabelBudget": "budget",
      "Experiment.strategies": strategies, "LossModuleLayout": strategies,
      "Experiment.seeds": "seeds", "ActiveLearningSession.seed": "seed",
    ]
  }

  /// Checks that `strategy` can run on the model: its feature nodes and loss module's
  /// taps are nodes of this model, BALD has dropout to sample, and BADGE without a node
  /// has a last linear layer.
  func check(_ strategy: StrategyValue, _ args: Arguments, _ argument: String) throws {
    let graph = model.graph
    let kind = strategy.strategy.name
    func checkNode(_ n: NodeValue, _ role: String) throws {
      let ref = "\(n.build.name).\(n.node.name)"
      guard n.build.name == graph.name else {
        throw args.error(
          argument,
          "\(kind) \(role) \(ref), a node of another model; the experiment trains \(graph.name)")
      }
      guard let mine = graph.nodes.first(where: { $0.name == n.node.name }),
        mine.outputShape == n.node.outputShape
      else {
        throw args.error(
          argument,
          "\(kind) \(role) \(ref) \(describeShape(n.node.outputShape)), which this build of "
            + "\(graph.name) does not have with that shape")
      }
    }
    for n in strategy.featureNodes { try checkNode(n, "reads the features of") }
    // The module's layout fits this build of the model or not (the library checks that);
    // here only which model its taps came from.
    if let lossNet = strategy.lossNet, lossNet.model.name != graph.name {
      throw args.error(
        argument,
        "\(kind) taps \(lossNet.taps[0].spelling ?? ""), a node of another model; the "
          + "experiment trains \(graph.name)")
    }
    // Without dropout every pass agrees and BALD scores every candidate 0.
    if strategy.strategy is BALDStrategy, !graph.nodes.contains(where: { $0.layer is Dropout }) {
      throw args.error(
        argument,
        "bald needs dropout layers for its passes, but \(graph.name) has none; add "
          + "|> dropout(0.2) to a hidden node")
    }
    if strategy.strategy is BADGEStrategy, strategy.featureNodes.isEmpty {
      let out = graph.nodes[graph.output.index]
      guard out.layer is Linear else {
        throw args.error(
          argument,
          "badge needs the input of a last linear layer, but \(graph.name) ends in "
            + "\(out.layerDescription); give badge(features: \(graph.name).<node>)")
      }
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
