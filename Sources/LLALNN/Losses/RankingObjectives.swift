import LLALTensor

extension Losses {
  /// The pairwise binary cross-entropy of RankNet (Burges et al., ICML 2005), the form
  /// TA-VAAL (Kim et al., CVPR 2021) and TiDAL (Kye et al., ICCV 2023) train the loss
  /// module with, for predicted losses `l̂` and true losses `l`, both `[B]`:
  ///
  ///     mean over pairs (i, j) of BCE(σ(l̂ᵢ − l̂ⱼ), 1[lᵢ > lⱼ])
  ///       = mean of max(d, 0) − d·y + log(1 + e^−|d|),  d = l̂ᵢ − l̂ⱼ, y = 1[lᵢ > lⱼ]
  ///
  /// computed from the logits `d`, so it stays finite for any difference. The true
  /// losses are detached; a tie takes y = 0. A batch without pairs gives a constant 0.
  public static func pairwiseBCE(
    predicted: Tensor, target: Tensor, pairing: RankingPairing = .halves
  ) throws -> Tensor {
    try checkLossPair(predicted, target, "pairwiseBCE")
    let (first, second) = pairing.pairs(batch: predicted.count)
    if first.isEmpty { return Tensor.scalar(0) }
    let truth = target.detached()
    let order = try withoutGrad {
      try truth.indexSelect(axis: 0, indices: first).gt(truth.indexSelect(axis: 0, indices: second))
    }
    let difference =
      try predicted.indexSelect(axis: 0, indices: first)
      - predicted.indexSelect(axis: 0, indices: second)
    return try Tensor.binaryCrossEntropy(logits: difference, targets: order).mean()
  }

  /// The top-1 ListNet loss (Cao et al., ICML 2007) of predicted losses `l̂` against
  /// true losses `l`, both `[B]`, the batch being one list:
  ///
  ///     − Σᵢ softmax(l)ᵢ · log softmax(l̂)ᵢ
  ///
  /// the cross-entropy between the batch's true and predicted top-1 distributions
  /// (the true losses detached). It is smallest, at the entropy of `softmax(l)`, when
  /// `l̂ = l + c` for any constant c. A batch of fewer than two samples gives 0.
  public static func listwise(predicted: Tensor, target: Tensor) throws -> Tensor {
    try checkLossPair(predicted, target, "listwise")
    if predicted.count < 2 { return Tensor.scalar(0) }
    let p = try withoutGrad { try target.detached().softmax(axis: 0) }
    return try (p * predicted.logSoftmax(axis: 0)).sum() * -1
  }

  /// Predicted and true losses must both be `[B]`.
  static func checkLossPair(_ predicted: Tensor, _ target: Tensor, _ op: String) throws {
    guard predicted.rank == 1, predicted.shape == target.shape else {
      throw TensorError(
        op,
        "expects predicted and true losses of the same shape [B], got "
          + "\(describeShape(predicted.shape)) and \(describeShape(target.shape))")
    }
  }
}
