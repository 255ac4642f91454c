import LLALTensor

/// Temporal output discrepancy (TOD; Huang et al., ICCV 2021): query the candidates whose
/// class probabilities changed most between the previous cycle's model and this one,
///
///     score(x) = ½ ‖softmax(f_t(x)) − softmax(f_{t−1}(x))‖²
///
/// The learner keeps the previous cycle's trained model for it (two extra copies of the
/// model's parameters and buffers). Where there is no previous model — the first cycle,
/// or the first cycle after resuming from a checkpoint — each candidate scores a uniform
/// draw from the query's seed, exactly as `RandomStrategy`: the first query is random.
public struct OutputDiscrepancyStrategy: ScoringStrategy {
  /// A TOD strategy.
  public init() {}
  /// `"tod"`.
  public var name: String { "tod" }
  /// The candidates' logits under this cycle's model.
  public var requirements: InferenceRequest { InferenceRequest(logits: true) }
  /// It compares class probabilities.
  public var probabilityScorer: String? { "tod" }
  /// It needs the previous cycle's model.
  public var keepsPreviousModel: Bool { true }
  /// The largest change is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The discrepancy of each candidate, or random draws without a previous model.
  public func scores(_ context: QueryContext) throws -> [Float] {
    guard let previous = try context.previousProbabilities() else {
      return try RandomStrategy().scores(context)
    }
    return try Self.discrepancy(try context.probabilities(), previous)
  }

  /// `½ Σ_c (p_c − q_c)²` per row of two `[M, C]` probability tensors of one shape.
  public static func discrepancy(_ p: Tensor, _ q: Tensor) throws -> [Float] {
    guard p.shape == q.shape, p.rank == 2 else {
      throw ActiveLearningError(
        "tod",
        "the two models' probabilities have shapes \(describeShape(p.shape)) and "
          + "\(describeShape(q.shape))")
    }
    let (m, c) = (p.shape[0], p.shape[1])
    let a = p.storage.base, b = q.storage.base
    return (0..<m).map { i in
      var s: Double = 0
      for j in 0..<c {
        let d = Double(a[i * c + j]) - Double(b[i * c + j])
        s += d * d
      }
      return Float(s / 2)
    }
  }
}
