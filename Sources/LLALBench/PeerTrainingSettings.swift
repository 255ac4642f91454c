import LLALActive
import LLALNN
import LLALTensor

/// The settings the peer protocols (`al-digits`, `al-pose`, `al-detect`) share beyond
/// `ProtocolSettings`: the training schedule, the learning-loss strategy, the label
/// budget and the engine's thread count, each read the way the peer scripts read them.
protocol PeerTrainingSettings: ProtocolSettings {
  /// Batch size.
  var batch: Int { get }
  /// The learning rate is multiplied by 0.1 from this fraction of the epochs on (0 = off).
  var lrDecayFraction: Double { get }
  /// The ranking loss's margin and weight (λ).
  var margin: Float { get }
  var weight: Float { get }
  /// The module's gradient into the model stops from this fraction of the epochs on.
  var detachFraction: Double { get }
  /// Candidates scored per query (0 = the whole unlabeled pool).
  var subset: Int { get }
  /// Engine threads.
  var threads: Int { get }
}

extension PeerTrainingSettings {
  /// The epoch at `fraction` of the epochs, rounded half to even as Python's `round`.
  func epoch(at fraction: Double) -> Int {
    Int((fraction * Double(epochs)).rounded(.toNearestOrEven))
  }

  /// The peers' learning-loss strategy: the ranking loss on the two halves of each
  /// mini-batch, the module's gradient into the model stopped from `detachFraction` of
  /// the epochs on.
  func learningLoss(_ taps: LossModuleLayout) throws -> LearningLossStrategy {
    LearningLossStrategy(
      layout: taps,
      training: try LearningLossConfig(
        margin: margin, weight: weight, pairing: .halves,
        detachAfter: epoch(at: detachFraction)))
  }

  /// `optimizer` for `epochs` epochs of `batch`, its learning rate multiplied by 0.1
  /// from `lrDecayFraction` of the epochs on (a constant rate for 0).
  func training(_ optimizer: OptimizerConfig) -> TrainingConfig {
    TrainingConfig(
      epochs: epochs, batchSize: batch, optimizer: optimizer,
      schedule: lrDecayFraction > 0
        ? .multiStep(milestones: [epoch(at: lrDecayFraction)], gamma: 0.1) : .constant)
  }

  /// The label budget: `initial` random labels, `step` more per cycle, `cycles` cycles.
  func budget() throws -> LabelBudget {
    try LabelBudget(initial: initial, step: step, cycles: cycles, subset: subset)
  }

  /// `body` run with the engine on `threads` threads (at least 1); the previous count
  /// is restored after.
  func withThreads<T>(_ body: () throws -> T) rethrows -> T {
    let saved = Parallel.threadCount
    defer { Parallel.threadCount = saved }
    Parallel.threadCount = max(1, threads)
    return try body()
  }
}
