import LLALTensor

extension QueryStrategy {
  /// The same strategy under another name in results and tables, so that two variants of
  /// one strategy can run in one experiment; a scoring strategy stays one (it can still
  /// be diversified). An empty name is an error (`QueryStrategy.name`).
  ///
  /// ```swift
  /// let mse = try LearningLossStrategy(layout: layout, training: mseConfig).named("ll-mse")
  /// ```
  public func named(_ name: String) throws -> any QueryStrategy {
    guard !name.isEmpty else { throw FieldError("QueryStrategy.name", "must not be empty") }
    if let scoring = self as? any ScoringStrategy {
      return RenamedScoringStrategy(inner: scoring, name: name)
    }
    return RenamedStrategy(inner: self, name: name)
  }
}

/// A strategy under another name.
struct RenamedStrategy: QueryStrategy {
  let inner: any QueryStrategy
  let name: String
  var requirements: InferenceRequest { inner.requirements }
  var lossModule: LossModuleRequest? { inner.lossModule }
  var probabilityScorer: String? { inner.probabilityScorer }
  var keepsPreviousModel: Bool { inner.keepsPreviousModel }
  func select(_ context: QueryContext) throws -> QuerySelection { try inner.select(context) }
}

/// A scoring strategy under another name.
struct RenamedScoringStrategy: ScoringStrategy {
  let inner: any ScoringStrategy
  let name: String
  var requirements: InferenceRequest { inner.requirements }
  var lossModule: LossModuleRequest? { inner.lossModule }
  var probabilityScorer: String? { inner.probabilityScorer }
  var keepsPreviousModel: Bool { inner.keepsPreviousModel }
  var order: ScoreOrder { inner.order }
  func scores(_ context: QueryContext) throws -> [Float] { try inner.scores(context) }
  func select(_ context: QueryContext) throws -> QuerySelection { try inner.select(context) }
}
