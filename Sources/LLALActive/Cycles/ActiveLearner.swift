import LLALData
import LLALNN
import LLALTensor

/// A model that an active-learning run trains, evaluates and queries over a pool of
/// labeled-once-asked points. `GraphLearner` is the implementation over the NN layer's
/// model graphs; the cycle runner sees only this protocol.
public protocol ActiveLearner: QueryModel {
  /// The number of pool points.
  var poolSize: Int { get }
  /// The task's true per-sample loss of the pool points `indices` given the model's
  /// outputs `[M, …]` for them (their targets are revealed to training only once labeled;
  /// this measures ranking accuracy on the unlabeled pool).
  func trueLosses(_ indices: [Int], outputs: Tensor) throws -> [Float]
  /// The number of classes when the pool's targets are class ids, else nil (what an
  /// annotator may answer).
  var labelClassCount: Int? { get }
  /// Trains on `labels` (class ids by pool index) instead of the pool's own labels for
  /// those points: an annotator's answers (`ActiveLearningSession.label(from:)`).
  func give(labels: [Int: Int]) throws
  /// Draws fresh weights from `seed` (training from scratch).
  func reinitialize(seed: UInt64) throws
  /// Trains on the pool points `labeled`, shuffling from `seed`; returns the last step's
  /// loss. Reports the training loop's events to `onEvent` and stops with
  /// `Interrupt.Stopped` when `cancellation` is cancelled (or on Ctrl-C).
  func train(
    on labeled: [Int], seed: UInt64, cancellation: CancellationToken?,
    onEvent: ((TrainingEvent) -> Void)?
  ) throws -> Double
  /// The task's metrics and per-sample losses on `data` (eval mode).
  func evaluate(on data: Dataset, cancellation: CancellationToken?) throws -> Evaluation
  /// Per-sample outputs over `source` in one eval-mode pass, with the features of the
  /// named `nodes`.
  func predict(_ source: PredictionSource, nodes: Set<String>) throws -> SamplePredictions
}
