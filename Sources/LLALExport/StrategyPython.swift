import LLALActive
import LLALDomain
import LLALNN

/// A strategy as its `PROTOCOL["strategies"]` entry, which `strategies.py` runs.
enum StrategyPython {
  /// The entry of `strategy` (`{"kind": "core_set", "node": "s4"}`), or a refusal that
  /// names the strategy as it was written.
  static func entry(_ strategy: any QueryStrategy, written: String, model: ModelGraph) throws
    -> String
  {
    switch strategy {
    case is RandomStrategy: return "{\"kind\": \"random\"}"
    case is EntropyStrategy: return "{\"kind\": \"entropy\"}"
    case is MarginStrategy: return "{\"kind\": \"margin\"}"
    case is LeastConfidenceStrategy: return "{\"kind\": \"least_confidence\"}"
    case is LearningLossStrategy: return "{\"kind\": \"learning_loss\", \"module\": True}"
    case let s as CoreSetStrategy:
      return "{\"kind\": \"core_set\", \"node\": \(PythonText.string(s.node))}"
    case let s as BADGEStrategy:
      // Without a node, BADGE embeds the input of the last linear layer.
      let output = model.nodes[model.output.index]
      let node = s.node ?? model.nodes[output.inputs.first?.index ?? 0].name
      return "{\"kind\": \"badge\", \"node\": \(PythonText.string(node))}"
    case let s as BALDStrategy: return "{\"kind\": \"bald\", \"passes\": \(s.passes)}"
    case let s as VarianceStrategy: return "{\"kind\": \"variance\", \"passes\": \(s.passes)}"
    default:
      throw ExportRefusal(
        "strategies",
        "holds \(written), which the PyTorch export does not translate yet (it exports "
          + "random, entropy, margin, least_confidence, learning_loss, core_set, badge, bald "
          + "and variance)")
    }
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

  /// The one loss module the strategies train and its training, or a refusal when two
  /// strategies train different ones.
  static func lossModule(_ strategies: [any QueryStrategy]) throws -> LossModuleRequest? {
    let requests = strategies.compactMap(\.lossModule)
    guard let first = requests.first else { return nil }
    if requests.contains(where: { $0 != first }) {
      throw ExportRefusal(
        "strategies",
        "holds strategies that train different loss modules; the PyTorch export runs one "
          + "loss module configuration per experiment")
    }
    try checkWritable(first)
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
