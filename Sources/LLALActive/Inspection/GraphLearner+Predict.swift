import LLALData
import LLALNN
import LLALTensor

extension GraphLearner {
  /// The model's per-sample outputs over `source` in one batched eval-mode pass without
  /// gradients, with the features of `nodes` (names of the model's nodes). A dataset whose
  /// samples the model does not take is a `FieldError` about `GraphLearner.predict`.
  public func predict(_ source: PredictionSource, nodes: Set<String> = []) throws
    -> SamplePredictions
  {
    let data: Dataset
    let indices: [Int]
    switch source {
    case .pool(let rows):
      data = pool
      indices = rows
    case .data(let d):
      try ModelFit.checkSamples(of: d, model: model, field: "GraphLearner.predict")
      data = d
      indices = Array(0..<d.count)
    }
    if let missing = nodes.sorted().first(where: { n in !model.nodes.contains { $0.name == n } }) {
      throw FieldError(
        "GraphLearner.predict.features", "names '\(missing)', which \(model.name) does not have")
    }
    let request = InferenceRequest(logits: true, predictedLoss: hasLossModule, nodes: nodes)
    let inference = try Self.infer(
      model, lossModule: lossModule, pool: data, indices: indices, request: request,
      batchSize: inferenceBatchSize, context: ForwardContext(mode: .eval))
    let classes = data.hasClassIDs && data.y.count == data.count ? data.y : nil
    let losses: [Float]?
    switch source {
    case .pool:
      losses = try inference.logits.map { try trueLosses(indices, outputs: $0) }
    case .data(let d):
      losses = try inference.logits.map { outputs in
        try withoutGrad {
          try task.perSampleLoss(
            output: outputs, targets: try d.targetTensor, input: Array(d.x.shape.dropFirst())
          ).scalars
        }
      }
    }
    return try SamplePredictions(
      indices: indices, inference: inference, task: task,
      labels: classes.map { c in indices.map { c[$0] } }, losses: losses)
  }
}
