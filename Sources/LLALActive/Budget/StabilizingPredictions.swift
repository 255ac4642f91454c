import LLALNN
import LLALTensor

/// Stabilizing predictions (Bloodgood & Vijay-Shanker, CoNLL 2009), a stopping rule: keep
/// a stop set — a fixed sample of the points unlabeled at the start, which needs no
/// labels — and after each cycle measure Cohen's κ between this cycle's predicted classes
/// on it and the previous cycle's. The rule fires once the mean of the last `window` κ
/// values is at least `agreement` (the paper: 3 and 0.99).
///
/// A run with the rule only marks where it would have stopped (each record's `stopKappa`
/// and `wouldStop`); it still spends the whole budget, so that its curve stays comparable
/// with the others'.
public struct StabilizingPredictions: Equatable, Sendable, CustomStringConvertible {
  /// How many consecutive κ values are averaged.
  public let window: Int
  /// The mean κ at which the rule fires.
  public let agreement: Double
  /// Points in the stop set (fewer when fewer are unlabeled at the start).
  public let size: Int

  /// A rule over `window` κ values (1 to 2³⁰) reaching `agreement` (in (0, 1]) on a stop
  /// set of `size` points (1 to 2³⁰); a value out of range is an error naming the field
  /// (`StabilizingPredictions.window`).
  public init(window: Int = 3, agreement: Double = 0.99, size: Int = 2000) throws {
    try SizeLimit.check(window, "StabilizingPredictions.window", atLeast: 1)
    guard agreement.isFinite, agreement > 0, agreement <= 1 else {
      throw FieldError(
        "StabilizingPredictions.agreement",
        "must be in (0, 1] (a κ that the rule waits for), found \(describeNumber(agreement))")
    }
    try SizeLimit.check(size, "StabilizingPredictions.size", atLeast: 1)
    self.window = window
    self.agreement = agreement
    self.size = size
  }

  /// `stabilizing(window: 3, agreement: 0.99, size: 2000)`.
  public var description: String {
    "stabilizing(window: \(window), agreement: \(describeNumber(agreement)), size: \(size))"
  }

  /// Checks that `task` predicts classes, which the rule compares; a task that does not is
  /// an error about the budget (`LabelBudget`).
  public func check(_ task: any ModelTask) throws {
    do {
      try task.requireClassProbabilities(for: "stabilizing()")
    } catch let e as TaskError {
      throw FieldError("LabelBudget", "has a stopping rule, but " + e.reason)
    }
  }

  /// Whether the rule fires given the κ values so far (one per cycle after the first).
  public func fires(_ kappas: [Double]) -> Bool {
    guard kappas.count >= window else { return false }
    return kappas.suffix(window).reduce(0, +) / Double(window) >= agreement
  }

  /// The stop set of a run of `seed` whose unlabeled points at the start are `unlabeled`:
  /// `size` of them drawn from the seed, sorted.
  func stopSet(unlabeled: [Int], seed: Int) -> [Int] {
    guard unlabeled.count > size else { return unlabeled }
    var generator = RandomGenerator(seed: RunSeeds.stop(seed))
    return generator.permutation(unlabeled.count).prefix(size).map { unlabeled[$0] }.sorted()
  }

  /// Cohen's κ between two labelings of the same points: `(p_o − p_e) / (1 − p_e)`, with
  /// `p_o` the fraction of points on which they agree and `p_e = Σ_k (a_k / n)(b_k / n)`
  /// the agreement expected by chance from each labeling's class counts (as
  /// `sklearn.metrics.cohen_kappa_score`). When `p_e = 1` (both give every point one
  /// and the same class) the labelings are identical and κ is 1 (scikit-learn gives NaN).
  /// Empty or unequal lengths give nil.
  public static func kappa(_ a: [Int], _ b: [Int]) -> Double? {
    guard a.count == b.count, !a.isEmpty else { return nil }
    let n = Double(a.count)
    var countsA: [Int: Int] = [:], countsB: [Int: Int] = [:]
    var same = 0
    for (x, y) in zip(a, b) {
      countsA[x, default: 0] += 1
      countsB[y, default: 0] += 1
      if x == y { same += 1 }
    }
    let observed = Double(same) / n
    let expected = countsA.reduce(0.0) { sum, entry in
      sum + Double(entry.value) * Double(countsB[entry.key] ?? 0) / (n * n)
    }
    guard expected < 1 else { return 1 }
    return (observed - expected) / (1 - expected)
  }
}
