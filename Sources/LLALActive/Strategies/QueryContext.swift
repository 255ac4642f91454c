import LLALNN
import LLALTensor

/// What a strategy sees when it chooses: the candidate pool points, the labeled set, the
/// step size, a seed, and the trained model, with inference results computed once and
/// shared between the strategy and the cycle runner's metrics.
public final class QueryContext {
  /// Pool indices of the candidates, in a fixed order; selections index into the pool.
  public let candidates: [Int]
  /// Pool indices of the labeled points (core-set measures distance from them).
  public let labeled: [Int]
  /// How many points to choose.
  public let step: Int
  /// The seed of every random draw a strategy makes (random, BADGE, BALD, k-means++).
  public let seed: UInt64
  /// The trained model.
  public let model: QueryModel
  private var cache: QueryInference
  private var labeledCache: QueryInference
  private var probabilityCache: Tensor?

  /// A context choosing `step` of `candidates`; `inference`, if given, already holds
  /// results over the candidates (row `i` for `candidates[i]`).
  public init(
    model: QueryModel, candidates: [Int], labeled: [Int], step: Int, seed: UInt64,
    inference: QueryInference? = nil
  ) throws {
    guard step >= 0 else { throw ActiveLearningError("query", "step \(step) is negative") }
    if let inference, inference.count != candidates.count {
      throw ActiveLearningError(
        "query",
        "inference covers \(inference.count) points, not the \(candidates.count) candidates")
    }
    self.model = model
    self.candidates = candidates
    self.labeled = labeled
    self.step = step
    self.seed = seed
    self.cache = inference ?? QueryInference(count: candidates.count)
    self.labeledCache = QueryInference(count: labeled.count)
  }

  /// Computes in one pass whatever of `request` is not cached yet.
  public func prefetch(_ request: InferenceRequest) throws {
    let missing = request.missing(from: cache)
    guard !missing.isEmpty else { return }
    if missing.predictedLoss && !model.hasLossModule {
      throw ActiveLearningError("learning_loss", "the model has no loss prediction module")
    }
    cache.merge(try model.infer(candidates, missing))
  }

  /// Class logits of the candidates `[M, C]`.
  public func logits() throws -> Tensor {
    try prefetch(InferenceRequest(logits: true))
    return try required(cache.logits, "logits")
  }

  /// Class probabilities of the candidates `[M, C]` (softmax of the eval-mode logits).
  public func probabilities() throws -> Tensor {
    if let probabilityCache { return probabilityCache }
    let p = try Rows.softmax(try logits())
    probabilityCache = p
    return p
  }

  /// The loss module's predicted losses of the candidates `[M]`.
  public func predictedLosses() throws -> Tensor {
    try prefetch(InferenceRequest(predictedLoss: true))
    return try required(cache.predictedLoss, "predicted losses")
  }

  /// The outputs `[M, C]` of a module with several outputs (TiDAL's head) for the
  /// candidates.
  public func moduleOutputs() throws -> Tensor {
    try prefetch(InferenceRequest(predictedLoss: true))
    return try required(cache.moduleOutputs, "module outputs")
  }

  /// The inputs of the last linear layer for the candidates `[M, D]`.
  public func embedding() throws -> Tensor {
    try prefetch(InferenceRequest(embedding: true))
    return try required(cache.embedding, "the last layer's input")
  }

  /// Features of node `node` for the candidates `[M, D]`.
  public func features(_ node: String) throws -> Tensor {
    try prefetch(InferenceRequest(nodes: [node]))
    return try required(cache.nodes[node], "features of node '\(node)'")
  }

  /// Features of node `node` for the labeled points `[L, D]`.
  public func labeledFeatures(_ node: String) throws -> Tensor {
    if let f = labeledCache.nodes[node] { return f }
    let result = try model.infer(labeled, InferenceRequest(nodes: [node]))
    labeledCache.merge(result)
    return try required(
      labeledCache.nodes[node], "features of node '\(node)'", rows: labeled.count)
  }

  /// The candidates' inputs, flattened to `[M, D]`.
  public func inputs() throws -> Tensor {
    try prefetch(InferenceRequest(inputs: true))
    return try required(cache.inputs, "inputs")
  }

  /// The labeled points' inputs, flattened to `[L, D]`.
  public func labeledInputs() throws -> Tensor {
    if let x = labeledCache.inputs { return x }
    labeledCache.merge(try model.infer(labeled, InferenceRequest(inputs: true)))
    return try required(labeledCache.inputs, "inputs", rows: labeled.count)
  }

  /// Class probabilities `[M, C]` of `passes` dropout-active passes over the candidates.
  public func dropoutProbabilities(passes: Int) throws -> [Tensor] {
    try dropoutOutputs(passes: passes, "bald").map(Rows.softmax)
  }

  /// The outputs `[M, …]` of `passes` dropout-active passes over the candidates, for
  /// `strategy`.
  public func dropoutOutputs(passes: Int, _ strategy: String) throws -> [Tensor] {
    guard passes > 0 else {
      throw ActiveLearningError(
        strategy, "the number of dropout passes must be positive, got \(passes)")
    }
    return try model.dropoutLogits(candidates, passes: passes, seed: seed)
  }

  /// Class probabilities `[M, C]` of the candidates under the previous cycle's model, or
  /// nil when the model has none.
  public func previousProbabilities() throws -> Tensor? {
    try model.previousLogits(candidates).map(Rows.softmax)
  }

  /// What a score over the candidates' outputs receives: their class probabilities
  /// `[M, C]` when the task has them, else the outputs `[M, …]` themselves.
  public func probabilitiesOrOutputs() throws -> Tensor {
    model.task.hasClassProbabilities ? try probabilities() : try logits()
  }

  /// The same query restricted to the candidates at `positions` (in that order), sharing
  /// the results computed so far; for strategies that narrow the candidates first.
  public func narrowed(to positions: [Int], step: Int) throws -> QueryContext {
    let sub = try QueryContext(
      model: model, candidates: positions.map { candidates[$0] }, labeled: labeled, step: step,
      seed: seed, inference: try cache.rows(positions))
    sub.labeledCache = labeledCache
    if let probabilityCache { sub.probabilityCache = try Rows.gather(probabilityCache, positions) }
    return sub
  }

  private func required(_ t: Tensor?, _ what: String, rows: Int? = nil) throws -> Tensor {
    guard let t else { throw ActiveLearningError("query", "the model returned no \(what)") }
    let expected = rows ?? candidates.count
    guard t.shape.first == expected else {
      throw ActiveLearningError(
        "query", "\(what) has shape \(describeShape(t.shape)) for \(expected) points")
    }
    return t
  }
}
