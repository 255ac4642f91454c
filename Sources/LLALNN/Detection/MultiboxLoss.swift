import LLALTensor

/// SSD's multibox loss per image, as `shared/peers/al_detect.py`'s `per_image_loss`: the
/// cross-entropy of the positive anchors and of the hard negatives, plus smooth L1 (β 1)
/// summed over the 4 offsets of the positives, all divided by max(1, positives).
///
/// Hard negatives are the `n` background anchors with the largest cross-entropy
/// −log p(background), `n = min(background anchors, max(negativeRatio × positives,
/// minNegatives))`; every anchor tied with the n-th is taken too. The choice is made on
/// the values, outside differentiation (as the peer's `no_grad`). One fused operation,
/// `Tensor.multiboxLoss`, computes it: the profile of `al-detect` showed the loss as a
/// chain of tensor operations (a slice of the logits, cross-entropy, masks, smooth L1,
/// sums, and their backward passes) at about 15% of a cycle.
public struct MultiboxLoss: Sendable, Equatable {
  /// Classes including background (`C + 1`).
  public let scores: Int
  /// Negatives per positive (3).
  public let negativeRatio: Int
  /// The fewest negatives per image (3), so that images without objects still learn.
  public let minNegatives: Int

  /// The loss over outputs of `scores` logits then 4 offsets per anchor.
  public init(scores: Int, negativeRatio: Int = 3, minNegatives: Int = 3) {
    self.scores = scores
    self.negativeRatio = negativeRatio
    self.minNegatives = minNegatives
  }

  /// The loss of each image `[B]`, differentiable with respect to `output` `[B, A,
  /// scores + 4]`; `targets` `[B, A, 5]` are `BoxMatching.targets` rows (label, offsets).
  public func perImage(output: Tensor, targets: Tensor) throws -> Tensor {
    let width = scores + 4
    guard output.rank == 3, output.shape[2] == width, targets.shape == [
      output.shape[0], output.shape[1], 5,
    ] else {
      throw TaskError(
        "task detect needs outputs [B, anchors, \(width)] and loss targets [B, anchors, 5], got "
          + "\(describeShape(output.shape)) and \(describeShape(targets.shape))")
    }
    return try Tensor.multiboxLoss(
      output: output, targets: targets, negativeRatio: negativeRatio, minNegatives: minNegatives)
  }
}
