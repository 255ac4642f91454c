import LLALActive
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
    case is LearningLossStrategy: return "{\"kind\": \"learning_loss\"}"
    case let s as CoreSetStrategy:
      return "{\"kind\": \"core_set\", \"node\": \(PythonText.string(s.node))}"
    case let s as BADGEStrategy:
      // Without a node, BADGE embeds the input of the last linear layer.
      let output = model.nodes[model.output.index]
      let node = s.node ?? model.nodes[output.inputs.first?.index ?? 0].name
      return "{\"kind\": \"badge\", \"node\": \(PythonText.string(node))}"
    case let s as BALDStrategy: return "{\"kind\": \"bald\", \"passes\": \(s.passes)}"
    case let s as VarianceStrategy: return "{\"kind\": \"variance\", \"passes\": \(s.passes)}"
    case is ScoreFunctionStrategy:
      throw ExportRefusal(
        "strategies",
        "holds \(written), a score function written in the language, which the PyTorch "
          + "export does not translate yet")
    default:
      throw ExportRefusal(
        "strategies",
        "holds \(written), which the PyTorch export does not translate yet (it exports "
          + "random, entropy, margin, least_confidence, learning_loss, core_set, badge, bald "
          + "and variance)")
    }
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
    return first
  }
}
