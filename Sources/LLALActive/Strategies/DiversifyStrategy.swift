import Foundation
import LLALTensor

/// How `DiversifyStrategy` thins its shortlist to a diverse batch.
public enum DiversityMethod: String, Sendable, CaseIterable {
  /// Farthest-first traversal from the best-scored point.
  case kcenter
  /// k-means++ seeding from the best-scored point (seeded draws).
  case kmeansPlusPlus = "kmeans++"
}

/// Batch diversity over any scoring strategy: shortlist the top `poolFactor × step`
/// candidates by the inner score, then choose a diverse `step`-sized subset of the
/// shortlist on the features of a node. The first point is always the inner strategy's
/// best; chosen points keep their inner scores.
public struct DiversifyStrategy: ScoringStrategy {
  /// The strategy that ranks the candidates.
  public let inner: any ScoringStrategy
  /// The node whose features measure diversity; nil means the last linear layer's input.
  public let node: String?
  /// How the shortlist is thinned.
  public let method: DiversityMethod
  /// The shortlist size as a multiple of the step (≥ 1).
  public let poolFactor: Double

  /// Diversifies `inner` on the features of `node`. An inner strategy without per-point
  /// scores is an error about `DiversifyStrategy.inner`, a pool factor that is not a
  /// number in `1...SizeLimit.maximum` one about `DiversifyStrategy.poolFactor`.
  public init(
    _ inner: any QueryStrategy, node: String? = nil, method: DiversityMethod = .kcenter,
    poolFactor: Double = 3
  ) throws {
    guard let scoring = inner as? any ScoringStrategy else {
      throw FieldError(
        "DiversifyStrategy.inner",
        "must give a per-point score to shortlist by, but \(inner.name) gives none")
    }
    try SizeLimit.check(poolFactor, "DiversifyStrategy.poolFactor", atLeast: 1)
    self.inner = scoring
    self.node = node
    self.method = method
    self.poolFactor = poolFactor
  }

  /// `diversify(inner, method)`.
  public var name: String { "diversify(\(inner.name), \(method.rawValue))" }
  /// The inner strategy's needs and the features.
  public var requirements: InferenceRequest {
    inner.requirements.union(
      InferenceRequest(embedding: node == nil, nodes: node.map { [$0] } ?? []))
  }
  /// Training needs what the inner strategy needs.
  public var lossModule: LossModuleRequest? { inner.lossModule }
  /// The inner strategy's.
  public var probabilityScorer: String? { inner.probabilityScorer }
  /// The inner strategy's.
  public var keepsPreviousModel: Bool { inner.keepsPreviousModel }
  /// The inner strategy's order.
  public var order: ScoreOrder { inner.order }

  /// The inner strategy's scores.
  public func scores(_ context: QueryContext) throws -> [Float] { try inner.scores(context) }

  /// A diverse `step` of the inner strategy's top `poolFactor × step`.
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let s = try inner.scores(context)
    guard s.count == context.candidates.count else {
      throw ActiveLearningError(
        name, "\(s.count) scores for \(context.candidates.count) candidates")
    }
    // At most 2³⁰ × the step (both checked), so the product converts to Int.
    let shortlistSize = Int((poolFactor * Double(context.step)).rounded(.up))
    let shortlist = ScoreRanking.best(s, order, count: shortlistSize)
    let narrowed = try context.narrowed(to: shortlist, step: context.step)
    let features = try node.map(narrowed.features) ?? narrowed.embedding()
    let points = try FeaturePoints(features, name)
    let positions: [Int]
    switch method {
    case .kcenter:
      positions =
        KCenterGreedy.select(points, count: context.step, covered: nil, first: 0)
        .positions
    case .kmeansPlusPlus:
      var generator = RandomGenerator(seed: context.seed)
      positions =
        KMeansPlusPlusSeeding.select(
          points, count: context.step, first: 0, generator: &generator
        ).positions
    }
    return QuerySelection(
      indices: positions.map { narrowed.candidates[$0] }, scores: positions.map { s[shortlist[$0]] }
    )
  }
}
