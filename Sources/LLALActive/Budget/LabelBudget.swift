import LLALTensor

/// How many labels an active-learning run spends: `initial` random labels, then `step`
/// more after every cycle but the last, for `cycles` cycles, scoring at most `subset`
/// unlabeled candidates per query (0 = all).
///
/// ```
/// let b = try LabelBudget(initial: 100, step: 100, cycles: 8)   // 100, 200, …, 800
/// try b.validate(poolSize: 1437)
/// ```
public struct LabelBudget: Equatable, Sendable {
  /// Labels drawn at random before the first cycle.
  public let initial: Int
  /// Labels queried after each cycle but the last.
  public let step: Int
  /// Train–evaluate–query cycles.
  public let cycles: Int
  /// Candidates scored per query; 0 means every unlabeled point.
  public let subset: Int
  /// The stopping rule whose stopping point each run marks, if any.
  public let stop: StabilizingPredictions?

  /// A budget; negative numbers, no initial labels, a zero step, zero cycles, a subset
  /// smaller than the step, or a number beyond `SizeLimit.maximum` (2³⁰) are errors
  /// naming the field (`LabelBudget.step`).
  public init(
    initial: Int, step: Int, cycles: Int, subset: Int = 0, stop: StabilizingPredictions? = nil
  ) throws {
    guard initial != 0 else {
      throw FieldError("LabelBudget.initial", "must be at least 1 (training needs labels), found 0")
    }
    try SizeLimit.check(initial, "LabelBudget.initial", atLeast: 1)
    try SizeLimit.check(step, "LabelBudget.step", atLeast: 1)
    try SizeLimit.check(cycles, "LabelBudget.cycles", atLeast: 1)
    try SizeLimit.check(subset, "LabelBudget.subset")
    guard subset == 0 || subset >= step else {
      throw FieldError(
        "LabelBudget.subset",
        "must be 0 (every candidate) or at least the step \(step), found \(subset)")
    }
    self.initial = initial
    self.step = step
    self.cycles = cycles
    self.subset = subset
    self.stop = stop
  }

  /// Labels held when training in `cycle` (from 0).
  public func labeledCount(atCycle cycle: Int) -> Int { initial + step * cycle }

  /// Labels held in the last cycle: `initial + step × (cycles − 1)` (at most 2⁶⁰ + 2³⁰,
  /// since every field is at most 2³⁰).
  public var totalLabels: Int { labeledCount(atCycle: cycles - 1) }

  /// Checks that the budget fits a pool of `poolSize` points; a budget that does not is
  /// an error about the budget as a whole (`LabelBudget`).
  public func validate(poolSize: Int) throws {
    func misfit(_ reason: String) -> FieldError {
      FieldError("LabelBudget", "does not fit the pool: " + reason)
    }
    guard initial <= poolSize else {
      throw misfit("initial \(initial) is beyond the pool of \(poolSize) points")
    }
    guard cycles == 1 || step <= poolSize - initial else {
      throw misfit(
        "step \(step) is beyond the \(poolSize - initial) points left after the initial \(initial)")
    }
    guard totalLabels <= poolSize else {
      throw misfit(
        "initial \(initial) + \(cycles - 1) queries × step \(step) = \(totalLabels) labels "
          + "exceed the pool of \(poolSize) points")
    }
  }
}
