import LLALNN

/// Progress of an active-learning run or experiment, for display: cycle boundaries and the
/// training loop's own events in between.
public enum ActiveLearningEvent {
  /// A cycle of `strategy` with `seed` starts training on `labeled` points.
  case cycleStarted(strategy: String, seed: Int, cycle: Int, labeled: Int)
  /// The training loop's step and epoch events within that cycle.
  case training(TrainingEvent)
  /// A cycle finished; its record.
  case cycleFinished(CycleRecord)
}
