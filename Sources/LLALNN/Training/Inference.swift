import LLALTensor

/// A model's (and loss module's) outputs over a whole pool, computed in eval mode.
public struct Inference {
  /// Class probabilities (softmax of the logits), `[N, K]`.
  public let probabilities: Tensor
  /// The values of the requested nodes, `[N, …]` each, in the order requested.
  public let features: [Tensor]
  /// The loss module's predicted loss per sample `[N]`, when a module was given.
  public let predictedLosses: Tensor?
}

/// A model's accuracy and per-sample losses on labelled data, in eval mode.
public struct Evaluation: Sendable, Equatable {
  /// The fraction of samples whose most probable class is the label.
  public let accuracy: Double
  /// The per-sample cross-entropy.
  public let losses: [Float]
  /// The most probable class per sample.
  public let predictions: [Int]
  /// The loss module's predicted loss per sample, when a module was given.
  public let predictedLosses: [Float]?

  /// The mean of `losses`.
  public var meanLoss: Double {
    losses.isEmpty ? 0 : losses.reduce(0.0) { $0 + Double($1) } / Double(losses.count)
  }
}

extension ModelGraph {
  /// Runs the model in eval mode without recording gradients over `x` `[N, …]` in batches
  /// of `batchSize`, returning the class probabilities, the values of the `features`
  /// nodes and, with a loss module, the predicted losses. Polls `Interrupt` and
  /// `cancellation` before every batch.
  public func infer(
    _ x: Tensor, batchSize: Int = 256, features: [NodeID] = [],
    lossModule: LossPredictionModule? = nil, cancellation: CancellationToken? = nil
  ) throws -> Inference {
    guard outputShape.count == 1 else {
      throw ModelError(
        node: nodes[output.index].name,
        "inference needs a [classes] output per sample, got \(describeShape(outputShape))")
    }
    let n = x.rank >= 1 ? x.shape[0] : 0
    let featureShapes = try features.map { [n] + (try outputShape(of: $0)) }
    let probabilities = try Tensor.zeros([n, outputShape[0]])
    let featureValues = try featureShapes.map { try Tensor.zeros($0) }
    let predicted = try lossModule.map { _ in try Tensor.zeros([n]) }
    try forEachBatch(
      x, batchSize: batchSize, taps: features + (lossModule?.taps ?? []),
      cancellation: cancellation
    ) { start, r in
      try copyRows(try r.output.softmax(axis: 1), into: probabilities, at: start)
      for (k, dst) in featureValues.enumerated() { try copyRows(r.taps[k], into: dst, at: start) }
      if let lossModule, let predicted {
        let p = try lossModule.forward(Array(r.taps[features.count...]))
        try copyRows(p, into: predicted, at: start)
      }
    }
    return Inference(
      probabilities: probabilities, features: featureValues, predictedLosses: predicted)
  }

  /// Accuracy, per-sample cross-entropy and predictions on `x` with `labels`, in eval
  /// mode; with a loss module, also its predicted losses.
  public func evaluate(
    _ x: Tensor, labels: [Int], batchSize: Int = 256, lossModule: LossPredictionModule? = nil,
    cancellation: CancellationToken? = nil
  ) throws -> Evaluation {
    guard x.rank >= 1, x.shape[0] == labels.count else {
      throw ModelError(
        "evaluation data \(describeShape(x.shape)) and \(labels.count) labels do not match")
    }
    guard outputShape.count == 1 else {
      throw ModelError(
        node: nodes[output.index].name,
        "evaluation needs a [classes] output per sample, got \(describeShape(outputShape))")
    }
    try checkLabels(labels, classes: outputShape[0])
    var losses: [Float] = []
    var predictions: [Int] = []
    var predicted: [Float]? = lossModule == nil ? nil : []
    try forEachBatch(
      x, batchSize: batchSize, taps: lossModule?.taps ?? [], cancellation: cancellation
    ) { start, r in
      let end = start + r.output.shape[0]
      let batchLabels = Array(labels[start..<end])
      losses += try Losses.crossEntropyPerSample(logits: r.output, targets: batchLabels).scalars
      predictions += try r.output.argmax(axis: 1).scalars.map { Int($0) }
      if let lossModule { predicted? += try lossModule.forward(r.taps).scalars }
    }
    let correct = zip(predictions, labels).filter { $0 == $1 }.count
    return Evaluation(
      accuracy: labels.isEmpty ? 0 : Double(correct) / Double(labels.count), losses: losses,
      predictions: predictions, predictedLosses: predicted)
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
