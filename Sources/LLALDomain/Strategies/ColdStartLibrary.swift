import LLALActive
import LLALLanguage

/// The low-budget strategies that need no trained model's uncertainty:
/// `typiclust(features:, clusters:)` and `probcover(features:, delta:)`, on a node's
/// features or (with `features: none`) on the inputs; either can also choose the first
/// labels (`initial:` of `experiment` and `session`).
enum ColdStartLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    let node = StrategyLibrary.node
    registry.register(
      Builtin(
        "typiclust",
        [
          .init("features", node.orNone, default: Value.none),
          .init("clusters", .int, default: .int(500)),
        ], returns: "strategy",
        doc: """
          TypiClust (Hacohen et al. 2022): k-means into min(|L| + B, clusters) clusters of \
          a node's features (none: the inputs), then the most typical candidate — \
          1 / mean distance to its 20 nearest neighbours in the cluster — of each cluster \
          with the fewest labeled points. For the cold start and low budgets.
          """
      ) { args in
        let (source, nodes) = try featureSource(args)
        let clusters = try args.int("clusters")
        let strategy = try args.building(blaming: ["TypiClustStrategy.maxClusters": "clusters"]) {
          try TypiClustStrategy(features: source, maxClusters: clusters)
        }
        return .host(StrategyValue(strategy, args, featureNodes: nodes))
      })
    registry.register(
      Builtin(
        "probcover",
        [.init("features", node.orNone, default: Value.none), .init("delta", .number)],
        returns: "strategy",
        doc: """
          ProbCover (Yehuda et al. 2022): greedy maximum coverage of the δ-ball graph over \
          a node's features (none: the inputs) — each pick the candidate whose ball of \
          radius delta holds the most points not yet covered. For low budgets.
          """
      ) { args in
        let (source, nodes) = try featureSource(args)
        let delta = try args.double("delta")
        let strategy = try args.building(blaming: ["ProbCoverStrategy.delta": "delta"]) {
          try ProbCoverStrategy(features: source, delta: delta)
        }
        return .host(StrategyValue(strategy, args, featureNodes: nodes))
      })
  }

  /// The points argument `features`: a node's features, or the inputs when none.
  private static func featureSource(_ args: Arguments) throws -> (FeatureSource, [NodeValue]) {
    guard !args.isNone("features") else { return (.inputs, []) }
    let n = try args.host("features", as: NodeValue.self)
    return (.node(n.node.name), [n])
  }
}
