import LLALNN
import LLALTensor

/// A copy of a trained model's weights — its parameters and buffers (batch-norm's running
/// statistics), and its loss module's parameters when it has one — taken after a cycle's
/// training, to be put back later without retraining.
///
/// Names are a checkpoint's (`Checkpoint.tensors`), so a snapshot matches what
/// `Checkpoint.save` writes. It costs 4 bytes per weight (`byteCount`).
///
/// ```swift
/// let kept = WeightSnapshot(model: net, lossModule: module)
/// // … train on …
/// try kept.restore(into: net, lossModule: module)   // the weights as they were
/// ```
public struct WeightSnapshot: Sendable, Equatable {
  /// One copied tensor.
  public struct Entry: Sendable, Equatable {
    /// The checkpoint name (`c1.weight`, `lossnet.fcs.0.weight`).
    public let name: String
    /// Its shape.
    public let shape: [Int]
    /// Its values, row-major.
    public let scalars: [Float]
  }

  /// The copied tensors, in checkpoint order.
  public let entries: [Entry]

  /// Copies the current weights of `model` and `lossModule`.
  public init(model: ModelGraph, lossModule: LossPredictionModule? = nil) {
    entries = Checkpoint.tensors(model: model, lossModule: lossModule).map {
      Entry(name: $0.name, shape: $0.tensor.shape, scalars: $0.tensor.scalars)
    }
  }

  /// The bytes the copies take (4 per weight).
  public var byteCount: Int { entries.reduce(0) { $0 + $1.scalars.count } * 4 }

  /// Writes the copied weights back into `model` and `lossModule`. A model (or module)
  /// whose tensors are not the snapshot's, by name and shape, is a `FieldError` about
  /// `WeightSnapshot` and nothing is changed.
  public func restore(into model: ModelGraph, lossModule: LossPredictionModule? = nil) throws {
    let targets = Checkpoint.tensors(model: model, lossModule: lossModule)
    guard targets.count == entries.count,
      zip(targets, entries).allSatisfy({ $0.name == $1.name && $0.tensor.shape == $1.shape })
    else {
      throw FieldError(
        "WeightSnapshot",
        "holds \(entries.count) tensors that do not match the \(targets.count) of model "
          + "'\(model.name)'")
    }
    for (t, e) in zip(targets, entries) { try t.tensor.assign(Tensor(shape: e.shape, e.scalars)) }
  }
}
