/// Farthest-first traversal (Gonzalez 1985; Sener & Savarese's core-set): repeatedly
/// take the point farthest from everything covered so far.
enum KCenterGreedy {
  /// Chooses `count` distinct points of `points`. `covered[i]` is point `i`'s squared
  /// distance to what is already covered (e.g. the labeled set); nil means nothing is, and
  /// then `first` is taken first. Returns the positions in the order chosen, each with its
  /// distance (not squared) to the covered set when it was chosen.
  static func select(
    _ points: some PointSet, count: Int, covered: [Float]?, first: Int
  ) -> (positions: [Int], distances: [Float]) {
    let n = points.count
    let k = min(max(count, 0), n)
    var minimum = covered ?? [Float](repeating: .infinity, count: n)
    var chosen = [Bool](repeating: false, count: n)
    var positions: [Int] = [], distances: [Float] = []
    positions.reserveCapacity(k)
    while positions.count < k {
      var pick = -1
      if covered == nil && positions.isEmpty {
        pick = first
      } else {
        for i in 0..<n where !chosen[i] && (pick < 0 || minimum[i] > minimum[pick]) { pick = i }
      }
      positions.append(pick)
      distances.append(minimum[pick].squareRoot())
      chosen[pick] = true
      minimum.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        points.lowerMinimum(base, towards: pick)
      }
    }
    return (positions, distances)
  }
}
