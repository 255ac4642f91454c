import LLALNN
import LLALTensor

/// Why a query picked what it picked, on the model it was asked of: the unlabeled pool's
/// predictions, the strategy's score of every unlabeled point (for a scoring strategy),
/// and where each pick ranks under the plain strategies (entropy, margin, least
/// confidence, and the loss module when the model has one).
public struct QueryExplanation {
  /// The picks, in the order chosen.
  public let selection: QuerySelection
  /// The current model's predictions over the unlabeled pool, in pool order.
  public let pool: SamplePredictions
  /// The strategy's score of every unlabeled point (same order as `pool`), when the
  /// strategy ranks points by a score; nil for core-set, BADGE, random and the like.
  public let poolScores: [Float]?
  /// Each plain strategy's rank (1 = its first pick) of every pick, in pick order.
  public let ranks: [(strategy: String, ranks: [Int])]

  /// Explains `selection`, which `strategy` chose on `session`'s current model.
  public init(
    _ selection: QuerySelection, strategy: any QueryStrategy, session: ActiveLearningSession
  ) throws {
    self.selection = selection
    let pool = try session.poolPredictions()
    self.pool = pool
    let position = Dictionary(uniqueKeysWithValues: pool.indices.enumerated().map { ($1, $0) })
    let picks = selection.indices.compactMap { position[$0] }

    if let scoring = strategy as? any ScoringStrategy {
      let unlabeled = pool.indices
      let learner = session.learner
      var request = scoring.requirements
      request.logits = true
      let context = try QueryContext(
        model: learner, candidates: unlabeled, labeled: session.pool.labeled,
        step: selection.indices.count, seed: RunSeeds.query(session.seed, session.cycle),
        inference: try learner.infer(unlabeled, request))
      poolScores = try scoring.scores(context)
    } else {
      poolScores = nil
    }

    var ranks: [(String, [Int])] = []
    if let p = pool.probabilities {
      let plain: [any ProbabilityScoring] = [
        EntropyStrategy(), MarginStrategy(), LeastConfidenceStrategy(),
      ]
      for s in plain {
        ranks.append((s.name, Self.ranks(of: picks, try s.scores(probabilities: p), s.order)))
      }
    }
    if let l = pool.predictedLosses {
      ranks.append(("loss module", Self.ranks(of: picks, l.scalars, .highestFirst)))
    }
    self.ranks = ranks
  }

  /// The class of each pick (its hidden label), when the pool has classes.
  public var pickedLabels: [Int]? {
    guard let labels = pool.labels else { return nil }
    let position = Dictionary(uniqueKeysWithValues: pool.indices.enumerated().map { ($1, $0) })
    return selection.indices.compactMap { position[$0].map { labels[$0] } }
  }

  /// Checks that `strategy` can query on `learner`'s model: the features and task it
  /// needs, and a loss module only where the learner trains one.
  public static func check(_ strategy: any QueryStrategy, on learner: any ActiveLearner) throws {
    if let graph = learner as? GraphLearner {
      try GraphLearner.check(strategy, fits: graph.model, task: graph.task, field: "query.strategy")
    }
    if strategy.requirements.predictedLoss || strategy.lossModule != nil,
      !learner.hasLossModule
    {
      throw FieldError(
        "query.strategy",
        "names \(strategy.name), which needs a loss module that this session's model does not train")
    }
    if strategy.keepsPreviousModel, !((learner as? GraphLearner)?.keepsPreviousModel ?? false) {
      throw FieldError(
        "query.strategy",
        "names \(strategy.name), which compares with the previous cycle's model, and this "
          + "session does not keep it; make \(strategy.name) the session's strategy")
    }
  }

  /// The rank (1 = first) under `scores` in `order` of each of the positions `picks`.
  static func ranks(of picks: [Int], _ scores: [Float], _ order: ScoreOrder) -> [Int] {
    let sorted = ScoreRanking.best(scores, order, count: scores.count)
    var rank = [Int](repeating: 0, count: scores.count)
    for (r, i) in sorted.enumerated() { rank[i] = r + 1 }
    return picks.map { rank[$0] }
  }
}
