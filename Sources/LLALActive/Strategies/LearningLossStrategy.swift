import LLALNN
import LLALTensor

/// The loss prediction module a strategy needs trained with the model: the nodes it taps,
/// its hidden width, and how it is trained (margin, weight, when its gradient stops).
public struct LossModuleRequest: Equatable, Sendable {
  /// Names of the tapped nodes of the target model.
  public var taps: [String]
  /// Hidden units per tap (128 in the paper).
  public var width: Int
  /// The ranking loss's margin and weight, and the epoch the features are detached from.
  public var training: LearningLossConfig

  /// A module over `taps` with `width` hidden units, trained as `training` says.
  public init(taps: [String], width: Int = 128, training: LearningLossConfig = LearningLossConfig())
  {
    self.taps = taps
    self.width = width
    self.training = training
  }
}

/// Learning loss (Yoo & Kweon 2019): query the candidates whose loss the loss prediction
/// module predicts highest. Training includes the module and its ranking loss.
public struct LearningLossStrategy: ScoringStrategy {
  /// The module to train with the model.
  public let module: LossModuleRequest

  /// A learning-loss strategy whose module taps `taps` (see `LossModuleRequest`).
  public init(
    taps: [String], width: Int = 128, training: LearningLossConfig = LearningLossConfig()
  ) {
    module = LossModuleRequest(taps: taps, width: width, training: training)
  }

  /// `"learning_loss"`.
  public var name: String { "learning_loss" }
  /// The predicted losses.
  public var requirements: InferenceRequest { InferenceRequest(predictedLoss: true) }
  /// The module.
  public var lossModule: LossModuleRequest? { module }
  /// The highest predicted loss is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The predicted loss of each candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try context.predictedLosses().scalars
  }
}
