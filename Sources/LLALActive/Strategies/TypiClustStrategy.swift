import Foundation
import LLALTensor

/// TypiClust (Hacohen, Dekel & Weinshall, ICML 2022), for the low-budget cold start:
/// cluster the pool (candidates and labeled points) into `K = min(|L| + B, maxClusters)`
/// clusters with seeded k-means, then `B` times take the cluster holding the fewest
/// labeled points (the largest on ties, then the lower cluster number) and query its most
/// typical candidate, where
///
///     typicality(x) = 1 / (mean of ‖x − x'‖ over the k nearest x' in x's cluster + 1e-5)
///
/// with `k = min(20, ⌊size/2⌋)` (at least 1), as the authors' code computes it (the 1e-5
/// keeps duplicates finite). As in that code, clusters of at most 5 points are left for
/// last: they are used only when no larger cluster has a candidate left. A cluster of one
/// point has typicality 0. Each pick's score is its typicality.
public struct TypiClustStrategy: QueryStrategy {
  /// Where the points come from: a node's features or the inputs.
  public let source: FeatureSource
  /// The most clusters (the paper's 500).
  public let maxClusters: Int
  /// Neighbours averaged in the typicality (the paper's 20).
  public static let neighbours = 20
  /// Clusters of at most this many points are used last (the authors' code's 5).
  public static let smallCluster = 5

  /// TypiClust on `source` with at most `maxClusters` clusters; fewer than 1 or more than
  /// 2³⁰ is an error about `TypiClustStrategy.maxClusters`.
  public init(features source: FeatureSource, maxClusters: Int = 500) throws {
    try SizeLimit.check(maxClusters, "TypiClustStrategy.maxClusters", atLeast: 1)
    self.source = source
    self.maxClusters = maxClusters
  }

  /// `"typiclust"`.
  public var name: String { "typiclust" }
  /// The points of `source`.
  public var requirements: InferenceRequest { source.request }

  /// `step` candidates, one per least-covered cluster, each its cluster's most typical.
  public func select(_ context: QueryContext) throws -> QuerySelection {
    let points = try context.poolPoints(source, name)
    let m = context.candidates.count
    let n = points.shape[0], d = points.rank == 2 ? points.shape[1] : 1
    guard m > 0, context.step > 0 else { return QuerySelection(indices: [], scores: []) }
    var generator = RandomGenerator(seed: context.seed)
    let k = min(context.labeled.count + context.step, maxClusters)
    let cluster = try KMeans.assign(points, clusters: k, generator: &generator)
    let clusters = (cluster.max() ?? 0) + 1
    var members = [[Int]](repeating: [], count: clusters)
    var labeledIn = [Int](repeating: 0, count: clusters)
    for i in 0..<n {
      members[cluster[i]].append(i)
      if i >= m { labeledIn[cluster[i]] += 1 }
    }
    var taken = [Bool](repeating: false, count: n)
    var typicality = [Int: [Float]]()
    let x = points.scalars
    var indices: [Int] = [], scores: [Float] = []
    while indices.count < min(context.step, m) {
      let open = (0..<clusters).filter { c in members[c].contains { $0 < m && !taken[$0] } }
      let large = open.filter { members[$0].count > Self.smallCluster }
      let pool = large.isEmpty ? open : large
      guard
        let c = pool.min(by: { a, b in
          (labeledIn[a], -members[a].count, a) < (labeledIn[b], -members[b].count, b)
        })
      else { break }
      let t = typicality[c] ?? Self.typicality(of: members[c], x, d)
      typicality[c] = t
      var best = -1
      for (r, i) in members[c].enumerated() where i < m && !taken[i] {
        if best < 0 || t[r] > t[best] { best = r }
      }
      let pick = members[c][best]
      taken[pick] = true
      labeledIn[c] += 1
      indices.append(context.candidates[pick])
      scores.append(t[best])
    }
    return QuerySelection(indices: indices, scores: scores)
  }

  /// The typicality of each of `rows` (rows of `x`, `d` columns) within that set.
  static func typicality(of rows: [Int], _ x: [Float], _ d: Int) -> [Float] {
    let size = rows.count
    guard size > 1 else { return [Float](repeating: 0, count: size) }
    let k = max(1, min(neighbours, size / 2))
    return x.withUnsafeBufferPointer { buffer -> [Float] in
      guard let base = buffer.baseAddress else { return [] }
      return rows.map { i in
        var distances = rows.compactMap { j -> Float? in
          j == i ? nil : KMeans.squaredDistance(base + i * d, base + j * d, d).squareRoot()
        }
        distances.sort()
        let mean = distances.prefix(k).reduce(0, +) / Float(k)
        return 1 / (mean + 1e-5)
      }
    }
  }
}
