import LLALTensor

/// Learning loss (Yoo & Kweon 2019): query the candidates whose loss the loss prediction
/// module predicts highest. Training then includes the module and its ranking loss.
public struct LearningLossStrategy: ScoringStrategy {
  /// A learning-loss strategy.
  public init() {}
  /// `"learning_loss"`.
  public var name: String { "learning_loss" }
  /// The predicted losses.
  public var requirements: InferenceRequest { InferenceRequest(predictedLoss: true) }
  /// Training must include the loss prediction module.
  public var needsLossModule: Bool { true }
  /// The highest predicted loss is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The predicted loss of each candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try context.predictedLosses().scalars
  }
}
