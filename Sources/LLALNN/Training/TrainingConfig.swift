import LLALTensor

/// How to train: epochs, batch size, optimizer, schedule and the seed of every random
/// draw the training loop makes (shuffling, augmentation, dropout).
public struct TrainingConfig: Sendable, Equatable {
  /// Passes over the training set.
  public var epochs: Int
  /// Samples per step.
  public var batchSize: Int
  /// The optimizer and its base learning rate.
  public var optimizer: OptimizerConfig
  /// How the learning rate changes per epoch.
  public var schedule: LearningRateSchedule
  /// Seeds the shuffling, augmentation and dropout streams.
  public var seed: UInt64
  /// Whether to shuffle the samples every epoch.
  public var shuffle: Bool
  /// Whether to skip a final batch smaller than `batchSize`.
  public var dropLast: Bool

  /// A configuration; the optimizer defaults to the paper's SGD (lr 0.1, momentum 0.9,
  /// weight decay 5e-4).
  public init(
    epochs: Int, batchSize: Int,
    optimizer: OptimizerConfig = .sgd(lr: 0.1, momentum: 0.9, weightDecay: 5e-4),
    schedule: LearningRateSchedule = .constant, seed: UInt64 = 0, shuffle: Bool = true,
    dropLast: Bool = false
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.schedule = schedule
    self.seed = seed
    self.shuffle = shuffle
    self.dropLast = dropLast
  }
}

extension TrainingConfig {
  /// Checks the settings before anything trains: epochs 0 or more, batches of at least 2
  /// (a batch of one is skipped: batch-norm cannot normalise it and it forms no ranking
  /// pair), both at most `SizeLimit.maximum`, milestones 0 or more, and the optimizer's
  /// settings. A setting out of range is
  /// a `FieldError` naming it (`TrainingConfig.epochs`, `.batchSize`,
  /// `LearningRateSchedule.milestones`, `OptimizerConfig.lr`, …).
  public func validate() throws {
    guard epochs >= 0 else {
      throw FieldError("TrainingConfig.epochs", "must not be negative, found \(epochs)")
    }
    guard batchSize >= 2 else {
      throw FieldError(
        "TrainingConfig.batchSize",
        "must be at least 2 (batch-norm needs two samples), found \(batchSize)")
    }
    try SizeLimit.check(epochs, "TrainingConfig.epochs")
    try SizeLimit.check(batchSize, "TrainingConfig.batchSize")
    if case .multiStep(let milestones, _) = schedule, let bad = milestones.first(where: { $0 < 0 })
    {
      throw FieldError(
        "LearningRateSchedule.milestones", "must be epochs (0 or more), found \(bad)")
    }
    try optimizer.validate()
  }
}

/// Transforms a training batch `[B, …]` (random crops, flips); draws from the generator
/// it is given, so that a seeded run repeats.
public typealias BatchTransform = (Tensor, inout RandomGenerator) throws -> Tensor
