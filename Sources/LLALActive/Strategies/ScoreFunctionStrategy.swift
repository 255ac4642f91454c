import LLALTensor

/// What a user score function receives: the candidates' probabilities and/or features.
public struct ScoreArguments {
  /// Class probabilities `[M, C]`, when the strategy asked for them; for a task without
  /// class probabilities, the model's outputs `[M, …]`.
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
      probabilities: usesProbabilities ? try context.probabilitiesOrOutputs() : nil,
      features: try node.map(context.features))
    let result = try function(arguments)
    let m = context.candidates.count
    guard result.count == m, result.rank <= 2, result.shape.allSatisfy({ $0 == m || $0 == 1 })
    else {
      throw ActiveLearningError(
        name,
        "the score function returned shape \(describeShape(result.shape)) for \(m) candidates; "
          + "expected [\(m)]")
    }
    let s = result.scalars
    if let bad = s.firstIndex(where: { !$0.isFinite }) {
      throw ActiveLearningError(name, "the score function returned \(s[bad]) for candidate \(bad)")
    }
    return s
  }
}
