import LLALData
import LLALTensor

/// Which points a prediction covers: pool points by index, or a dataset of its own.
public enum PredictionSource {
  /// The pool points at these indices (their true classes are known to the run).
  case pool([Int])
  /// Every sample of a dataset (its labels, when it has classes, give the true losses).
  case data(Dataset)
}

/// A trained model's per-sample outputs over some points, from one eval-mode pass
/// without gradients: class probabilities, predicted classes, the true loss when the
/// classes are known, the loss module's predicted loss when there is one, and the
/// features of the nodes asked for.
public struct SamplePredictions {
  /// Pool indices of the rows (for `.pool`), or `0..<count` for a dataset.
  public let indices: [Int]
  /// Class probabilities `[N, C]` (`SampleLoss.probabilities`).
  public let probabilities: Tensor
  /// The most probable class of each row (the first on ties).
  public let predictions: [Int]
  /// The true class of each row, when known.
  public let labels: [Int]?
  /// The true per-sample loss `[N]` (`SampleLoss.losses`), when the classes are known.
  public let losses: Tensor?
  /// The loss module's predicted loss `[N]`, when the model has a module.
  public let predictedLosses: Tensor?
  /// Features `[N, D]` of each node asked for (rank-4 outputs averaged over space).
  public let features: [String: Tensor]

  /// The predictions of one inference pass (`logits` required) over rows `indices`
  /// whose classes are `labels` (nil when unknown).
  init(indices: [Int], inference: QueryInference, labels: [Int]?) throws {
    guard let logits = inference.logits else {
      throw ActiveLearningError("predict", "the model returned no logits")
    }
    self.indices = indices
    probabilities = try SampleLoss.probabilities(logits: logits)
    predictions = try Rows.argmax(logits)
    self.labels = labels
    losses = try labels.map {
      let l = try SampleLoss.losses(logits: logits, labels: $0)
      return try Tensor(shape: [l.count], l)
    }
    predictedLosses = inference.predictedLoss
    features = inference.nodes
  }

  /// The number of rows.
  public var count: Int { indices.count }

  /// Whether each row's predicted class is its label, when the labels are known.
  public var correct: [Bool]? { labels.map { zip(predictions, $0).map { $0 == $1 } } }
}
