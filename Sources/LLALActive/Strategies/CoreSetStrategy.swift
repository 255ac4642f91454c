import LLALTensor

/// Core-set (Sener & Savarese 2018), k-center greedy: on the features of a named node,
/// repeatedly query the candidate farthest from the labeled set and the points chosen so
/// far. Each chosen point's score is that distance.
public struct CoreSetStrategy: QueryStrategy {
  /// The node whose features (averaged over space when rank 4) measure distance.
  public let node: String

  /// A core-set strategy over the features of `node`.
  public init(node: String) { self.node = node }

  /// `"core_set"`.
  public var name: String { "core_set" }
  /// The node's features.
  public var requirements: InferenceRequest { InferenceRequest(nodes: [node]) }

  /// The `step` candidates chosen by farthest-first traversal from the labeled set (from a
  /// seeded random candidate when nothing is labeled).
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let points = try FeaturePoints(try context.features(node), name)
    guard points.count > 0 else { return QuerySelection(indices: [], scores: []) }
    var covered: [Float]?
    if !context.labeled.isEmpty {
      let labeled = try FeaturePoints(try context.labeledFeatures(node), name)
      covered = try points.minimumSquaredDistances(to: labeled, name)
    }
    var generator = RandomGenerator(seed: context.seed)
    let first = generator.nextInt(below: points.count)
    let (positions, distances) = KCenterGreedy.select(
      points, count: context.step, covered: covered, first: first)
    return QuerySelection(indices: positions.map { context.candidates[$0] }, scores: distances)
  }
}
