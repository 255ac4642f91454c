import LLALTensor

/// What a model is trained to do, as a value: the per-sample loss it learns (the ground
/// truth a loss prediction module learns to rank), the metrics reported after training,
/// what its targets look like, and whether its output is class probabilities.
///
/// A dataset's targets are one tensor `[N, …]`: class ids as a `[N]` tensor of whole
/// numbers, or float targets (values, keypoints). Training and evaluation use them in
/// three steps:
///
/// ```swift
/// try task.check(input: [1, 32, 32], output: model.outputShape, target: [3, 2])   // once
/// let t = try task.lossTargets(targets, input: [1, 32, 32])   // once per dataset, [N, …]
/// let l = try task.perSampleLoss(output: model(xb), lossTargets: t.indexSelect(axis: 0, indices: idx))
/// let m = try task.metrics(output: outputs, targets: targets, input: [1, 32, 32])
/// ```
///
/// `lossTargets` is where a task decides how targets are batched: rows of what it returns
/// go with rows of the output (class ids and values as they are, keypoints rendered as
/// heatmaps), so a trainer gathers them with the same indices as the samples.
///
/// NOTE: named `ModelTask`, not `Task`, so that it does not shadow Swift's concurrency
/// `Task` in every module that imports LLALNN.
public protocol ModelTask: CustomStringConvertible, Sendable {
  /// The task's name as scripts write it and messages print it (`classify`, `regress`,
  /// `heatmaps`).
  var name: String { get }
  /// What the model's output is, for refusals (`class probabilities`, `values`,
  /// `heatmaps`).
  var gives: String { get }
  /// Whether the output is class logits, so that probability scores (entropy, margin,
  /// least confidence, BALD) apply.
  var hasClassProbabilities: Bool { get }
  /// The headline metric's name: the first of `metrics`, the one tables and curves show
  /// (`accuracy`, `rmse`, `pck`).
  var metricName: String { get }
  /// Whether a larger headline metric is better (accuracy, PCK) rather than worse (RMSE).
  var higherIsBetter: Bool { get }

  /// Checks that a model with per-sample output shape `output`, fed inputs of per-sample
  /// shape `input`, fits targets of per-sample shape `target` (`[]` for class ids); the
  /// error says what the task needs and what it got.
  func check(input: [Int], output: [Int], target: [Int]) throws
  /// What the output is compared with, one row per sample: `targets` `[N, …]` as they are,
  /// or transformed (keypoints rendered as heatmaps). `input` is the per-sample input shape.
  func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor
  /// The loss of each sample, `[B]`, differentiable with respect to `output` `[B, …]`;
  /// `lossTargets` are the matching rows of `lossTargets(_:input:)`.
  func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor
  /// The metrics over a whole evaluation set, the headline first: `output` `[N, …]` is the
  /// model's output, `targets` `[N, …]` the dataset's targets (not the loss targets).
  func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric]
  /// Whether `sampleEntropy` gives each sample's entropy although the output is not one
  /// distribution per sample (detection: per image, from its anchors' distributions).
  var hasSampleEntropy: Bool { get }
  /// Each sample's entropy as `entropy()` scores it, from outputs `[M, …]`, for a task
  /// with `hasSampleEntropy`; nil for the others.
  func sampleEntropy(output: Tensor) throws -> [Double]?
}

extension ModelTask {
  /// `perSampleLoss` against the dataset's `targets` rows directly (the loss targets are
  /// computed for this batch only).
  public func perSampleLoss(output: Tensor, targets: Tensor, input: [Int]) throws -> Tensor {
    try perSampleLoss(output: output, lossTargets: try lossTargets(targets, input: input))
  }

  /// No sample entropy by default.
  public var hasSampleEntropy: Bool { false }
  /// None by default.
  public func sampleEntropy(output: Tensor) throws -> [Double]? { nil }

  /// Throws unless the task gives class probabilities (or, for `entropy()`, a sample
  /// entropy), naming `strategy` and the task: `entropy() needs class probabilities; task
  /// heatmaps gives heatmaps`.
  public func requireClassProbabilities(for strategy: String) throws {
    if hasClassProbabilities || (hasSampleEntropy && strategy == "entropy()") { return }
    throw TaskError(
      "\(strategy) needs class probabilities; task \(name) gives \(gives)"
        + (hasSampleEntropy ? " (of the probability scores only entropy() is defined for it)" : ""))
  }
}

/// One metric's value after a cycle (`accuracy 0.93`, `pck_j1 0.71`).
public struct TaskMetric: Sendable, Equatable, CustomStringConvertible {
  /// The metric's name, usable as a CSV or JSON column (`rmse`, `r2`, `pck_j0`).
  public let name: String
  /// Its value (NaN when the evaluation set is empty).
  public let value: Double

  /// A metric `name` with `value`.
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }

  /// `name value`.
  public var description: String { "\(name) \(value)" }
}

/// A task's refusal of shapes, settings or targets, saying what it needs and what it got.
public struct TaskError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The message.
  public let reason: String
  /// An error saying `reason`.
  public init(_ reason: String) { self.reason = reason }
  /// The reason.
  public var description: String { reason }
}
