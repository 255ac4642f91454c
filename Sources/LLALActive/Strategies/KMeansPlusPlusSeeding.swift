import LLALTensor

/// k-means++ seeding (Arthur & Vassilvitskii 2007; BADGE's batch selection): after the
/// first point, each next point is drawn with probability proportional to its squared
/// distance to the nearest point chosen so far.
enum KMeansPlusPlusSeeding {
  /// Chooses `count` distinct points of `points`, starting with `first`, drawing from
  /// `generator`. Returns the positions in the order chosen, each with its distance (not
  /// squared) to the points chosen before it (its norm for the first).
  static func select(
    _ points: some PointSet, count: Int, first: Int, generator: inout RandomGenerator
  ) -> (positions: [Int], distances: [Float]) {
    let n = points.count
    let k = min(max(count, 0), n)
    var minimum = [Float](repeating: .infinity, count: n)
    var chosen = [Bool](repeating: false, count: n)
    var positions: [Int] = [], distances: [Float] = []
    positions.reserveCapacity(k)
    while positions.count < k {
      let pick: Int
      if positions.isEmpty {
        pick = first
        distances.append(points.squaredNorms[first].squareRoot())
      } else {
        pick = draw(minimum, chosen, &generator)
        distances.append(minimum[pick].squareRoot())
      }
      positions.append(pick)
      chosen[pick] = true
      minimum[pick] = 0
      minimum.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        points.lowerMinimum(base, towards: pick)
      }
    }
    return (positions, distances)
  }

  /// A point not yet chosen, drawn with probability ∝ `weights`; uniformly among the
  /// unchosen ones when all their weights are zero (duplicates of chosen points).
  private static func draw(
    _ weights: [Float], _ chosen: [Bool], _ generator: inout RandomGenerator
  ) -> Int {
    var total = 0.0
    for i in weights.indices where !chosen[i] { total += Double(weights[i]) }
    if total > 0 {
      let target = generator.nextUniformDouble() * total
      var running = 0.0
      var last = -1
      for i in weights.indices where !chosen[i] && weights[i] > 0 {
        running += Double(weights[i])
        last = i
        if running > target { return i }
      }
      return last  // rounding left the target at the very end
    }
    let open = weights.indices.filter { !chosen[$0] }
    return open[generator.nextInt(below: open.count)]
  }
}
