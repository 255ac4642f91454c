import LLALTensor

/// How the margin ranking loss pairs the samples of a mini-batch of size B (B/2 pairs,
/// rounded down; with B odd one sample sits out).
public enum RankingPairing: String, Sendable, Equatable, CaseIterable {
  /// Sample i with sample i + B/2 (the paper's split of the batch into halves; the
  /// batch is already shuffled).
  case halves
  /// Sample i with sample B − 1 − i, as the widely used public reference code does
  /// (`(x − x.flip(0))[:B/2]`).
  case flip

  /// The indices `(i, j)` of the pairs for a batch of `batch` samples.
  public func pairs(batch: Int) -> (first: [Int], second: [Int]) {
    let h = batch / 2
    switch self {
    case .halves: return (Array(0..<h), Array(h..<(2 * h)))
    case .flip: return (Array(0..<h), (0..<h).map { batch - 1 - $0 })
    }
  }
}

extension Losses {
  /// The margin ranking loss of Yoo & Kweon (CVPR 2019) for predicted losses `l̂` and
  /// true losses `l`, both `[B]`:
  ///
  ///     mean over pairs (i, j) of max(0, −sign(lᵢ − lⱼ)·(l̂ᵢ − l̂ⱼ) + ξ)
  ///
  /// with `ξ = margin`. The true losses are detached (no gradient reaches them). Ties
  /// (`lᵢ = lⱼ`) take sign −1, as the reference code does (`2·(lᵢ > lⱼ) − 1`). A batch
  /// of fewer than two samples has no pairs: the loss is a constant 0.
  public static func marginRanking(
    predicted: Tensor, target: Tensor, margin: Float = 1, pairing: RankingPairing = .halves
  ) throws -> Tensor {
    guard predicted.rank == 1, predicted.shape == target.shape else {
      throw TensorError(
        "marginRanking",
        "expects predicted and true losses of the same shape [B], got "
          + "\(describeShape(predicted.shape)) and \(describeShape(target.shape))")
    }
    let (first, second) = pairing.pairs(batch: predicted.count)
    if first.isEmpty { return Tensor.scalar(0) }
    let truth = target.detached()
    let sign = try withoutGrad {
      try truth.indexSelect(axis: 0, indices: first).gt(truth.indexSelect(axis: 0, indices: second))
        * 2 - 1
    }
    let difference =
      try predicted.indexSelect(axis: 0, indices: first)
      - predicted.indexSelect(axis: 0, indices: second)
    return try (margin - sign * difference).clamp(min: 0, max: nil).mean()
  }
}
