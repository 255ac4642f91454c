import LLALTensor

/// What a classifier's outputs mean per sample: its class probabilities and its
/// cross-entropy. Other tasks' per-sample losses come from their `ModelTask`
/// (`GraphLearner.trueLosses`); these are the classification forms that `predict` and the
/// strategies' probability scores share.
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
