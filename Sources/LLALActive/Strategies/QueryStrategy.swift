/// The points a strategy chose, in the order it chose them, with a score for each.
public struct QuerySelection: Equatable, Sendable {
  /// Pool indices of the chosen points.
  public var indices: [Int]
  /// The score of each chosen point, as its strategy defines it (the uncertainty, the
  /// predicted loss, or for k-center and k-means++ the distance at the time of choosing).
  public var scores: [Float]

  /// A selection of `indices` with `scores` (same length).
  public init(indices: [Int], scores: [Float]) {
    self.indices = indices
    self.scores = scores
  }
}

/// An acquisition strategy: given the trained model, the candidates and the step size,
/// choose which points to label next.
public protocol QueryStrategy: CustomStringConvertible {
  /// The strategy's name in results and tables (`"entropy"`, `"core_set"`).
  var name: String { get }
  /// What one inference pass over the candidates must compute for this strategy; the
  /// cycle runner merges it with what its metrics need.
  var requirements: InferenceRequest { get }
  /// The loss prediction module training must include (learning loss), if any.
  var lossModule: LossModuleRequest? { get }
  /// The name of the score over class probabilities this strategy uses (`entropy`,
  /// `bald`, …), if any: such a strategy applies only to a task with class probabilities.
  var probabilityScorer: String? { get }
  /// Whether the learner must keep the previous cycle's trained model for this strategy
  /// (TOD compares the two).
  var keepsPreviousModel: Bool { get }
  /// Chooses `min(context.step, candidates)` distinct candidates.
  func select(_ context: QueryContext) throws -> QuerySelection
}

extension QueryStrategy {
  /// No loss module by default.
  public var lossModule: LossModuleRequest? { nil }
  /// No probability score by default.
  public var probabilityScorer: String? { nil }
  /// No previous model by default.
  public var keepsPreviousModel: Bool { false }
  /// The name.
  public var description: String { name }
}

/// Which end of a score is queried first.
public enum ScoreOrder: String, Sendable {
  /// Larger scores are queried first (entropy, least confidence, predicted loss).
  case highestFirst
  /// Smaller scores are queried first (margin).
  case lowestFirst
}

/// A strategy that gives every candidate a score and queries the top `step`; it can be
/// the inner strategy of `DiversifyStrategy`.
public protocol ScoringStrategy: QueryStrategy {
  /// Which end of the score is queried first.
  var order: ScoreOrder { get }
  /// One score per candidate, in candidate order.
  func scores(_ context: QueryContext) throws -> [Float]
}

extension ScoringStrategy {
  /// The `step` best-scoring candidates; ties go to the earlier candidate.
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let s = try scores(context)
    guard s.count == context.candidates.count else {
      throw ActiveLearningError(
        name, "\(s.count) scores for \(context.candidates.count) candidates")
    }
    let top = ScoreRanking.best(s, order, count: context.step)
    return QuerySelection(indices: top.map { context.candidates[$0] }, scores: top.map { s[$0] })
  }
}

/// Ordering candidates by score.
enum ScoreRanking {
  /// Positions of the `count` best scores under `order`, best first; ties keep the
  /// earlier position first (a stable sort, as NumPy's `argsort(kind="stable")`), and
  /// NaN scores rank last.
  static func best(_ scores: [Float], _ order: ScoreOrder, count: Int) -> [Int] {
    let key = scores.map { s -> Float in
      if s.isNaN { return -.infinity }
      return order == .highestFirst ? s : -s
    }
    let sorted = scores.indices.sorted { a, b in
      key[a] != key[b] ? key[a] > key[b] : a < b
    }
    return Array(sorted.prefix(max(0, count)))
  }
}
