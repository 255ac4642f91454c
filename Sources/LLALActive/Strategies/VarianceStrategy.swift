import LLALTensor

/// Monte-Carlo dropout variance, the regression analogue of BALD: the model's outputs
/// over `passes` dropout-active forward passes, and each candidate's score the variance
/// across passes averaged over its output values,
/// `(1/D) Σ_d (1/T) Σ_t (o_td − ō_d)²` (the population variance, summed in Double).
/// Zero for a model without dropout. It applies to every task (for classification it
/// reads the logits).
public struct VarianceStrategy: ScoringStrategy {
  /// How many dropout passes.
  public let passes: Int

  /// A variance strategy over `passes` dropout passes; fewer than 1, or more than
  /// `SizeLimit.maximum`, is an error about `VarianceStrategy.passes`.
  public init(passes: Int = 20) throws {
    guard passes > 0 else {
      throw FieldError("VarianceStrategy.passes", "must be positive, found \(passes)")
    }
    try SizeLimit.check(passes, "VarianceStrategy.passes")
    self.passes = passes
  }

  /// `"variance"`.
  public var name: String { "variance" }
  /// Nothing from the shared pass; the dropout passes are separate.
  public var requirements: InferenceRequest { InferenceRequest() }
  /// Higher variance is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The mean variance of each candidate's outputs over passes seeded by the context's seed.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try Self.meanVariance(try context.dropoutOutputs(passes: passes, name))
  }

  /// The variance across the `T` tensors `[M, …]` of each value, averaged over each row's
  /// values: one score per row.
  public static func meanVariance(_ outputs: [Tensor]) throws -> [Float] {
    guard let shape = outputs.first?.shape, let m = shape.first else { return [] }
    for o in outputs where o.shape != shape {
      throw ActiveLearningError(
        "variance",
        "dropout passes differ in shape: \(describeShape(shape)) and \(describeShape(o.shape))")
    }
    let d = m == 0 ? 0 : outputs[0].count / m
    guard d > 0 else { return [Float](repeating: 0, count: m) }
    let t = Double(outputs.count)
    var sum = [Double](repeating: 0, count: m * d)
    var squares = [Double](repeating: 0, count: m * d)
    for o in outputs {
      let base = o.storage.base
      for i in 0..<(m * d) {
        let v = Double(base[i])
        sum[i] += v
        squares[i] += v * v
      }
    }
    return (0..<m).map { row in
      var total = 0.0
      for i in (row * d)..<((row + 1) * d) {
        let mean = sum[i] / t
        // Rounding can leave a tiny negative value for identical passes.
        total += max(0, squares[i] / t - mean * mean)
      }
      return Float(total / Double(d))
    }
  }
}
