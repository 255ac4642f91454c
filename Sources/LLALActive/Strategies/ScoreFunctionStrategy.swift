import LLALTensor

/// What a user score function receives: the candidates' probabilities, features and
/// predicted losses, as far as the strategy asked for them.
public struct ScoreArguments {
  /// Class probabilities `[M, C]`, when the strategy asked for them; for a task without
  /// class probabilities, the model's outputs `[M, …]`.
  public let probabilities: Tensor?
  /// Features `[M, D]` of the strategy's node, when it named one.
  public let features: Tensor?
  /// The loss module's predicted losses `[M]`, when the strategy trains one.
  public let predictedLosses: Tensor?
}

/// A strategy built from a user's score function (e.g. a closure written in the
/// language): it maps the candidates' probabilities, features and/or the loss module's
/// predicted losses to one score per candidate, and the highest scores are queried first.
/// With a loss module the module is trained jointly with the model, as learning loss
/// trains it.
public struct ScoreFunctionStrategy: ScoringStrategy {
  /// The name in results.
  public let name: String
  /// Whether the function receives probabilities.
  public let usesProbabilities: Bool
  /// The node whose features the function receives, if any.
  public let node: String?
  /// The loss module trained with the model, whose predictions the function receives.
  public let module: LossModuleRequest?
  private let function: (ScoreArguments) throws -> Tensor

  /// A strategy named `name` scoring with `function`; it receives probabilities when
  /// `usesProbabilities`, the features of `node` when one is named, and the predicted
  /// losses of a loss module trained as `module` says when one is given.
  public init(
    name: String, usesProbabilities: Bool = true, node: String? = nil,
    module: LossModuleRequest? = nil, _ function: @escaping (ScoreArguments) throws -> Tensor
  ) {
    self.name = name
    self.usesProbabilities = usesProbabilities
    self.node = node
    self.module = module
    self.function = function
  }

  /// The logits, the node's features and/or the predicted losses.
  public var requirements: InferenceRequest {
    InferenceRequest(
      logits: usesProbabilities, predictedLoss: module != nil, nodes: node.map { [$0] } ?? [])
  }
  /// The module, when the function reads predicted losses.
  public var lossModule: LossModuleRequest? { module }
  /// Higher is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The function's scores, checked to be one finite number per candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    let arguments = ScoreArguments(
      probabilities: usesProbabilities ? try context.probabilitiesOrOutputs() : nil,
      features: try node.map(context.features),
      predictedLosses: module == nil ? nil : try context.predictedLosses())
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
