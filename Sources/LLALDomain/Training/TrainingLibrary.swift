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
        ], returns: "budget",
        doc: """
          A labeling budget: `initial` random labels, then `step` more after every cycle \
          but the last, for `cycles` train–evaluate–query cycles; each query scores \
          `subset` random unlabeled candidates (0: all of them). The paper on CIFAR-10: \
          budget(initial: 1000, step: 1000, cycles: 10, subset: 10000).
          """
      ) { args in
        do {
          return .host(
            BudgetValue(
              try LabelBudget(
                initial: try args.int("initial"), step: try args.int("step"),
                cycles: try args.int("cycles"), subset: try args.int("subset"))))
        } catch let error as ActiveLearningError {
          // The reason starts with the setting it is about: point at that argument.
          let about = ["initial", "step", "cycles", "subset"].first {
            error.reason.hasPrefix($0 + " ")
          }
          throw RuntimeError(error.reason, range: about.map { args.range($0) })
        }
      })
    let shared: [Builtin.Parameter] = [
      .init("epochs", .int, default: .int(30)), .init("batch", .int, default: .int(32)),
      .init(
        "milestones",
        ParamType([.list, .int], description: "a list of epochs", shortName: "[int]"),
        default: .list([])),
      .init("gamma", .number, default: .float(0.1)),
      .init("schedule", .string, default: .string("step")),
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
          it. augment: {crop: true, pad: 4, flip: true} changes every training batch \
          (otherwise the training set's own .augment(...) applies). The paper: sgd(lr: \
          0.1, momentum: 0.9, decay: 5e-4, epochs: 200, batch: 128, milestones: [160]).
          """
      ) { args in
        let optimizer = OptimizerConfig.sgd(
          lr: try args.float("lr"), momentum: try args.float("momentum"),
          weightDecay: try args.float("decay"), nesterov: try args.bool("nesterov"))
        return .host(try training(args, optimizer, "sgd"))
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
        return .host(try training(args, optimizer, "adam"))
      })
  }

  /// The training value for `optimizer` with the shared arguments.
  private static func training(_ args: Arguments, _ optimizer: OptimizerConfig, _ name: String)
    throws -> TrainingValue
  {
    let epochs = try args.int("epochs")
    guard epochs > 0 else { throw args.error("epochs", "must be positive, found \(epochs)") }
    let batch = try args.int("batch")
    guard batch > 1 else {
      throw args.error("batch", "must be at least 2 (batch-norm needs two samples), found \(batch)")
    }
    guard optimizer.learningRate > 0, optimizer.learningRate.isFinite else {
      throw args.error("lr", "must be a positive number, found \(optimizer.learningRate)")
    }
    let milestones = try args.ints("milestones")
    if let bad = milestones.first(where: { $0 < 0 }) {
      throw args.error("milestones", "must be epochs (0 or more), found \(bad)")
    }
    let gamma = try args.float("gamma")
    let scheduleName = try args.string("schedule")
    let schedule: LearningRateSchedule
    switch scheduleName {
    case "step":
      schedule = milestones.isEmpty ? .constant : .multiStep(milestones: milestones, gamma: gamma)
    case "cosine": schedule = .cosine(epochs: epochs)
    case "constant": schedule = .constant
    default:
      throw args.error(
        "schedule", "must be \"step\", \"cosine\" or \"constant\", found \"\(scheduleName)\"")
    }
    let augmentation = try args.isNone("augment") ? nil : augmentationRecord(args, "augment")
    let config = TrainingConfig(
      epochs: epochs, batchSize: batch, optimizer: optimizer, schedule: schedule)
    return TrainingValue(
      config: config, augmentation: augmentation, spelling: spelling(name, config, augmentation))
  }

  /// `{crop: true, pad: 4, flip: true}` as an augmentation.
  private static func augmentationRecord(_ args: Arguments, _ name: String) throws
    -> LLALData.Augmentation?
  {
    guard case .record(let r) = args[name] else { return nil }
    if let unknown = r.names.first(where: { !["crop", "pad", "flip"].contains($0) }) {
      throw args.error(name, "has an unknown field '\(unknown)' (fields: crop, pad, flip)")
    }
    var steps: [LLALData.Augmentation.Step] = []
    var pad = 4
    if let p = r["pad"] {
      guard case .int(let v) = p, v >= 0 else {
        throw args.error(name, "field 'pad' must be a non-negative int")
      }
      pad = v
    }
    switch r["crop"] {
    case nil, .bool(false)?: break
    case .bool(true)?, .int?: steps.append(.randomCrop(padding: pad))
    default: throw args.error(name, "field 'crop' must be a bool")
    }
    switch r["flip"] {
    case nil, .bool(false)?: break
    case .bool(true)?: steps.append(.horizontalFlip())
    default: throw args.error(name, "field 'flip' must be a bool")
    }
    return steps.isEmpty ? nil : LLALData.Augmentation(steps)
  }

  private static func spelling(
    _ name: String, _ c: TrainingConfig, _ augmentation: LLALData.Augmentation?
  ) -> String {
    var parts: [String] = []
    switch c.optimizer {
    case .sgd(let lr, let momentum, let wd, let nesterov):
      parts = ["lr: \(lr)", "momentum: \(momentum)", "decay: \(wd)"]
      if nesterov { parts.append("nesterov: true") }
    case .adam(let lr, let b1, let b2, let eps, let wd):
      parts = ["lr: \(lr)", "beta1: \(b1)", "beta2: \(b2)", "eps: \(eps)", "decay: \(wd)"]
    case .adamW(let lr, let b1, let b2, let eps, let wd):
      parts = [
        "lr: \(lr)", "beta1: \(b1)", "beta2: \(b2)", "eps: \(eps)", "decay: \(wd)",
        "decoupled: true",
      ]
    }
    parts += ["epochs: \(c.epochs)", "batch: \(c.batchSize)"]
    switch c.schedule {
    case .constant: break
    case .multiStep(let milestones, let gamma):
      parts.append("milestones: \(milestones)")
      if gamma != 0.1 { parts.append("gamma: \(gamma)") }
    case .cosine: parts.append("schedule: \"cosine\"")
    }
    if let augmentation {
      let fields = augmentation.steps.map { step -> String in
        switch step {
        case .randomCrop(let p): return "crop: true, pad: \(p)"
        case .horizontalFlip: return "flip: true"
        }
      }
      parts.append("augment: {\(fields.joined(separator: ", "))}")
    }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }
}
