import LLALLanguage
import LLALActive
import LLALData
import LLALNN

/// How each cycle trains, as `sgd(...)` or `adam(...)` describe it: the optimizer, epochs,
/// batch size, learning-rate schedule and, optionally, batch augmentation.
final class TrainingValue: HostObject {
  /// The training loop's settings (the seed is replaced per cycle).
  let config: TrainingConfig
  /// Random changes to each training batch, overriding the training set's own.
  let augmentation: Augmentation?
  /// The call that made it, as written, for display only.
  let written: String

  /// A training description made by a call written `written`.
  init(config: TrainingConfig, augmentation: Augmentation?, written: String) {
    self.config = config
    self.augmentation = augmentation
    self.written = written
  }

  var typeName: String { "optimizer" }

  var spelling: String? { written }

  var description: String { written }

  var memberNames: [String] {
    let specific: [String]
    switch config.optimizer {
    case .sgd: specific = ["momentum", "decay", "nesterov"]
    case .adam, .adamW: specific = ["beta1", "beta2", "eps", "decay", "decoupled"]
    }
    return ["epochs", "batch", "lr"] + specific + ["milestones"]
  }

  func member(_ name: String) throws -> Value? {
    switch (name, config.optimizer) {
    case ("epochs", _): return .int(config.epochs)
    case ("batch", _): return .int(config.batchSize)
    case ("lr", _): return .float32(config.optimizer.learningRate)
    case ("momentum", .sgd(_, let momentum, _, _)): return .float32(momentum)
    case ("nesterov", .sgd(_, _, _, let nesterov)): return .bool(nesterov)
    case ("decay", .sgd(_, _, let wd, _)), ("decay", .adam(_, _, _, _, let wd)),
      ("decay", .adamW(_, _, _, _, let wd)):
      return .float32(wd)
    case ("beta1", .adam(_, let b1, _, _, _)), ("beta1", .adamW(_, let b1, _, _, _)):
      return .float32(b1)
    case ("beta2", .adam(_, _, let b2, _, _)), ("beta2", .adamW(_, _, let b2, _, _)):
      return .float32(b2)
    case ("eps", .adam(_, _, _, let eps, _)), ("eps", .adamW(_, _, _, let eps, _)):
      return .float32(eps)
    case ("decoupled", .adam): return .bool(false)
    case ("decoupled", .adamW): return .bool(true)
    case ("milestones", _):
      if case .multiStep(let milestones, _) = config.schedule {
        return .list(milestones.map { .int($0) })
      }
      return .list([])
    default: return nil
    }
  }
}

/// A labeling budget: `budget(initial: 100, step: 100, cycles: 8, subset: 0)`.
final class BudgetValue: HostObject {
  /// The budget.
  let budget: LabelBudget
  /// The limits of the interpreter that made it: `labeled` is a list as long as `cycles`.
  let limits: Limits

  /// A budget value whose lists keep to `limits`.
  init(_ budget: LabelBudget, limits: Limits) {
    self.budget = budget
    self.limits = limits
  }

  var typeName: String { "budget" }

  var description: String {
    let b = budget
    var text =
      "budget: \(counted(b.initial, "initial label")), then \(b.step) per cycle for "
      + counted(b.cycles, "cycle")
    text += " (\(counted(b.totalLabels, "label")) in the last)"
    if b.subset > 0 { text += ", each query scoring \(b.subset) random candidates" }
    if let stop = b.stop { text += "; marks where \(stop) would stop" }
    return text
  }

  var memberNames: [String] {
    ["initial", "step", "cycles", "subset", "total", "labeled", "stop"]
  }

  func member(_ name: String) throws -> Value? {
    let b = budget
    switch name {
    case "initial": return .int(b.initial)
    case "step": return .int(b.step)
    case "cycles": return .int(b.cycles)
    case "subset": return .int(b.subset)
    case "total": return .int(b.totalLabels)
    case "stop": return b.stop.map { .host(StoppingRuleValue($0)) } ?? Value.none
    case "labeled":
      try limits.checkListLength(b.cycles)
      return .list((0..<b.cycles).map { .int(b.labeledCount(atCycle: $0)) })
    default: return nil
    }
  }
}
