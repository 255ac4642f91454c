import LLALActive
import LLALLanguage

/// `s.predict(data, features:)`, `s.pool(features:)` and `s.log`: a session's current
/// model and training log as values.
enum InspectionMethods {
  /// The `features:` parameter: nodes (or their names) whose features to keep.
  static let features = Builtin.Parameter(
    "features", ParamType([.list], description: "a list of nodes", shortName: "[node]"),
    default: .list([]))

  /// The node names in argument `features` (node values or strings).
  static func nodeNames(_ args: Arguments) throws -> Set<String> {
    Set(
      try args.list("features").map { v -> String in
        switch v {
        case .string(let s): return s
        case .host(let n as NodeValue): return n.node.name
        default:
          throw args.error("features", "must hold nodes (Net.c2) or names, found \(v.typeName)")
        }
      })
  }

  /// The library's fields of a prediction, each with the argument that supplied it.
  static let blame = [
    "GraphLearner.predict": "data", "GraphLearner.predict.features": "features",
  ]

  private static func session(_ args: Arguments) throws -> SessionValue {
    guard case .host(let h)? = args.receiver, let s = h as? SessionValue else {
      throw RuntimeError("this method needs a session")
    }
    return s
  }

  /// Which model a session's predictions came from.
  static func source(_ s: ActiveLearningSession) -> String {
    "\(s.strategy.name), seed \(s.seed), cycle \(s.cycle)"
  }

  static let predict = Builtin(
    "predict", [.init("data", .host("dataset", description: "a dataset")), features],
    returns: "predictions", receiver: "session",
    doc: """
      The current model's per-sample outputs on a dataset, in one batched pass without \
      gradients: probs, predicted, loss (the true per-sample loss), predicted_loss (with \
      a loss module), correct, and features(node) for the nodes listed in features:.
      """
  ) { args in
    let s = try session(args)
    let data = try args.dataset("data")
    let nodes = try nodeNames(args)
    let p = try args.building(blaming: blame) { try s.session.predict(data.dataset, nodes: nodes) }
    return .host(
      PredictionValue(p, subject: "\(data.dataset.count) samples", source: source(s.session)))
  }

  static let pool = Builtin(
    "pool", [features], returns: "predictions", receiver: "session",
    doc: """
      The current model's per-sample outputs on the unlabeled pool (as s.predict gives \
      them, with the true losses the pool's hidden labels give); indices holds the pool \
      indices of the rows.
      """
  ) { args in
    let s = try session(args)
    let nodes = try nodeNames(args)
    let p = try args.building(blaming: blame) { try s.session.poolPredictions(nodes: nodes) }
    return .host(PredictionValue(p, subject: "the unlabeled pool", source: source(s.session)))
  }
}
