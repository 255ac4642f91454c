import LLALTensor

/// Lloyd's k-means (TypiClust's clustering): centres seeded by k-means++ (Arthur &
/// Vassilvitskii 2007, the first centre a uniform draw, as scikit-learn's `KMeans`
/// does), then alternately assign each point to its nearest centre and move each centre
/// to the mean of its points, until no assignment changes or `iterations` rounds. Every
/// draw comes from the caller's generator, so one seed gives one clustering.
enum KMeans {
  /// The cluster (0..<k) of each row of `points` `[N, D]`; `k` is clamped to `1...N`.
  /// Ties between centres go to the lower cluster number; a cluster left empty keeps its
  /// centre.
  static func assign(
    _ points: Tensor, clusters k: Int, generator: inout RandomGenerator, iterations: Int = 100
  ) throws -> [Int] {
    let set = try FeaturePoints(points, "k-means")
    let n = set.count, d = set.cols
    guard n > 0 else { return [] }
    let k = min(max(k, 1), n)
    let first = generator.nextInt(below: n)
    let seeds = KMeansPlusPlusSeeding.select(set, count: k, first: first, generator: &generator)
    let x = points.scalars
    var centres = seeds.positions.flatMap { x[($0 * d)..<(($0 + 1) * d)] }
    var assignment = [Int](repeating: -1, count: n)
    for _ in 0..<max(iterations, 1) {
      var changed = false
      x.withUnsafeBufferPointer { xs in
        centres.withUnsafeBufferPointer { cs in
          guard let xb = xs.baseAddress, let cb = cs.baseAddress else { return }
          for i in 0..<n {
            var best = 0
            var bestDistance = Float.infinity
            for c in 0..<k {
              let dist = squaredDistance(xb + i * d, cb + c * d, d)
              if dist < bestDistance {
                bestDistance = dist
                best = c
              }
            }
            if assignment[i] != best {
              assignment[i] = best
              changed = true
            }
          }
        }
      }
      if !changed { break }
      var sums = [Double](repeating: 0, count: k * d)
      var counts = [Int](repeating: 0, count: k)
      for i in 0..<n {
        let c = assignment[i]
        counts[c] += 1
        for j in 0..<d { sums[c * d + j] += Double(x[i * d + j]) }
      }
      for c in 0..<k where counts[c] > 0 {
        for j in 0..<d { centres[c * d + j] = Float(sums[c * d + j] / Double(counts[c])) }
      }
    }
    return assignment
  }

  /// `‖a − b‖²` over `count` values.
  static func squaredDistance(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int
  ) -> Float {
    var s: Float = 0
    for j in 0..<count {
      let t = a[j] - b[j]
      s += t * t
    }
    return s
  }
}
