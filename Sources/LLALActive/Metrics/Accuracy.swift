import LLALTensor

/// Classification accuracy.
public enum Accuracy {
  /// The fraction of rows of `logits` `[N, C]` whose largest entry is at the label.
  public static func of(logits: Tensor, labels: [Int]) throws -> Double {
    let predictions = try Rows.argmax(logits)
    guard predictions.count == labels.count else {
      throw ActiveLearningError(
        "accuracy", "\(labels.count) labels for logits of shape \(describeShape(logits.shape))")
    }
    return of(predictions: predictions, labels: labels)
  }

  /// The fraction of `predictions` equal to `labels` (0 when there are none).
  public static func of(predictions: [Int], labels: [Int]) -> Double {
    let n = min(predictions.count, labels.count)
    guard n > 0 else { return 0 }
    var hits = 0
    for i in 0..<n where predictions[i] == labels[i] { hits += 1 }
    return Double(hits) / Double(n)
  }
}
