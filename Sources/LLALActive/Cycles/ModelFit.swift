import LLALData
import LLALNN
import LLALTensor

/// The rules a model and its data meet before a run, each checked here only: the model
/// takes the data's samples, gives what the task needs for the pool's targets, and is
/// evaluated on at least one sample. A failure is a `FieldError` about the field the
/// caller names (`Experiment.test`, …).
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

  /// `task` accepts `model`'s output for `data`'s targets (for classification, `[C]` per
  /// sample with C at least the data's class count).
  static func checkTask(_ task: any ModelTask, model: ModelGraph, data: Dataset, field: String)
    throws
  {
    do {
      try task.check(input: data.sampleShape, output: model.outputShape, target: data.targetShape)
    } catch let e as TaskError {
      throw FieldError(field, "\(model.name): \(e.reason)")
    }
    if task.hasClassProbabilities, model.outputShape[0] < data.classCount {
      throw FieldError(
        field,
        "\(model.name) outputs \(describeShape(model.outputShape)) per sample, but the pool "
          + "has \(data.classCount) classes")
    }
  }
}
