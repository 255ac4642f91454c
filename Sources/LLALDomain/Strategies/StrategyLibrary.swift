import LLALActive
import LLALLanguage

/// The strategies of their own: `random()`, `least_confidence()`, `margin()`,
/// `entropy()`, `core_set(features:)`, `badge()`, `bald(passes:)`, `variance(passes:)` and `tod()`. Composed strategies
/// (`diversify`, `uncertainty`, `score`) and learning loss have their own libraries.
enum StrategyLibrary: BuiltinLibrary {
  static let node = ParamType.host("node", description: "a node of a model (Net.c2)")

  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "random", [], returns: "strategy",
        doc: "Random sampling: a seeded uniform choice among the candidates (the baseline)."
      ) { args in .host(StrategyValue(RandomStrategy(), args)) })
    registry.register(
      Builtin(
        "least_confidence", [], returns: "strategy",
        doc: "Least confidence: score 1 − max p; the least confident candidates first."
      ) { args in .host(StrategyValue(probability: LeastConfidenceStrategy(), args)) })
    registry.register(
      Builtin(
        "margin", [], returns: "strategy",
        doc: "Margin: score top-1 minus top-2 probability; the smallest margins first."
      ) { args in .host(StrategyValue(probability: MarginStrategy(), args)) })
    registry.register(
      Builtin(
        "entropy", [], returns: "strategy",
        doc: "Entropy: score −Σ p log₂ p (bits); the most uncertain candidates first."
      ) { args in .host(StrategyValue(probability: EntropyStrategy(), args)) })
    registry.register(
      Builtin(
        "core_set", [.init("features", node)], returns: "strategy",
        doc: """
          Core-set (k-center greedy) on the features of a node: repeatedly the candidate \
          farthest from the labeled points and those already chosen.
          """
      ) { args in
        let n = try args.host("features", as: NodeValue.self)
        return .host(StrategyValue(CoreSetStrategy(node: n.node.name), args, featureNodes: [n]))
      })
    registry.register(
      Builtin(
        "badge", [.init("features", node.orNone, default: Value.none)], returns: "strategy",
        doc: """
          BADGE: k-means++ seeding on gradient embeddings (p − onehot(argmax p)) ⊗ h, h the \
          input of the model's last linear layer or the features of a given node.
          """
      ) { args in
        let n = args.isNone("features") ? nil : try args.host("features", as: NodeValue.self)
        return .host(
          StrategyValue(BADGEStrategy(node: n?.node.name), args, featureNodes: n.map { [$0] } ?? [])
        )
      })
    registry.register(
      Builtin(
        "bald", [.init("passes", .int, default: .int(20))], returns: "strategy",
        doc: """
          BALD: the mutual information between prediction and weights, estimated from \
          `passes` forward passes with dropout active (the model needs dropout layers).
          """
      ) { args in
        let passes = try args.int("passes")
        let bald = try args.building(blaming: ["BALDStrategy.passes": "passes"]) {
          try BALDStrategy(passes: passes)
        }
        return .host(StrategyValue(bald, args))
      })
    registry.register(
      Builtin(
        "variance", [.init("passes", .int, default: .int(20))], returns: "strategy",
        doc: """
          Monte-Carlo dropout variance, the regression analogue of BALD: each candidate's \
          outputs over `passes` forward passes with dropout active, scored by their \
          variance averaged over the output values (the model needs dropout layers). For \
          every task.
          """
      ) { args in
        let passes = try args.int("passes")
        let variance = try args.building(blaming: ["VarianceStrategy.passes": "passes"]) {
          try VarianceStrategy(passes: passes)
        }
        return .host(StrategyValue(variance, args))
      })
    registry.register(
      Builtin(
        "tod", [], returns: "strategy",
        doc: """
          TOD (Huang et al., ICCV 2021): score ½‖softmax(f_t(x)) − softmax(f_{t−1}(x))‖², \
          the change of each candidate's class probabilities between the previous cycle's \
          model and this one; the largest first. The run keeps the previous model (two \
          extra copies of the model); the first cycle, with no previous model, queries at \
          random. Classification only.
          """
      ) { args in .host(StrategyValue(OutputDiscrepancyStrategy(), args)) })
  }
}
