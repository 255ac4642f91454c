import Foundation
import LLALTensor

/// TiDAL's training dynamics (Kye et al., ICCV 2023): for every training sample, the
/// running mean of the model's softmax output over the epochs seen so far,
/// `p̄(x) = (1/T) Σ_t softmax(f_t(x))`, which the module learns to predict.
///
/// Each training step records the batch's probabilities (detached) and returns the
/// batch's running means, the current epoch included, as the module's targets.
public struct TrainingDynamics: Sendable, Equatable {
  /// The classes C.
  public let classes: Int
  /// Per sample and class, the sum of the recorded probabilities.
  private var sums: [Double]
  /// Per sample, how many times it was recorded.
  private var counts: [Int]

  /// Empty dynamics for `count` samples of `classes` classes.
  public init(count: Int, classes: Int) {
    self.classes = classes
    sums = [Double](repeating: 0, count: count * classes)
    counts = [Int](repeating: 0, count: count)
  }

  /// Adds the probabilities `[B, C]` of the samples `rows` (their positions in the
  /// training set) and returns their running means `[B, C]`.
  public mutating func record(_ probabilities: Tensor, rows: [Int]) throws -> Tensor {
    guard probabilities.shape == [rows.count, classes] else {
      throw TensorError(
        "trainingDynamics",
        "expects probabilities [\(rows.count), \(classes)] for \(rows.count) samples, got "
          + describeShape(probabilities.shape))
    }
    if let bad = rows.first(where: { !counts.indices.contains($0) }) {
      throw TensorError(
        "trainingDynamics", "sample \(bad) is outside the \(counts.count) training samples")
    }
    let p = probabilities.scalars
    var means = [Float](repeating: 0, count: p.count)
    for (b, row) in rows.enumerated() {
      counts[row] += 1
      let n = Double(counts[row])
      for c in 0..<classes {
        sums[row * classes + c] += Double(p[b * classes + c])
        means[b * classes + c] = Float(sums[row * classes + c] / n)
      }
    }
    return try Tensor(shape: [rows.count, classes], means)
  }

  /// The running mean of sample `row` (zeros before it is recorded).
  public func mean(_ row: Int) -> [Float] {
    let n = Double(Swift.max(counts[row], 1))
    return (0..<classes).map { Float(sums[row * classes + $0] / n) }
  }
}

extension Losses {
  /// The mean over the batch of `KL(t ‖ softmax(z)) = Σ_c t_c (log t_c − log softmax(z)_c)`
  /// for target distributions `t` and logits `z`, both `[B, C]`; `0 · log 0 = 0`. The
  /// targets are detached. TiDAL trains its training-dynamics head with it.
  public static func klDivergence(target: Tensor, logits: Tensor) throws -> Tensor {
    guard target.shape == logits.shape, logits.rank == 2 else {
      throw TensorError(
        "klDivergence",
        "expects targets and logits of one shape [B, C], got \(describeShape(target.shape)) "
          + "and \(describeShape(logits.shape))")
    }
    let t = target.detached()
    // Σ t log t per row: constant in z, kept so the value is the divergence itself.
    let negativeEntropy = t.scalars.reduce(0.0) { $0 + ($1 > 0 ? Double($1) * log(Double($1)) : 0) }
    let crossEntropy = try (t * logits.logSoftmax(axis: 1)).sum() * -1
    let b = Float(Swift.max(logits.shape[0], 1))
    return try (crossEntropy + Float(negativeEntropy)) / b
  }
}
