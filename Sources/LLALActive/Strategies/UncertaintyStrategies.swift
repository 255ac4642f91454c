import Foundation
import LLALTensor

/// A strategy whose score is a function of each candidate's class probabilities.
public protocol ProbabilityScoring: ScoringStrategy {
  /// One score per row of the probabilities `[M, C]`.
  func scores(probabilities: Tensor) throws -> [Float]
}

extension ProbabilityScoring {
  /// The logits, from which the probabilities come.
  public var requirements: InferenceRequest { InferenceRequest(logits: true) }
  /// The strategy's name: it scores class probabilities.
  public var probabilityScorer: String? { name }

  /// The score of each candidate's eval-mode probabilities.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try scores(probabilities: try context.probabilities())
  }

  /// Applies `f` to each row of `[M, C]` probabilities; a value that is not a number in
  /// [0, 1] is refused (a NaN row would otherwise score as certain: entropy 0).
  func mapRows(_ p: Tensor, _ f: (UnsafePointer<Float>, Int) -> Float) throws -> [Float] {
    let (n, c) = try Rows.dimensions(p, name)
    guard c > 0 else { throw ActiveLearningError(name, "probabilities have no classes") }
    let base = UnsafePointer(p.storage.base)
    if let bad = (0..<(n * c)).first(where: { !(base[$0] >= 0 && base[$0] <= 1) }) {
      throw ActiveLearningError(
        name,
        "the probabilities of row \(bad / c) hold \(describeNumber(base[bad])), not a number "
          + "in [0, 1]")
    }
    return (0..<n).map { f(base + $0 * c, c) }
  }
}

/// Least confidence: `1 − max_c p_c`; the least confident candidates are queried first.
public struct LeastConfidenceStrategy: ProbabilityScoring {
  /// A least-confidence strategy.
  public init() {}
  /// `"least_confidence"`.
  public var name: String { "least_confidence" }
  /// Higher `1 − max p` is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// `1 − max_c p_c` per row.
  public func scores(probabilities: Tensor) throws -> [Float] {
    try mapRows(probabilities) { row, c in
      var m = row[0]
      for j in 1..<c { m = max(m, row[j]) }
      return 1 - m
    }
  }
}

/// Margin: `p₍₁₎ − p₍₂₎`, the gap between the two most probable classes; the smallest
/// margins are queried first.
public struct MarginStrategy: ProbabilityScoring {
  /// A margin strategy.
  public init() {}
  /// `"margin"`.
  public var name: String { "margin" }
  /// The smallest margin is queried first.
  public var order: ScoreOrder { .lowestFirst }

  /// `p₍₁₎ − p₍₂₎` per row (with one class, `p₍₂₎` is 0).
  public func scores(probabilities: Tensor) throws -> [Float] {
    try mapRows(probabilities) { row, c in
      var first = -Float.infinity, second: Float = c > 1 ? -.infinity : 0
      for j in 0..<c {
        let v = row[j]
        if v > first {
          second = first
          first = v
        } else if v > second {
          second = v
        }
      }
      return first - second
    }
  }
}

/// Entropy: `−Σ_c p_c log₂ p_c` (with `0 log 0 = 0`); the highest entropy is queried first.
public struct EntropyStrategy: ProbabilityScoring {
  /// An entropy strategy.
  public init() {}
  /// `"entropy"`.
  public var name: String { "entropy" }
  /// Higher entropy is queried first.
  public var order: ScoreOrder { .highestFirst }

  /// The base-2 entropy of each candidate's probabilities; for a task whose outputs are
  /// not one distribution per sample, the task's sample entropy (detection: the largest
  /// anchor entropy of each image).
  public func scores(_ context: QueryContext) throws -> [Float] {
    let task = context.model.task
    if !task.hasClassProbabilities, let h = try task.sampleEntropy(output: try context.logits()) {
      return h.map(Float.init)
    }
    return try scores(probabilities: try context.probabilities())
  }

  /// The base-2 entropy of each row.
  public func scores(probabilities: Tensor) throws -> [Float] {
    try mapRows(probabilities) { row, c in Float(Self.entropy(row, c)) }
  }

  /// `−Σ p log₂ p` of `count` probabilities, in Double.
  static func entropy(_ p: UnsafePointer<Float>, _ count: Int) -> Double {
    var h = 0.0
    for j in 0..<count where p[j] > 0 {
      let v = Double(p[j])
      h -= v * Foundation.log2(v)
    }
    return h
  }
}
