/// The candidate closest to `name` by edit distance (a swap of two neighbours counts as
/// one edit), if it is close enough to be a likely typo: 1 edit for names shorter than
/// 6 characters, 2 for longer ones.
public func closestName<S: Sequence>(to name: String, in candidates: S) -> String?
where S.Element == String {
  let target = Array(name.utf8)
  let limit = target.count < 6 ? 1 : 2
  var best: (name: String, distance: Int)?
  for candidate in candidates where candidate != name {
    let c = Array(candidate.utf8)
    if abs(c.count - target.count) > limit { continue }
    let d = editDistance(target, c, limit: limit)
    guard d <= limit, d < target.count else { continue }
    if let b = best, d > b.distance || (d == b.distance && candidate >= b.name) { continue }
    best = (candidate, d)
  }
  return best?.name
}

/// Optimal-string-alignment distance between two byte strings, giving up above `limit`.
private func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  let width = b.count + 1
  var twoBack = [Int](repeating: 0, count: width)
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: width)
  for i in 1...a.count {
    current[0] = i
    var rowMin = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        d = min(d, twoBack[j - 2] + 1)
      }
      current[j] = d
      rowMin = min(rowMin, d)
    }
    if rowMin > limit { return limit + 1 }
    (twoBack, previous, current) = (previous, current, twoBack)
  }
  return previous[b.count]
}
