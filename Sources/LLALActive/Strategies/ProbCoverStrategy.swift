import LLALTensor

/// ProbCover (Yehuda, Dekel, Hacohen & Weinshall, NeurIPS 2022), for low budgets: the
/// δ-ball graph over the pool (candidates and labeled points) joins `x` to every `x'` with
/// `‖x − x'‖ < δ` (itself included). Points within δ of a labeled point start covered;
/// then `B` times the candidate whose ball holds the most points not yet covered is
/// queried (the lower candidate on ties) and its ball becomes covered — greedy maximum
/// coverage, as the authors' code removes the edges into covered points. Each pick's
/// score is the number of points it newly covered. When everything is covered (no ball
/// holds an uncovered point), the remaining picks are a uniform draw from the context's
/// seed among the candidates left, with score 0, as the authors' code falls back to
/// random sampling.
///
/// The graph is built by comparing every pair (`O(N²·D)` time) and kept as neighbour
/// lists (memory grows with the number of pairs closer than δ).
public struct ProbCoverStrategy: QueryStrategy {
  /// Where the points come from: a node's features or the inputs.
  public let source: FeatureSource
  /// The ball radius, in the units of the points.
  public let delta: Float

  /// ProbCover on `source` with radius `delta`; a radius that is not a positive finite
  /// number is an error about `ProbCoverStrategy.delta`.
  public init(features source: FeatureSource, delta: Double) throws {
    guard delta.isFinite, delta > 0, Float(delta).isFinite else {
      throw FieldError(
        "ProbCoverStrategy.delta",
        "must be a positive finite number, found \(describeNumber(delta))")
    }
    self.source = source
    self.delta = Float(delta)
  }

  /// `"probcover"`.
  public var name: String { "probcover" }
  /// The points of `source`.
  public var requirements: InferenceRequest { source.request }

  /// `step` candidates by greedy coverage of the δ-ball graph.
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let points = try FeaturePoints(try context.poolPoints(source, name), name)
    let m = context.candidates.count, n = points.count
    let neighbours = Self.balls(points, radius: delta)
    var covered = [Bool](repeating: false, count: n)
    for l in m..<n { for j in neighbours[l] { covered[j] = true } }
    var degree = (0..<m).map { i in neighbours[i].reduce(0) { $0 + (covered[$1] ? 0 : 1) } }
    var chosen = [Bool](repeating: false, count: m)
    var indices: [Int] = [], scores: [Float] = []
    let count = min(context.step, m)
    while indices.count < count {
      var best = -1
      for i in 0..<m where !chosen[i] && (best < 0 || degree[i] > degree[best]) { best = i }
      guard degree[best] > 0 else { break }
      chosen[best] = true
      indices.append(context.candidates[best])
      scores.append(Float(degree[best]))
      for j in neighbours[best] where !covered[j] {
        covered[j] = true
        // The graph is symmetric: the balls holding j are j's own neighbours.
        for i in neighbours[j] where i < m { degree[i] -= 1 }
      }
    }
    if indices.count < count {
      var generator = RandomGenerator(seed: context.seed)
      let left = (0..<m).filter { !chosen[$0] }
      for p in generator.permutation(left.count).prefix(count - indices.count) {
        indices.append(context.candidates[left[p]])
        scores.append(0)
      }
    }
    return QuerySelection(indices: indices, scores: scores)
  }

  /// The neighbours of every point: those strictly closer than `radius` (itself included).
  static func balls(_ points: FeaturePoints, radius: Float) -> [[Int]] {
    let n = points.count
    let limit = radius * radius
    var dots = [Float](repeating: 0, count: n)
    return (0..<n).map { j in
      dots.withUnsafeMutableBufferPointer { buffer in
        guard let out = buffer.baseAddress else { return }
        points.dots(towards: j, into: out)
      }
      let nj = points.squaredNorms[j]
      return (0..<n).filter { i in
        i == j || max(0, points.squaredNorms[i] + nj - 2 * dots[i]) < limit
      }
    }
  }
}
