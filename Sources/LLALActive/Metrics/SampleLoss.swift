import LLALTensor

/// What a classifier's outputs mean per sample: its class probabilities and its true
/// loss. Everything that reports per-sample probabilities or losses — the pool metrics,
/// `predict`, the health checks — goes through here, so that another task's outputs and
/// loss can take their place in one spot.
public enum SampleLoss {
  /// Class probabilities `[N, C]`: the row-wise softmax of `logits` `[N, C]`.
  public static func probabilities(logits: Tensor) throws -> Tensor {
    try Rows.softmax(logits)
  }

  /// The true loss of each row of `logits` `[N, C]` against `labels`: the cross-entropy
  /// `logsumexp(x) − x[y]` the model is trained on.
  public static func losses(logits: Tensor, labels: [Int]) throws -> [Float] {
    try Rows.crossEntropy(logits, labels: labels)
  }
}
