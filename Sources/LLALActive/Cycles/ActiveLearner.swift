import LLALData
import LLALNN

/// A model that an active-learning run trains, evaluates and queries over a pool of
/// labeled-once-asked points. `GraphLearner` is the implementation over the NN layer's
/// model graphs; the cycle runner sees only this protocol.
public protocol ActiveLearner: QueryModel {
  /// The true class of every pool point (revealed to training only once labeled; used to
  /// measure ranking accuracy on the unlabeled pool).
  var poolLabels: [Int] { get }
  /// Draws fresh weights from `seed` (training from scratch).
  func reinitialize(seed: UInt64) throws
  /// Trains on the pool points `labeled`, shuffling from `seed`; returns the last step's
  /// loss. Reports the training loop's events to `onEvent` and stops with
  /// `Interrupt.Stopped` when `cancellation` is cancelled (or on Ctrl-C).
  func train(
    on labeled: [Int], seed: UInt64, cancellation: CancellationToken?,
    onEvent: ((TrainingEvent) -> Void)?
  ) throws -> Double
  /// Per-sample outputs over `source` in one eval-mode pass, with the features of the
  /// named `nodes`.
  func predict(_ source: PredictionSource, nodes: Set<String>) throws -> SamplePredictions
  /// Accuracy on `data` (eval mode).
  func accuracy(on data: Dataset, cancellation: CancellationToken?) throws -> Double
}
