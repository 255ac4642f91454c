import LLALTensor

/// Random sampling: every candidate gets a uniform score from the context's seed and the
/// top `step` are queried, i.e. a seeded uniform sample without replacement.
public struct RandomStrategy: ScoringStrategy {
  /// A random strategy.
  public init() {}
  /// `"random"`.
  public var name: String { "random" }
  /// Nothing: random sampling needs no inference.
  public var requirements: InferenceRequest { InferenceRequest() }
  /// The highest draws are queried.
  public var order: ScoreOrder { .highestFirst }

  /// One uniform draw in `[0, 1)` per candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    var rng = RandomGenerator(seed: context.seed)
    return context.candidates.map { _ in rng.nextUniform() }
  }
}
