import LLALData
import LLALNN

/// How each cycle trains: from scratch (fresh weights every cycle, the default) or warm
/// (weights kept from the previous cycle, as the paper's public code does).
public enum CycleInitialization: String, Sendable, Equatable, CaseIterable {
  /// Fresh weights every cycle.
  case scratch
  /// Weights kept across cycles; a fresh optimizer each cycle.
  case warm
}

/// The training half of a cycle: the training loop's settings, how weights start, and
/// what is done to every training batch.
public struct CycleTraining: Sendable, Equatable {
  /// Epochs, batch size, optimizer and schedule; the seed is replaced per cycle.
  public var config: TrainingConfig
  /// From scratch or warm.
  public var initialization: CycleInitialization
  /// Random crops and flips of every training batch (drawn from the cycle's training
  /// seed); nil trains on the images as they are. Evaluation and queries never see it.
  public var augmentation: Augmentation?

  /// Training as `config` says, from scratch unless `initialization` says warm, with the
  /// training batches augmented when `augmentation` is given.
  public init(
    _ config: TrainingConfig, initialization: CycleInitialization = .scratch,
    augmentation: Augmentation? = nil
  ) {
    self.config = config
    self.initialization = initialization
    self.augmentation = augmentation
  }
}
