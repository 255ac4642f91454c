import LLALActive
import LLALLanguage

/// The model of one finished cycle of an experiment's run, `r.run(strategy, seed).cycle(k)`:
/// its kept weights put back into a copy of the model, asked as a session's current model
/// is (`predict(data)`, `pool()`, `evaluate(data)`), without retraining.
final class CycleModelValue: HostObject {
  let run: FinishedRunValue
  let kept: ModelArchive.Kept

  init(_ run: FinishedRunValue, kept: ModelArchive.Kept) {
    self.run = run
    self.kept = kept
  }

  var typeName: String { "cycle_model" }

  /// Whose model it is (`"entropy, seed 0, cycle 3"`).
  var source: String { "\(run.strategy.name), seed \(run.seed), cycle \(kept.cycle + 1)" }

  var description: String {
    "model of \(source) (\(kept.weights.byteCount) bytes of weights kept)"
  }

  var memberNames: [String] { ["predict", "pool", "evaluate", "save", "cycle", "unlabeled"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "predict": return method(Self.predict)
    case "pool": return method(Self.pool)
    case "evaluate": return method(Self.evaluate)
    case "save": return method(WeightFiles.cycleSave)
    case "cycle": return .int(kept.cycle + 1)
    case "unlabeled": return .list(kept.unlabeled.map { .int($0) })
    default: return nil
    }
  }

  private func method(_ builtin: Builtin) -> Value {
    .function(FunctionValue(.method(builtin, receiver: .host(self))))
  }

  private static func receiver(_ args: Arguments) throws -> CycleModelValue {
    guard case .host(let h)? = args.receiver, let m = h as? CycleModelValue else {
      throw RuntimeError("this method needs a cycle's model")
    }
    return m
  }

  /// The learner holding this cycle's weights.
  func learner() throws -> GraphLearner {
    try run.runs.learner(run.strategy, weights: kept.weights)
  }

  static let predict = Builtin(
    "predict",
    [.init("data", .host("dataset", description: "a dataset")), InspectionMethods.features],
    returns: "predictions", receiver: "cycle_model",
    doc: """
      This cycle's model's per-sample outputs on a dataset, as s.predict gives them for a \
      session at the same cycle.
      """
  ) { args in
    let m = try receiver(args)
    let data = try args.dataset("data")
    let nodes = try InspectionMethods.nodeNames(args)
    let p = try args.building(blaming: InspectionMethods.blame) {
      try m.learner().predict(.data(data.dataset), nodes: nodes)
    }
    return .host(
      PredictionValue(p, subject: "\(data.dataset.count) samples", source: m.source))
  }

  static let pool = Builtin(
    "pool", [InspectionMethods.features], returns: "predictions", receiver: "cycle_model",
    doc: """
      This cycle's model's per-sample outputs on the pool points still unlabeled after \
      the cycle (as s.pool() gives them after the same steps).
      """
  ) { args in
    let m = try receiver(args)
    let nodes = try InspectionMethods.nodeNames(args)
    let p = try args.building(blaming: InspectionMethods.blame) {
      try m.learner().predict(.pool(m.kept.unlabeled), nodes: nodes)
    }
    return .host(PredictionValue(p, subject: "the unlabeled pool", source: m.source))
  }

  static let evaluate = Builtin(
    "evaluate", [.init("data", .host("dataset", description: "a dataset"))], returns: "record",
    receiver: "cycle_model",
    doc: "This cycle's model's metrics on a dataset, as s.evaluate(data) gives them."
  ) { args in
    let m = try receiver(args)
    let data = try args.dataset("data")
    let e = try args.building(blaming: ["GraphLearner.predict": "data"]) {
      try m.learner().evaluate(on: data.dataset, cancellation: nil)
    }
    return .record(
      Record(e.metrics.map { ($0.name, .float($0.value)) } + [("loss", .float(e.meanLoss))]))
  }
}
