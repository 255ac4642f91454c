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

/// Transforms a training batch `[B, …]` (random crops, flips); draws from the generator
/// it is given, so that a seeded run repeats.
public typealias Augmentation = (Tensor, inout RandomGenerator) throws -> Tensor
