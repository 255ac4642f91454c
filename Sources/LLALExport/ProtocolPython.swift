import LLALActive
import LLALData
import LLALNN

/// The experiment's protocol as the `PROTOCOL` literal at the top of `experiment.py`:
/// every number llal would run with, each line naming the argument it came from.
struct ProtocolPython {
  /// The experiment.
  let experiment: Experiment
  /// `file:line` of an argument of the `experiment(...)` call.
  let origin: (String) -> String
  /// The strategies' entries, in the experiment's order (from `StrategyPython`).
  let strategies: [(name: String, entry: String)]
  /// The learning-loss settings shared by the strategies that train a loss module.
  let learningLoss: LearningLossConfig?

  /// The `PROTOCOL = {...}` text, or a refusal of a setting with no PyTorch counterpart.
  func source() throws -> String {
    let t = experiment.training
    let c = t.config
    let b = experiment.budget
    var lines = [
      "PROTOCOL = {",
      "    \"model\": \(PythonText.string(experiment.model.name)),  # \(origin("model"))",
      "    \"task\": \(try task()),  # \(origin("task"))",
      "    \"classes\": \(experiment.pool.classCount),  # \(origin("train"))",
      "    \"budget\": {\"initial\": \(b.initial), \"step\": \(b.step), \"cycles\": \(b.cycles), "
        + "\"subset\": \(b.subset)},  # \(origin("budget"))",
      "    \"epochs\": \(c.epochs),  # \(origin("optimizer"))",
      "    \"batch\": \(c.batchSize),",
      "    \"shuffle\": \(c.shuffle ? "True" : "False"),",
      "    \"drop_last\": \(c.dropLast ? "True" : "False"),",
      "    \"optimizer\": \(try optimizer(c.optimizer)),",
      "    \"schedule\": \(schedule(c.schedule)),",
      "    \"augment\": \(try augmentation(t.augmentation)),",
      "    \"init\": \(PythonText.string(t.initialization.rawValue)),  # \(origin("init"))",
      "    \"learning_loss\": \(learningLossEntry()),  # \(origin("strategies"))",
      "    \"strategies\": {",
    ]
    lines += strategies.map { "        \(PythonText.string($0.name)): \($0.entry)," }
    lines += [
      "    },",
      "    \"seeds\": \(PythonText.list(experiment.seeds.map(String.init))),  # \(origin("seeds"))",
      "}",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  private func task() throws -> String {
    switch experiment.task {
    case is ClassificationTask: return "\"classify\""
    case is RegressionTask: return "\"regress\""
    default:
      throw ExportRefusal(
        "task",
        "is \(experiment.task.description), which the PyTorch export does not translate yet "
          + "(it exports classify() and regress())")
    }
  }

  private func optimizer(_ o: OptimizerConfig) throws -> String {
    switch o {
    case .sgd(let lr, let momentum, let wd, let nesterov):
      return "{\"kind\": \"sgd\", \"lr\": \(PythonText.number(lr)), \"momentum\": "
        + "\(PythonText.number(momentum)), \"weight_decay\": \(PythonText.number(wd)), "
        + "\"nesterov\": \(nesterov ? "True" : "False")}"
    case .adam(let lr, let b1, let b2, let eps, let wd), .adamW(let lr, let b1, let b2, let eps, let wd):
      let kind: String
      if case .adamW = o { kind = "adamw" } else { kind = "adam" }
      return "{\"kind\": \"\(kind)\", \"lr\": \(PythonText.number(lr)), \"betas\": "
        + "(\(PythonText.number(b1)), \(PythonText.number(b2))), \"eps\": "
        + "\(PythonText.number(eps)), \"weight_decay\": \(PythonText.number(wd))}"
    }
  }

  private func schedule(_ s: LearningRateSchedule) -> String {
    switch s {
    case .constant: return "{\"kind\": \"constant\"}"
    case .multiStep(let milestones, let gamma):
      return "{\"kind\": \"multistep\", \"milestones\": "
        + "\(PythonText.list(milestones.map(String.init))), \"gamma\": \(PythonText.number(gamma))}"
    case .cosine(let epochs, let minimum):
      return "{\"kind\": \"cosine\", \"epochs\": \(epochs), \"minimum\": "
        + "\(PythonText.number(minimum))}"
    }
  }

  private func augmentation(_ a: Augmentation?) throws -> String {
    let steps = (a?.steps ?? []).map { step -> String in
      switch step {
      case .randomCrop(let padding): return "(\"crop\", \(padding))"
      case .horizontalFlip(let p): return "(\"flip\", \(PythonText.number(p)))"
      }
    }
    return PythonText.list(steps)
  }

  private func learningLossEntry() -> String {
    guard let l = learningLoss else { return "None" }
    return "{\"margin\": \(PythonText.number(l.margin)), \"weight\": "
      + "\(PythonText.number(l.weight)), \"pairing\": \"\(l.pairing.rawValue)\", "
      + "\"detach_after\": \(l.detachAfter.map(String.init) ?? "None"), "
      + "\"objective\": \"\(l.objective.rawValue)\"}"
  }
}
