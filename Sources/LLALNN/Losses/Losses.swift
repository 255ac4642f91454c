import LLALTensor

/// The training losses: cross-entropy, mean squared error and the margin ranking loss of
/// the loss prediction module (`marginRanking`, in its own file).
public enum Losses {
  /// Cross-entropy of `logits` `[N, K]` against class indices, one value per sample `[N]`.
  public static func crossEntropyPerSample(logits: Tensor, targets: [Int]) throws -> Tensor {
    try Tensor.crossEntropy(logits: logits, targets: targets)
  }

  /// The mean cross-entropy over the batch (a scalar).
  public static func crossEntropy(logits: Tensor, targets: [Int]) throws -> Tensor {
    try Tensor.crossEntropy(logits: logits, targets: targets).mean()
  }

  /// `mean((prediction − target)²)` over all elements; the shapes must be equal.
  public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
    guard prediction.shape == target.shape else {
      throw TensorError(
        "meanSquaredError",
        "shapes \(describeShape(prediction.shape)) and \(describeShape(target.shape)) differ")
    }
    return try (prediction - target).square().mean()
  }
}
