import LLALTensor

/// How the pairwise objectives (the margin ranking loss, the RankNet BCE) pair the samples
/// of a mini-batch of size B: `halves` and `flip` make B/2 pairs (rounded down; with B odd
/// one sample sits out), `all` makes every one of the B(B − 1)/2 pairs.
public enum RankingPairing: String, Sendable, Equatable, CaseIterable {
  /// Sample i with sample i + B/2 (the paper's split of the batch into halves; the
  /// batch is already shuffled).
  case halves
  /// Sample i with sample B − 1 − i, as the widely used public reference code does
  /// (`(x − x.flip(0))[:B/2]`).
  case flip
  /// Every pair `i < j` of the batch, gathered in one index pass (row by row: (0, 1),
  /// (0, 2), …, (1, 2), …).
  case all

  /// The indices `(i, j)` of the pairs for a batch of `batch` samples.
  public func pairs(batch: Int) -> (first: [Int], second: [Int]) {
    let h = batch / 2
    switch self {
    case .halves: return (Array(0..<h), Array(h..<(2 * h)))
    case .flip: return (Array(0..<h), (0..<h).map { batch - 1 - $0 })
    case .all:
      var first: [Int] = [], second: [Int] = []
      let count = batch * max(batch - 1, 0) / 2
      first.reserveCapacity(count)
      second.reserveCapacity(count)
      for i in 0..<max(batch, 0) {
        for j in (i + 1)..<max(batch, i + 1) {
          first.append(i)
          second.append(j)
        }
      }
      return (first, second)
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
    try checkLossPair(predicted, target, "marginRanking")
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
