import LLALActive
import LLALLanguage
import LLALTensor

/// A trained model's per-sample outputs, as `s.predict(data)`, `s.pool()` and
/// `r.run(...).cycle(k).predict(data)` return them: tensors to index, sort, correlate and
/// plot. Members: `probs` `[N, C]` (the raw outputs for a task without classes),
/// `outputs` (always the raw outputs), `predicted` (classes `[N]`), `loss` (the task's
/// true per-sample loss `[N]`), `predicted_loss` (the loss
/// module's `[N]`, when the model has one), `tap_weights` (its attention weights over the
/// taps `[N, K]`, under `fusion: "attention"`), `predicted_dynamics` (TiDAL's predicted
/// running-mean softmax `[N, C]`), `correct` (1 or 0 per sample), `labels`,
/// `indices` (pool indices, for `s.pool()`), `count`, `accuracy`, and `features(node)`.
final class PredictionValue: HostObject {
  /// The outputs.
  let predictions: SamplePredictions
  /// What was predicted on, for the display (`"the unlabeled pool"`, `"360 samples"`).
  let subject: String
  /// Whose model it was (`"entropy, seed 0, cycle 2"`).
  let source: String

  /// A prediction value.
  init(_ predictions: SamplePredictions, subject: String, source: String) {
    self.predictions = predictions
    self.subject = subject
    self.source = source
  }

  var typeName: String { "predictions" }

  var description: String {
    var text = "predictions of \(source) on \(subject) (\(predictions.count) points)"
    if let a = accuracy { text += ": accuracy \(ResultsValue.format(a, 3))" }
    if let l = predictions.losses { text += ", mean loss \(ResultsValue.format(mean(l), 3))" }
    var parts: [String] = []
    if predictions.predictedLosses != nil { parts.append("predicted_loss") }
    if predictions.tapWeights != nil { parts.append("tap_weights") }
    if predictions.predictedDynamics != nil { parts.append("predicted_dynamics") }
    parts += predictions.features.keys.sorted().map { "features(\($0))" }
    if !parts.isEmpty { text += "; " + parts.joined(separator: ", ") }
    return text
  }

  /// The fraction predicted correctly, when the labels are known.
  var accuracy: Double? {
    guard let c = predictions.correct, !c.isEmpty else { return nil }
    return Double(c.filter { $0 }.count) / Double(c.count)
  }

  var memberNames: [String] {
    [
      "probs", "outputs", "predicted", "loss", "predicted_loss", "tap_weights",
      "predicted_dynamics", "correct", "labels", "indices", "count", "accuracy", "features",
    ]
  }

  func member(_ name: String) throws -> Value? {
    let p = predictions
    switch name {
    case "probs": return .tensor(p.probabilities ?? p.outputs)
    case "outputs": return .tensor(p.outputs)
    case "predicted":
      guard let classes = p.predictions else {
        throw RuntimeError(
          "the task of \(source) has no classes to predict; outputs holds what it gives")
      }
      return .tensor(try vector(classes.map(Float.init)))
    case "loss":
      guard let l = p.losses else {
        throw RuntimeError("\(subject) has no targets, so there is no true loss")
      }
      return .tensor(l)
    case "predicted_loss":
      guard let l = p.predictedLosses else {
        if p.predictedDynamics != nil {
          throw RuntimeError(
            "the module of \(source) is TiDAL's head, which predicts class distributions, not "
              + "losses: see predicted_dynamics")
        }
        throw RuntimeError(
          "the model of \(source) has no loss module; learning_loss(...) or "
            + "score(..., uses: ll) trains one")
      }
      return .tensor(l)
    case "predicted_dynamics":
      guard let d = p.predictedDynamics else {
        throw RuntimeError(
          "the model of \(source) has no training-dynamics head; tidal(...) trains one")
      }
      return .tensor(d)
    case "tap_weights":
      guard let w = p.tapWeights else {
        throw RuntimeError(
          p.predictedLosses == nil
            ? "the model of \(source) has no loss module, so no tap weights"
            : "the loss module of \(source) concatenates its taps; tap weights come with "
              + "lossnet(..., fusion: \"attention\")")
      }
      return .tensor(w)
    case "correct":
      guard let c = p.correct else {
        throw RuntimeError("\(subject) has no class labels, so nothing is correct or not")
      }
      return .tensor(try vector(c.map { $0 ? 1 : 0 }))
    case "labels":
      guard let y = p.labels else { throw RuntimeError("\(subject) has no class labels") }
      return .list(y.map { .int($0) })
    case "indices": return .list(p.indices.map { .int($0) })
    case "count": return .int(p.count)
    case "accuracy": return accuracy.map { .float($0) } ?? .none
    case "features":
      return .function(FunctionValue(.method(Self.featuresMethod, receiver: .host(self))))
    default: return nil
    }
  }

  private func vector(_ values: [Float]) throws -> Tensor {
    try Tensor(shape: [values.count], values)
  }

  private func mean(_ t: Tensor) -> Double {
    t.count == 0 ? .nan : t.scalars.reduce(0.0) { $0 + Double($1) } / Double(t.count)
  }

  /// `p.features(Net.c2)`.
  static let featuresMethod = Builtin(
    "features", [.init("node", .any)], returns: "tensor", receiver: "predictions",
    doc: """
      The features [N, D] of a node (a node value or its name) from the same pass, \
      image nodes averaged over space; the node must be among those asked for with \
      features: when predicting.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let p = h as? PredictionValue else {
      throw RuntimeError("features needs predictions")
    }
    let name: String
    switch args["node"] {
    case .string(let s): name = s
    case .host(let n as NodeValue): name = n.node.name
    default:
      throw args.error("node", "must be a node (Net.c2) or its name, found \(args["node"].typeName)")
    }
    guard let f = p.predictions.features[name] else {
      let asked = p.predictions.features.keys.sorted()
      throw args.error(
        "node",
        "names '\(name)', whose features were not computed; ask for them with features: [...] "
          + "when predicting"
          + (asked.isEmpty ? "" : " (computed: \(asked.joined(separator: ", ")))"))
    }
    return .tensor(f)
  }
}
