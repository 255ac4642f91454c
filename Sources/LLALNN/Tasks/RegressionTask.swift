import LLALTensor

/// Regression: the model outputs values shaped like each sample's float targets, the
/// per-sample loss is the mean squared error over them, and the metrics are RMSE (the
/// headline, lower is better) and R².
///
/// Targets `[N]` (one value per sample) go with a `[1]` output.
public struct RegressionTask: ModelTask {
  /// The regression task.
  public init() {}

  /// `regress`.
  public var name: String { "regress" }
  /// `values`.
  public var gives: String { "values" }
  /// False.
  public var hasClassProbabilities: Bool { false }
  /// `rmse`.
  public var metricName: String { "rmse" }
  /// False: a smaller error is better.
  public var higherIsBetter: Bool { false }
  /// `regress()`.
  public var description: String { "regress()" }

  /// The output must have the targets' per-sample shape (`[1]` for `[]`).
  public func check(input: [Int], output: [Int], target: [Int]) throws {
    let expected = target.isEmpty ? [1] : target
    guard output == expected else {
      throw TaskError(
        "task regress needs an output shaped like the targets, \(describeShape(expected)) "
          + "per sample, got \(describeShape(output))")
    }
  }

  /// The targets, `[N]` as `[N, 1]`.
  public func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor {
    guard targets.rank >= 1 else {
      throw TaskError("task regress needs targets [N, …], got a scalar")
    }
    return targets.rank == 1 ? try targets.reshaped([targets.shape[0], 1]) : targets
  }

  /// The mean squared error of each sample over its values.
  public func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor {
    guard output.shape == lossTargets.shape, output.rank >= 1 else {
      throw TaskError(
        "task regress needs outputs shaped like the targets, got \(describeShape(output.shape)) "
          + "and \(describeShape(lossTargets.shape))")
    }
    return try Tensor.perSampleMSE(output, lossTargets)
  }

  /// `rmse` and `r2` (see `RegressionMetrics`).
  public func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric] {
    let t = try lossTargets(targets, input: input)
    return [
      TaskMetric("rmse", try RegressionMetrics.rmse(prediction: output, target: t)),
      TaskMetric("r2", try RegressionMetrics.r2(prediction: output, target: t)),
    ]
  }
}
