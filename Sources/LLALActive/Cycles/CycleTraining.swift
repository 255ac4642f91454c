import LLALNN

/// How each cycle trains: from scratch (fresh weights every cycle, the default) or warm
/// (weights kept from the previous cycle, as the paper's public code does).
public enum CycleInitialization: String, Sendable, Equatable {
  /// Fresh weights every cycle.
  case scratch
  /// Weights kept across cycles; a fresh optimizer each cycle.
  case warm
}

/// The training half of a cycle: the training loop's settings and how weights start.
public struct CycleTraining: Sendable, Equatable {
  /// Epochs, batch size, optimizer and schedule; the seed is replaced per cycle.
  public var config: TrainingConfig
  /// From scratch or warm.
  public var initialization: CycleInitialization

  /// Training as `config` says, from scratch unless `initialization` says warm.
  public init(_ config: TrainingConfig, initialization: CycleInitialization = .scratch) {
    self.config = config
    self.initialization = initialization
  }
}
