import LLALTensor

/// A model's (and loss module's) outputs over a whole pool, computed in eval mode.
public struct Inference {
  /// The model's outputs `[N, …]` as they are (logits, values, heatmaps).
  public let outputs: Tensor
  /// Class probabilities (softmax of the logits), `[N, K]`; nil unless the task has class
  /// probabilities.
  public let probabilities: Tensor?
  /// The values of the requested nodes, `[N, …]` each, in the order requested.
  public let features: [Tensor]
  /// The loss module's predicted loss per sample `[N]`, when a module was given.
  public let predictedLosses: Tensor?
}

/// A model's metrics and per-sample losses on data with targets, in eval mode.
public struct Evaluation: Sendable, Equatable {
  /// The task's metrics, the headline first (`accuracy`, `rmse`, `pck`).
  public let metrics: [TaskMetric]
  /// The task's per-sample loss (cross-entropy for classification).
  public let losses: [Float]
  /// The most probable class per sample; empty unless the task has class probabilities.
  public let predictions: [Int]
  /// The loss module's predicted loss per sample, when a module was given.
  public let predictedLosses: [Float]?

  /// The headline metric's value (NaN for an empty set).
  public var metric: Double { metrics.first?.value ?? .nan }

  /// The metric named `accuracy`, 0 for an empty set; nil when the task has none.
  public var accuracy: Double? {
    metrics.first { $0.name == "accuracy" }.map { $0.value.isNaN ? 0 : $0.value }
  }

  /// The mean of `losses`.
  public var meanLoss: Double {
    losses.isEmpty ? 0 : losses.reduce(0.0) { $0 + Double($1) } / Double(losses.count)
  }
}

extension ModelGraph {
  /// Runs the model in eval mode without recording gradients over `x` `[N, …]` in batches
  /// of `batchSize`, returning its outputs (and their class probabilities when `task` has
  /// them), the values of the `features` nodes and, with a loss module, the predicted
  /// losses. Polls `Interrupt` and `cancellation` before every batch.
  public func infer(
    _ x: Tensor, task: any ModelTask = ClassificationTask(), batchSize: Int = 256,
    features: [NodeID] = [], lossModule: LossPredictionModule? = nil,
    cancellation: CancellationToken? = nil
  ) throws -> Inference {
    if task.hasClassProbabilities, outputShape.count != 1 {
      throw ModelError(
        node: nodes[output.index].name,
        "task \(task.name) needs a [classes] output per sample, got "
          + describeShape(outputShape))
    }
    let n = x.rank >= 1 ? x.shape[0] : 0
    let featureShapes = try features.map { [n] + (try outputShape(of: $0)) }
    let outputs = try Tensor.zeros([n] + outputShape)
    let featureValues = try featureShapes.map { try Tensor.zeros($0) }
    let predicted = try lossModule.map { _ in try Tensor.zeros([n]) }
    try forEachBatch(
      x, batchSize: batchSize, taps: features + (lossModule?.taps ?? []),
      cancellation: cancellation
    ) { start, r in
      try copyRows(r.output, into: outputs, at: start)
      for (k, dst) in featureValues.enumerated() { try copyRows(r.taps[k], into: dst, at: start) }
      if let lossModule, let predicted {
        let p = try lossModule.forward(Array(r.taps[features.count...]))
        try copyRows(p, into: predicted, at: start)
      }
    }
    return Inference(
      outputs: outputs,
      probabilities: task.hasClassProbabilities ? try outputs.softmax(axis: 1) : nil,
      features: featureValues, predictedLosses: predicted)
  }

  /// Accuracy, per-sample cross-entropy and predictions of a classifier on `x` with class
  /// ids `labels`; see `evaluate(_:targets:task:batchSize:lossModule:cancellation:)`.
  public func evaluate(
    _ x: Tensor, labels: [Int], batchSize: Int = 256, lossModule: LossPredictionModule? = nil,
    cancellation: CancellationToken? = nil
  ) throws -> Evaluation {
    try evaluate(
      x, targets: Tensor(labels.map(Float.init)), batchSize: batchSize, lossModule: lossModule,
      cancellation: cancellation)
  }

  /// The task's metrics, per-sample losses and (for classification) predictions on `x`
  /// with `targets` `[N, …]`, in eval mode; with a loss module, also its predicted losses.
  public func evaluate(
    _ x: Tensor, targets: Tensor, task: any ModelTask = ClassificationTask(),
    batchSize: Int = 256, lossModule: LossPredictionModule? = nil,
    cancellation: CancellationToken? = nil
  ) throws -> Evaluation {
    try checkTargets(self, x: x, targets: targets, task: task, "evaluation")
    let lossTargets = try task.lossTargets(targets, input: inputShape)
    let n = x.shape[0]
    let outputs = try Tensor.zeros([n] + outputShape)
    var losses: [Float] = []
    var predicted: [Float]? = lossModule == nil ? nil : []
    try forEachBatch(
      x, batchSize: batchSize, taps: lossModule?.taps ?? [], cancellation: cancellation
    ) { start, r in
      let end = start + r.output.shape[0]
      let rows = try lossTargets.slice(axis: 0, start: start, end: end)
      losses += try task.perSampleLoss(output: r.output, lossTargets: rows).scalars
      try copyRows(r.output, into: outputs, at: start)
      if let lossModule { predicted? += try lossModule.forward(r.taps).scalars }
    }
    let predictions =
      task.hasClassProbabilities ? try outputs.argmax(axis: 1).scalars.map { Int($0) } : []
    return Evaluation(
      metrics: try task.metrics(output: outputs, targets: targets, input: inputShape),
      losses: losses, predictions: predictions, predictedLosses: predicted)
  }

  /// Calls `body(start, result)` for each batch of `x` in eval mode without gradients.
  private func forEachBatch(
    _ x: Tensor, batchSize: Int, taps: [NodeID], cancellation: CancellationToken?,
    _ body: (Int, ForwardResult) throws -> Void
  ) throws {
    guard batchSize > 0 else {
      throw ModelError("the batch size must be positive, got \(batchSize)")
    }
    let n = x.rank >= 1 ? x.shape[0] : 0
    let context = ForwardContext(mode: .eval)
    try withoutGrad {
      var start = 0
      while start < n {
        try checkStop(cancellation, "inference, sample \(start)")
        let end = min(n, start + batchSize)
        let xb = start == 0 && end == n ? x : try x.slice(axis: 0, start: start, end: end)
        try body(start, try forward(xb, context: context, taps: taps))
        start = end
      }
    }
  }
}

/// Copies the rows of `batch` `[B, …]` into rows `start..<start+B` of `dst` `[N, …]`.
private func copyRows(_ batch: Tensor, into dst: Tensor, at start: Int) throws {
  let row = batch.rank <= 1 ? 1 : batch.shape.dropFirst().reduce(1, *)
  guard batch.count + start * row <= dst.count, batch.count % max(row, 1) == 0 else {
    throw TensorError(
      "infer",
      "internal: batch \(describeShape(batch.shape)) does not fit \(describeShape(dst.shape))")
  }
  (dst.storage.base + start * row).update(from: batch.storage.base, count: batch.count)
}
