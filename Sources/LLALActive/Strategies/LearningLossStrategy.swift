import LLALNN
import LLALTensor

/// The loss prediction module a strategy needs trained with the model: the nodes it taps,
/// its structure, and how it is trained (margin, weight, when its gradient stops).
public struct LossModuleRequest: Equatable, Sendable {
  /// Names of the tapped nodes of the target model.
  public var taps: [String]
  /// Widths, pooling, activation, hidden layer and dropout (the paper's by default).
  public var options: LossModuleOptions
  /// The ranking loss's margin and weight, and the epoch the features are detached from.
  public var training: LearningLossConfig

  /// A module over `taps` built as `options` say, trained as `training` says.
  public init(
    taps: [String], options: LossModuleOptions = .paper,
    training: LearningLossConfig = LearningLossConfig()
  ) {
    self.taps = taps
    self.options = options
    self.training = training
  }

  /// A module over `taps` with the paper's structure and `width` hidden units per tap.
  public init(taps: [String], width: Int, training: LearningLossConfig = LearningLossConfig()) {
    self.init(taps: taps, options: LossModuleOptions(width: width), training: training)
  }
}

/// Learning loss (Yoo & Kweon 2019): query the candidates whose loss the loss prediction
/// module predicts highest. Training includes the module and its ranking loss.
public struct LearningLossStrategy: ScoringStrategy {
  /// The module to train with the model.
  public let module: LossModuleRequest

  /// A learning-loss strategy whose module taps `taps` (see `LossModuleRequest`).
  public init(
    taps: [String], options: LossModuleOptions = .paper,
    training: LearningLossConfig = LearningLossConfig()
  ) {
    module = LossModuleRequest(taps: taps, options: options, training: training)
  }

  /// A learning-loss strategy whose module has the paper's structure with `width` hidden
  /// units per tap.
  public init(taps: [String], width: Int, training: LearningLossConfig = LearningLossConfig()) {
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
