import LLALNN
import LLALTensor

/// The loss prediction module a strategy needs trained with the model: its layout (the
/// tapped nodes and the structure, resolved once where the module was declared) and how
/// it is trained (margin, weight, when its gradient stops).
public struct LossModuleRequest: Equatable, Sendable {
  /// The tapped nodes, per tap pooling and width, and the head.
  public var layout: LossModuleLayout
  /// The ranking loss's margin and weight, and the epoch the features are detached from.
  public var training: LearningLossConfig

  /// A module with the parts of `layout`, trained as `training` says.
  public init(layout: LossModuleLayout, training: LearningLossConfig = .paper) {
    self.layout = layout
    self.training = training
  }
}

/// Learning loss (Yoo & Kweon 2019): query the candidates whose loss the loss prediction
/// module predicts highest. Training includes the module and its ranking loss.
///
/// ```swift
/// let layout = try LossModuleLayout(model: net, taps: [c1, c2], options: .paper)
/// let ll = LearningLossStrategy(layout: layout)
/// ```
public struct LearningLossStrategy: ScoringStrategy {
  /// The module to train with the model.
  public let module: LossModuleRequest

  /// A learning-loss strategy whose module has the parts of `layout` (see
  /// `LossModuleRequest`).
  public init(layout: LossModuleLayout, training: LearningLossConfig = .paper) {
    module = LossModuleRequest(layout: layout, training: training)
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
