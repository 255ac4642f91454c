import LLALData
import LLALNN
import LLALTensor

/// The rules a model and its data meet before a run, each checked here only: the model
/// takes the data's samples, outputs one score per class of the pool, and is evaluated
/// on at least one sample. A failure is a `FieldError` about the field the caller names
/// (`Experiment.test`, …).
enum ModelFit {
  /// `data`'s samples are what `model` takes.
  static func checkSamples(of data: Dataset, model: ModelGraph, field: String) throws {
    guard data.sampleShape == model.inputShape else {
      throw FieldError(
        field,
        "has samples \(describeShape(data.sampleShape)), but model \(model.name) takes "
          + describeShape(model.inputShape))
    }
  }

  /// `data`, a set to evaluate on, holds at least one sample: the accuracy of no samples
  /// is undefined, not 0.
  static func checkEvaluable(_ data: Dataset, field: String) throws {
    guard data.count > 0 else {
      throw FieldError(field, "must hold at least one sample to evaluate on, found none")
    }
  }

  /// `model` outputs `[C]` per sample, C at least the pool's class count.
  static func checkClasses(of model: ModelGraph, pool: Dataset, field: String) throws {
    guard model.outputShape.count == 1, model.outputShape[0] >= pool.classCount else {
      throw FieldError(
        field,
        "\(model.name) outputs \(describeShape(model.outputShape)) per sample, but the pool "
          + "has \(pool.classCount) classes")
    }
  }
}
