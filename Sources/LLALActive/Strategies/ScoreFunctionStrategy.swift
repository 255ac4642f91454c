import LLALTensor

/// What a user score function receives: the candidates' probabilities and/or features.
public struct ScoreArguments {
  /// Class probabilities `[M, C]`, when the strategy asked for them.
  public let probabilities: Tensor?
  /// Features `[M, D]` of the strategy's node, when it named one.
  public let features: Tensor?
}

/// A strategy built from a user's score function (e.g. a closure written in the
/// language): it maps the candidates' probabilities and/or features to one score per
/// candidate, and the highest scores are queried first.
public struct ScoreFunctionStrategy: ScoringStrategy {
  /// The name in results.
  public let name: String
  /// Whether the function receives probabilities.
  public let usesProbabilities: Bool
  /// The node whose features the function receives, if any.
  public let node: String?
  private let function: (ScoreArguments) throws -> Tensor

  /// A strategy named `name` scoring with `function`; it receives probabilities when
  /// `usesProbabilities` and the features of `node` when one is named.
  public init(
    name: String, usesProbabilities: Bool = true, node: String? = nil,
    _ function: @escaping (ScoreArguments) throws -> Tensor
  ) {
    self.name = name
    self.usesProbabilities = usesProbabilities
    self.node = node
    self.function = function
  }

  /// The logits and/or the node's features.
  public var requirements: InferenceRequest {
    InferenceRequest(logits: usesProbabilities, nodes: node.map { [$0] } ?? [])
  }
  /// Higher is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The function's scores, checked to be one finite number per candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    let arguments = ScoreArguments(
      probabilities: usesProbabilities ? try context.probabilities() : nil,
      features: try node.map(context.features))
    return try Self.checkedScores(
      try function(arguments), candidates: context.candidates.count, name: name)
  }

  /// The scores in `result`, one finite number per candidate: a tensor `[m]` (a `[m, 1]`
  /// column is refused too, as a sign of a reduction along the wrong axis). The one check
  /// of what a score function returns; a failure is an `ActiveLearningError` of `name`
  /// whose reason says what came back.
  public static func checkedScores(_ result: Tensor, candidates m: Int, name: String) throws
    -> [Float]
  {
    guard result.shape == [m] else {
      throw ActiveLearningError(
        name,
        "the score function must return one score per candidate, a tensor [\(m)], but "
          + "returned shape \(describeShape(result.shape))")
    }
    let s = result.scalars
    if let bad = s.firstIndex(where: { !$0.isFinite }) {
      throw ActiveLearningError(
        name,
        "the score function returned \(describeNumber(s[bad])) for candidate \(bad); scores "
          + "must be finite numbers")
    }
    return s
  }
}
