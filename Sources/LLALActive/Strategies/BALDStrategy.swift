import Foundation
import LLALTensor

/// BALD with Monte-Carlo dropout (Gal et al. 2017): the mutual information between the
/// prediction and the weights, estimated from `passes` dropout-active forward passes,
/// `H[mean_t p_t] − mean_t H[p_t]` in bits. Zero for a model without dropout.
public struct BALDStrategy: ScoringStrategy {
  /// How many dropout passes.
  public let passes: Int

  /// A BALD strategy over `passes` dropout passes; fewer than 1, or more than
  /// `SizeLimit.maximum`, is an error about `BALDStrategy.passes`.
  public init(passes: Int = 20) throws {
    guard passes > 0 else {
      throw FieldError("BALDStrategy.passes", "must be positive, found \(passes)")
    }
    try SizeLimit.check(passes, "BALDStrategy.passes")
    self.passes = passes
  }

  /// `"bald"`.
  public var name: String { "bald" }
  /// Nothing from the shared pass; the dropout passes are separate.
  public var requirements: InferenceRequest { InferenceRequest() }
  /// `"bald"`: it scores class probabilities.
  public var probabilityScorer: String? { name }
  /// Higher mutual information is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The estimated mutual information of each candidate, from passes seeded by the
  /// context's seed.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try Self.mutualInformation(try context.dropoutProbabilities(passes: passes))
  }

  /// `H[mean_t p_t] − mean_t H[p_t]` (bits) per row of `T` probability matrices `[M, C]`.
  public static func mutualInformation(_ probabilities: [Tensor]) throws -> [Float] {
    guard let shape = probabilities.first?.shape else { return [] }
    let (m, c) = try Rows.dimensions(probabilities[0], "bald")
    for p in probabilities where p.shape != shape {
      throw ActiveLearningError(
        "bald",
        "dropout passes differ in shape: \(describeShape(shape)) and \(describeShape(p.shape))")
    }
    let t = Double(probabilities.count)
    var mean = [Double](repeating: 0, count: m * c)
    var expectedEntropy = [Double](repeating: 0, count: m)
    for p in probabilities {
      let base = UnsafePointer(p.storage.base)
      for i in 0..<m {
        expectedEntropy[i] += EntropyStrategy.entropy(base + i * c, c) / t
        for j in 0..<c { mean[i * c + j] += Double(base[i * c + j]) }
      }
    }
    return (0..<m).map { i in
      var h = 0.0
      for j in 0..<c {
        let v = mean[i * c + j] / t
        if v > 0 { h -= v * log2(v) }
      }
      // Rounding can leave a tiny negative value for identical passes.
      return Float(max(0, h - expectedEntropy[i]))
    }
  }
}
