import LLALNN

/// A cycle of an active-learning run stopped because its training diverged (a loss that
/// was NaN or infinite; see `TrainingDiverged`): the error names the run and the cycle
/// as well as the epoch and step, so that an experiment over many strategies and seeds
/// says which run to look at. Cycles, epochs and steps are counted from 1:
///
/// `training diverged in entropy, seed 0, cycle 1, epoch 1, step 2: the loss is nan
/// (learning rate 1000000); lower the learning rate`
public struct CycleDiverged: Error, CustomStringConvertible, Equatable, Sendable {
  /// The run's strategy.
  public let strategy: String
  /// The run's seed.
  public let seed: Int
  /// The cycle, from 0.
  public let cycle: Int
  /// Where in the cycle's training the loss stopped being finite, and its value.
  public let training: TrainingDiverged

  /// The divergence `training` of cycle `cycle` (from 0) of the run of `strategy` with
  /// `seed`.
  public init(strategy: String, seed: Int, cycle: Int, training: TrainingDiverged) {
    self.strategy = strategy
    self.seed = seed
    self.cycle = cycle
    self.training = training
  }

  /// `training diverged in entropy, seed 0, cycle 1, epoch 1, step 2: the loss is …`.
  public var description: String {
    "training diverged in \(strategy), seed \(seed), cycle \(cycle + 1), "
      + "\(training.position): \(training.reason)"
  }
}
