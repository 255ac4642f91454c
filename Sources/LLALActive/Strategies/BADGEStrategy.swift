import LLALTensor

/// BADGE (Ash et al. 2020): k-means++ seeding on the gradient embeddings
/// `g = (p − onehot(argmax p)) ⊗ h`, the last layer's loss gradient under the predicted
/// label, so the batch is both uncertain (large `|g|`) and diverse. The first point is
/// the one with the largest `|g|`, as in the authors' code; each chosen point's score is
/// its distance to the points chosen before it.
public struct BADGEStrategy: QueryStrategy {
  /// The node used as `h`; nil means the input of the last linear layer.
  public let node: String?

  /// A BADGE strategy with `h` from `node` (default: the last linear layer's input).
  public init(node: String? = nil) { self.node = node }

  /// `"badge"`.
  public var name: String { "badge" }
  /// `"badge"`: its gradient embedding needs class probabilities.
  public var probabilityScorer: String? { name }
  /// The logits and `h`.
  public var requirements: InferenceRequest {
    InferenceRequest(logits: true, embedding: node == nil, nodes: node.map { [$0] } ?? [])
  }

  /// `step` candidates by k-means++ seeding drawn from the context's seed.
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let h = try node.map(context.features) ?? context.embedding()
    let points = try GradientEmbeddingPoints(
      probabilities: try context.probabilities(), embedding: h, name)
    guard points.count > 0 else { return QuerySelection(indices: [], scores: []) }
    let norms = points.squaredNorms
    var first = 0
    for i in norms.indices where norms[i] > norms[first] { first = i }
    var generator = RandomGenerator(seed: context.seed)
    let (positions, distances) = KMeansPlusPlusSeeding.select(
      points, count: context.step, first: first, generator: &generator)
    return QuerySelection(indices: positions.map { context.candidates[$0] }, scores: distances)
  }
}
