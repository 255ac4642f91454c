import LLALData
import LLALNN
import LLALTensor

/// Which points a prediction covers: pool points by index, or a dataset of its own.
public enum PredictionSource {
  /// The pool points at these indices (their true classes are known to the run).
  case pool([Int])
  /// Every sample of a dataset (its labels, when it has classes, give the true losses).
  case data(Dataset)
}

/// A trained model's per-sample outputs over some points, from one eval-mode pass
/// without gradients: the raw outputs, class probabilities and predicted classes when
/// the task has them, the task's true loss when the targets are known, the loss module's
/// predicted loss when there is one, and the features of the nodes asked for.
public struct SamplePredictions {
  /// Pool indices of the rows (for `.pool`), or `0..<count` for a dataset.
  public let indices: [Int]
  /// The model's outputs `[N, …]` (logits for classification, heatmaps, values).
  public let outputs: Tensor
  /// Class probabilities `[N, C]` (`SampleLoss.probabilities`), when the task has them.
  public let probabilities: Tensor?
  /// The most probable class of each row (the first on ties), when the task has classes.
  public let predictions: [Int]?
  /// The true class of each row, when known.
  public let labels: [Int]?
  /// The task's true per-sample loss `[N]`, when the targets are known.
  public let losses: Tensor?
  /// The loss module's predicted loss `[N]`, when the model has a module.
  public let predictedLosses: Tensor?
  /// TiDAL's predicted training dynamics `[N, C]` (the softmax of its head), when the
  /// model has that head.
  public let predictedDynamics: Tensor?
  /// The loss module's attention weights over its taps `[N, K]`, when it fuses them by
  /// attention.
  public let tapWeights: Tensor?
  /// Features `[N, D]` of each node asked for (rank-4 outputs averaged over space).
  public let features: [String: Tensor]

  /// The predictions of one inference pass (outputs required) over rows `indices` for
  /// `task`: `labels` are their classes and `losses` their true per-sample losses (nil
  /// when unknown).
  init(
    indices: [Int], inference: QueryInference, task: any ModelTask, labels: [Int]?,
    losses: [Float]?
  ) throws {
    guard let outputs = inference.logits else {
      throw ActiveLearningError("predict", "the model returned no outputs")
    }
    self.indices = indices
    self.outputs = outputs
    if task.hasClassProbabilities {
      probabilities = try SampleLoss.probabilities(logits: outputs)
      predictions = try Rows.argmax(outputs)
      self.labels = labels
    } else {
      probabilities = nil
      predictions = nil
      self.labels = nil
    }
    self.losses = try losses.map { try Tensor(shape: [$0.count], $0) }
    predictedLosses = inference.predictedLoss
    tapWeights = inference.tapWeights
    predictedDynamics = try inference.moduleOutputs.map(Rows.softmax)
    features = inference.nodes
  }

  /// The number of rows.
  public var count: Int { indices.count }

  /// Whether each row's predicted class is its label, when both are known.
  public var correct: [Bool]? {
    guard let predictions, let labels else { return nil }
    return zip(predictions, labels).map { $0 == $1 }
  }
}
