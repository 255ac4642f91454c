import LLALTensor

/// Classification, the default task: the model outputs class logits `[K]` per sample, the
/// targets are class ids (a `[N]` tensor of whole numbers in `0..<K`), the per-sample loss
/// is the cross-entropy and the metric is accuracy.
public struct ClassificationTask: ModelTask {
  /// The classification task.
  public init() {}

  /// `classify`.
  public var name: String { "classify" }
  /// `class probabilities`.
  public var gives: String { "class probabilities" }
  /// True.
  public var hasClassProbabilities: Bool { true }
  /// `accuracy`.
  public var metricName: String { "accuracy" }
  /// True.
  public var higherIsBetter: Bool { true }
  /// `classify()`.
  public var description: String { "classify()" }

  /// Needs a `[classes]` output and one class id per sample.
  public func check(input: [Int], output: [Int], target: [Int]) throws {
    guard output.count == 1 else {
      throw TaskError(
        "task classify needs a [classes] output per sample, got \(describeShape(output))")
    }
    guard target.isEmpty else {
      throw TaskError(
        "task classify needs one class id per sample; the targets are "
          + "\(describeShape(target)) per sample")
    }
  }

  /// The class ids as they are (`[N]`).
  public func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor {
    guard targets.rank == 1 else {
      throw TaskError(
        "task classify needs class ids [N], got targets \(describeShape(targets.shape))")
    }
    return targets
  }

  /// The cross-entropy of each row of the logits `[B, K]` against its class id.
  public func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor {
    try Tensor.crossEntropy(logits: output, targets: lossTargets)
  }

  /// `accuracy`: the fraction of rows whose largest logit is at the class id (the first
  /// maximum on ties).
  public func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric] {
    guard output.rank == 2, targets.rank == 1, output.shape[0] == targets.shape[0] else {
      throw TaskError(
        "task classify needs logits [N, K] and class ids [N], got "
          + "\(describeShape(output.shape)) and \(describeShape(targets.shape))")
    }
    let predicted = try output.argmax(axis: 1).scalars
    let truth = targets.scalars
    let hits = zip(predicted, truth).filter { $0 == $1 }.count
    return [TaskMetric("accuracy", truth.isEmpty ? .nan : Double(hits) / Double(truth.count))]
  }
}
