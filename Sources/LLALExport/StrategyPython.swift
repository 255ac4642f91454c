import LLALActive
import LLALDomain
import LLALNN

/// A strategy as its `PROTOCOL["strategies"]` entry, which `strategies.py` runs.
enum StrategyPython {
  /// The entry of `strategy` (`{"kind": "core_set", "node": "s4"}`), or a refusal that
  /// names the strategy as it was written. A renamed strategy is its inner one (the
  /// protocol keys it by its name); `score` gives the entry of a score function.
  static func entry(
    _ strategy: any QueryStrategy, written: String, model: ModelGraph,
    score: (ScoreFunctionStrategy) throws -> String
  ) throws -> String {
    switch strategy.unnamed {
    case is RandomStrategy: return "{\"kind\": \"random\"}"
    case is EntropyStrategy: return "{\"kind\": \"entropy\"}"
    case is MarginStrategy: return "{\"kind\": \"margin\"}"
    case is LeastConfidenceStrategy: return "{\"kind\": \"least_confidence\"}"
    case is LearningLossStrategy: return "{\"kind\": \"learning_loss\", \"module\": True}"
    case let s as CoreSetStrategy:
      return "{\"kind\": \"core_set\", \"node\": \(PythonText.string(s.node))}"
    case let s as BADGEStrategy:
      let node = s.node ?? embeddingNode(model)
      return "{\"kind\": \"badge\", \"node\": \(PythonText.string(node))}"
    case let s as BALDStrategy: return "{\"kind\": \"bald\", \"passes\": \(s.passes)}"
    case let s as VarianceStrategy: return "{\"kind\": \"variance\", \"passes\": \(s.passes)}"
    case let s as ScoreFunctionStrategy: return try score(s)
    case let s as DiversifyStrategy:
      return try diversify(s, written: written, model: model, score: score)
    default:
      throw ExportRefusal(
        "strategies",
        "holds \(written), which the PyTorch export does not translate yet (it exports "
          + "random, entropy, margin, least_confidence, learning_loss, core_set, badge, bald, "
          + "variance, score functions, diversify of those and renamed strategies)")
    }
  }

  /// The node whose output the last linear layer reads (`GraphLearner`'s embedding).
  private static func embeddingNode(_ model: ModelGraph) -> String {
    let output = model.nodes[model.output.index]
    return model.nodes[output.inputs.first?.index ?? 0].name
  }

  /// `diversify(inner, …)`: the inner entry scores, the shortlist is spread out on the
  /// features of one node, which the inner strategy must share (the runner infers one).
  private static func diversify(
    _ s: DiversifyStrategy, written: String, model: ModelGraph,
    score: (ScoreFunctionStrategy) throws -> String
  ) throws -> String {
    let node = s.node ?? embeddingNode(model)
    let needs = s.inner.requirements
    let innerNodes = needs.nodes.union(needs.embedding ? [embeddingNode(model)] : [])
    if let other = innerNodes.subtracting([node]).sorted().first {
      throw ExportRefusal(
        "strategies",
        "holds \(written), whose inner strategy reads the features of '\(other)' while it "
          + "spreads out on those of '\(node)'; the PyTorch export infers one node per "
          + "strategy")
    }
    let inner = try entry(s.inner, written: written, model: model, score: score)
    let passes = (s.inner.unnamed as? BALDStrategy)?.passes
      ?? (s.inner.unnamed as? VarianceStrategy)?.passes ?? 0
    return "{\"kind\": \"diversify\", \"inner\": \(inner), \"node\": \(PythonText.string(node)), "
      + "\"method\": \(PythonText.string(s.method.rawValue)), \"pool\": \(s.poolFactor), "
      + "\"module\": \(s.lossModule == nil ? "False" : "True"), \"passes\": \(passes)}"
  }

  /// The entry of a strategy scoring with the Python function `function` (translated by
  /// `ScoreFunctionPython`), called with `inputs` in order.
  static func scoreEntry(
    _ s: ScoreFunctionStrategy, function: String, inputs: [ScoreFunctionSource.Input]
  ) -> String {
    let names = inputs.map { PythonText.string($0.rawValue) }
    return "{\"kind\": \"score\", \"function\": \(PythonText.string(function)), "
      + "\"inputs\": \(PythonText.list(names)), \"node\": "
      + "\(s.node.map(PythonText.string) ?? "None"), \"module\": "
      + "\(s.module == nil ? "False" : "True")}"
  }

  /// The loss module the strategies train (the first one's layout and training), or a
  /// refusal when two strategies train modules of different layouts: `model.py` has one
  /// `LossNet`. Their training (weight, margin, pairing, `detach_after`) may differ.
  static func lossModule(_ strategies: [any QueryStrategy]) throws -> LossModuleRequest? {
    let requests = strategies.compactMap(\.lossModule)
    guard let first = requests.first else { return nil }
    if requests.contains(where: { $0.layout != first.layout }) {
      throw ExportRefusal(
        "strategies",
        "holds strategies that train loss modules of different layouts; the PyTorch export "
          + "runs one loss module architecture per experiment")
    }
    for request in requests { try checkWritable(request) }
    return first
  }

  /// `model.py` and `experiment.py` write the paper's module (concatenated taps, no tap
  /// convolution) trained by the ranking or MSE objective with halves or flip pairing;
  /// anything else is refused rather than exported as something different.
  private static func checkWritable(_ module: LossModuleRequest) throws {
    let options = module.layout.options, training = module.training
    var unwritten: [String] = []
    if training.objective != .ranking && training.objective != .mse {
      unwritten.append("loss \"\(training.objective.rawValue)\"")
    }
    if training.pairing == .all { unwritten.append("pairing \"all\"") }
    if options.fusion != .concat { unwritten.append("fusion \"\(options.fusion.rawValue)\"") }
    if options.tapConv > 0 { unwritten.append("tap_conv") }
    guard !unwritten.isEmpty else { return }
    throw ExportRefusal(
      "strategies",
      "trains a loss module with \(unwritten.joined(separator: ", ")), which the PyTorch "
        + "export does not translate yet (it writes the ranking and mse objectives with halves "
        + "or flip pairing, over concatenated taps)")
  }
}
