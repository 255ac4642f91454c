/// Progress reported by `Trainer.fit`, for display (the REPL's status line, a notebook's
/// progress) and for recording curves.
public enum TrainingEvent: Sendable {
  /// After each optimizer step.
  case step(StepProgress)
  /// After each epoch.
  case epoch(EpochSummary)
}

/// The losses of one training step.
public struct StepProgress: Sendable, Equatable {
  /// The epoch (0-based) and how many there are.
  public let epoch: Int, epochs: Int
  /// The step within the epoch (0-based) and how many there are per epoch.
  public let step: Int, steps: Int
  /// The total loss: mean task loss + λ·module loss.
  public let loss: Float
  /// The mean of the task's per-sample loss over the batch (cross-entropy for
  /// classification).
  public let classificationLoss: Float
  /// The loss module's (unweighted) loss, when there is a module.
  public let moduleLoss: Float?
  /// The learning rate of this step.
  public let learningRate: Float
}

/// The means over one epoch's steps (weighted by batch size).
public struct EpochSummary: Sendable, Equatable {
  /// The epoch (0-based) and how many there are.
  public let epoch: Int, epochs: Int
  /// Mean total loss.
  public let loss: Double
  /// Mean task loss (cross-entropy for classification).
  public let classificationLoss: Double
  /// Mean module loss, when there is a module.
  public let moduleLoss: Double?
  /// Accuracy on the training batches as they were seen (train mode, augmented); nil
  /// unless the task has class probabilities.
  public let accuracy: Double?
  /// The epoch's learning rate.
  public let learningRate: Float
  /// Whether the tapped features were detached from the target model this epoch.
  public let detached: Bool

  /// An epoch's means as given (`Trainer.fit` makes them; a checkpoint reads them back).
  public init(
    epoch: Int, epochs: Int, loss: Double, classificationLoss: Double, moduleLoss: Double?,
    accuracy: Double?, learningRate: Float, detached: Bool
  ) {
    self.epoch = epoch
    self.epochs = epochs
    self.loss = loss
    self.classificationLoss = classificationLoss
    self.moduleLoss = moduleLoss
    self.accuracy = accuracy
    self.learningRate = learningRate
    self.detached = detached
  }
}
