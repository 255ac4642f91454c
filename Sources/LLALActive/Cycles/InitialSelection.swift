import LLALNN
import LLALTensor

/// The first labels chosen by a strategy instead of at random: TypiClust or ProbCover for
/// the cold start (`initial:` of `experiment` and `session`).
///
/// The strategy chooses among every pool point, before any training, on the model with
/// the weights its first cycle starts from (`RunSeeds.model(seed, 0)`) and with the draws
/// of `RunSeeds.initial(seed)`. Those depend on the seed alone, so every strategy of one
/// seed starts from the same chosen set, as it does from the same random one.
public enum InitialSelection {
  /// Checks that `strategy` can choose before any training: it must fit `model` and
  /// `task` (`GraphLearner.check`), and it may not use a loss module, which is not
  /// trained yet. A failure is a `FieldError` about `field`.
  public static func check(
    _ strategy: any QueryStrategy, fits model: ModelGraph, task: any ModelTask, field: String
  ) throws {
    try GraphLearner.check(strategy, fits: model, task: task, field: field)
    if strategy.lossModule != nil {
      throw FieldError(
        field,
        "names \(strategy.name), which needs a trained loss module; the first labels are "
          + "chosen before any training")
    }
  }

  /// The `count` pool points `strategy` chooses on `learner` for `seed`; `learner`'s
  /// weights are redrawn to those of the seed's first cycle.
  static func choose(
    _ strategy: any QueryStrategy, learner: any ActiveLearner, count: Int, seed: Int
  ) throws -> [Int] {
    try learner.reinitialize(seed: RunSeeds.model(seed, 0))
    let context = try QueryContext(
      model: learner, candidates: Array(0..<learner.poolSize), labeled: [], step: count,
      seed: RunSeeds.initial(seed))
    try context.prefetch(strategy.requirements)
    let selection = try strategy.select(context)
    guard selection.indices.count == count, Set(selection.indices).count == count else {
      throw ActiveLearningError(
        strategy.name,
        "chose \(Set(selection.indices).count) distinct first labels; the budget's initial "
          + "is \(count)")
    }
    return selection.indices.sorted()
  }
}
