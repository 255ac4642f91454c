import LLALLanguage
import LLALActive
import LLALData
import LLALNN

/// `budget(...)`, `sgd(...)` and `adam(...)`.
enum TrainingLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "budget",
        [
          .init("initial", .int), .init("step", .int), .init("cycles", .int),
          .init("subset", .int, default: .int(0)),
          .init(
            "stop", ParamType.host("stopping rule", description: "a stopping rule").orNone,
            default: Value.none),
        ], returns: "budget",
        doc: """
          A labeling budget: `initial` random labels, then `step` more after every cycle \
          but the last, for `cycles` train–evaluate–query cycles; each query scores \
          `subset` random unlabeled candidates (0: all of them). The paper on CIFAR-10: \
          budget(initial: 1000, step: 1000, cycles: 10, subset: 10000). stop: a stopping \
          rule (stabilizing(...)) whose stopping point every run marks.
          """
      ) { args in
        let initial = try args.int("initial"), step = try args.int("step")
        let cycles = try args.int("cycles"), subset = try args.int("subset")
        let stop = args.isNone("stop") ? nil : try args.host("stop", as: StoppingRuleValue.self)
        let budget = try args.building(blaming: [
          "LabelBudget.initial": "initial", "LabelBudget.step": "step",
          "LabelBudget.cycles": "cycles", "LabelBudget.subset": "subset",
        ]) {
          try LabelBudget(
            initial: initial, step: step, cycles: cycles, subset: subset, stop: stop?.rule)
        }
        return .host(BudgetValue(budget, limits: args.interpreter.limits))
      })
    registry.register(StoppingRuleValue.builtin)
    let shared: [Builtin.Parameter] = [
      .init("epochs", .int, default: .int(30)), .init("batch", .int, default: .int(32)),
      .init(
        "milestones",
        ParamType([.list, .int], description: "a list of epochs", shortName: "[int]"),
        default: .list([])),
      .init("gamma", .number, default: .float(0.1)),
      .init("schedule", .choice(ScheduleName.self), default: .string("step")),
      .init("augment", ParamType.record.orNone, default: Value.none),
    ]
    registry.register(
      Builtin(
        "sgd",
        [
          .init("lr", .number, default: .float(0.1)),
          .init("momentum", .number, default: .float(0.9)),
          .init("decay", .number, default: .float(5e-4)),
          .init("nesterov", .bool, default: .bool(false)),
        ]
          + shared, returns: "optimizer",
        doc: """
          Training with SGD (PyTorch's formulas; weight decay on every parameter) for \
          `epochs` passes in batches of `batch`. schedule "step" multiplies the rate by \
          gamma at each epoch in milestones, "cosine" anneals it to 0, "constant" keeps \
          it. augment: {crop: true, pad: 4, flip: true} changes every training batch, \
          a field left out taking that default (otherwise the training set's own \
          .augment(...) applies). The paper: sgd(lr: \
          0.1, momentum: 0.9, decay: 5e-4, epochs: 200, batch: 128, milestones: [160]).
          """
      ) { args in
        let optimizer = OptimizerConfig.sgd(
          lr: try args.float("lr"), momentum: try args.float("momentum"),
          weightDecay: try args.float("decay"), nesterov: try args.bool("nesterov"))
        return .host(try training(args, optimizer))
      })
    registry.register(
      Builtin(
        "adam",
        [
          .init("lr", .number, default: .float(1e-3)),
          .init("beta1", .number, default: .float(0.9)),
          .init("beta2", .number, default: .float(0.999)),
          .init("eps", .number, default: .float(1e-8)),
          .init("decay", .number, default: .float(0)),
          .init("decoupled", .bool, default: .bool(false)),
        ]
          + shared, returns: "optimizer",
        doc: """
          Training with Adam (decay as L2 in the gradient, or AdamW's decoupled decay \
          with decoupled: true); epochs, batch, schedule and augment as for sgd.
          """
      ) { args in
        let lr = try args.float("lr"), b1 = try args.float("beta1"), b2 = try args.float("beta2")
        let eps = try args.float("eps"), wd = try args.float("decay")
        let optimizer: OptimizerConfig =
          try args.bool("decoupled")
          ? .adamW(lr: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
          : .adam(lr: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd)
        return .host(try training(args, optimizer))
      })
  }

  /// The training value for `optimizer` with the shared arguments, checked by the
  /// library (`TrainingConfig.validate`).
  private static func training(_ args: Arguments, _ optimizer: OptimizerConfig) throws
    -> TrainingValue
  {
    let epochs = try args.int("epochs")
    let milestones = try args.ints("milestones")
    let gamma = try args.float("gamma")
    let schedule: LearningRateSchedule
    switch try args.choice("schedule", of: ScheduleName.self) {
    case .step:
      schedule = milestones.isEmpty ? .constant : .multiStep(milestones: milestones, gamma: gamma)
    case .cosine: schedule = .cosine(epochs: epochs)
    case .constant: schedule = .constant
    }
    let augment = try args.isNone("augment") ? nil : augmentationRecord(args, "augment")
    let config = TrainingConfig(
      epochs: epochs, batchSize: try args.int("batch"), optimizer: optimizer, schedule: schedule)
    try args.building(blaming: [
      "TrainingConfig.epochs": "epochs", "TrainingConfig.batchSize": "batch",
      "LearningRateSchedule.milestones": "milestones", "OptimizerConfig.lr": "lr",
      "OptimizerConfig.momentum": "momentum", "OptimizerConfig.weightDecay": "decay",
      "OptimizerConfig.nesterov": "nesterov", "OptimizerConfig.beta1": "beta1",
      "OptimizerConfig.beta2": "beta2", "OptimizerConfig.epsilon": "eps",
    ]) { try config.validate() }
    return TrainingValue(config: config, augmentation: augment, written: args.spelling)
  }

  /// `{crop: true, pad: 4, flip: true}` as an augmentation; a field left out takes its
  /// default (`AugmentationOptions`), as `data.augment(...)`'s arguments do.
  private static func augmentationRecord(_ args: Arguments, _ name: String) throws
    -> Augmentation?
  {
    guard case .record(let r) = args[name] else { return nil }
    if let unknown = r.names.first(where: { !["crop", "pad", "flip"].contains($0) }) {
      throw args.error(name, "has an unknown field '\(unknown)' (fields: crop, pad, flip)")
    }
    var pad = AugmentationOptions.pad
    if let p = r["pad"] {
      guard case .int(let v) = p else { throw args.error(name, "field 'pad' must be an int") }
      pad = v
    }
    let crop: Bool
    switch r["crop"] {
    case nil: crop = AugmentationOptions.crop
    case .bool(let b)?: crop = b
    case .int?: crop = true
    default: throw args.error(name, "field 'crop' must be a bool")
    }
    let flip: Bool
    switch r["flip"] {
    case nil: flip = AugmentationOptions.flip
    case .bool(let b)?: flip = b
    default: throw args.error(name, "field 'flip' must be a bool")
    }
    return try AugmentationOptions.make(
      crop: crop, pad: pad, flip: flip, args, padArgument: "\(name).pad")
  }
}

/// The learning-rate schedules `sgd` and `adam` offer by name.
enum ScheduleName: String, CaseIterable {
  /// × gamma at each milestone (constant without milestones).
  case step
  /// Cosine annealing to 0 over the epochs.
  case cosine
  /// The base rate throughout.
  case constant
}
