import LLALTensor

/// The leading principal components of rows of features, by power iteration on the
/// centred data (no D × D covariance is formed: each step is X·v then Xᵀ·(X·v)).
///
/// Components are unit vectors, each orthogonal to those before it; the sign of each is
/// fixed so that its largest-magnitude entry (the first on ties) is positive, so the same
/// data always projects the same way.
///
/// ```swift
/// let pca = try PrincipalComponents(rows: features, count: 2)
/// pca.projection   // [[Double]] N × 2, the rows in component coordinates
/// ```
public struct PrincipalComponents {
  /// The column means subtracted before projecting.
  public let mean: [Double]
  /// The components, each of length D.
  public let components: [[Double]]
  /// The variance along each component (eigenvalues of the covariance, divisor N − 1).
  public let variances: [Double]
  /// The rows in component coordinates, N × count.
  public let projection: [[Double]]

  /// The first `count` components of `rows` (N × D, N ≥ 2, every row of one length).
  /// Fewer rows than two, ragged rows, non-finite values or `count` outside 1…D are a
  /// `FieldError` about `PrincipalComponents`.
  public init(rows: [[Double]], count: Int, iterations: Int = 500) throws {
    let n = rows.count
    guard n >= 2 else {
      throw FieldError("PrincipalComponents", "needs at least 2 rows, found \(n)")
    }
    let d = rows[0].count
    guard rows.allSatisfy({ $0.count == d }) else {
      throw FieldError("PrincipalComponents", "rows must all have \(d) values")
    }
    guard (1...max(1, d)).contains(count), d > 0 else {
      throw FieldError("PrincipalComponents", "count must be 1 to \(d), found \(count)")
    }
    guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
      throw FieldError("PrincipalComponents", "values must be finite")
    }
    var mean = [Double](repeating: 0, count: d)
    for r in rows { for j in 0..<d { mean[j] += r[j] } }
    for j in 0..<d { mean[j] /= Double(n) }
    let x = rows.map { r in (0..<d).map { r[$0] - mean[$0] } }

    var components: [[Double]] = [], variances: [Double] = []
    for k in 0..<count {
      // A start that no data direction is orthogonal to in practice, the same every run.
      var v = (0..<d).map { 1 + Double(($0 * 7 + k * 3) % 11) / 10 }
      Self.orthogonalize(&v, against: components)
      Self.normalize(&v)
      var lambda = 0.0
      for _ in 0..<iterations {
        var w = Self.covarianceTimes(v, x)
        Self.orthogonalize(&w, against: components)
        let norm = Self.norm(w)
        guard norm > 1e-300 else {
          lambda = 0
          break
        }
        for j in 0..<d { w[j] /= norm }
        let change = zip(v, w).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        v = w
        lambda = norm / Double(n - 1)
        if change < 1e-12 { break }
      }
      if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) || (abs(v[$0]) == abs(v[$1]) && $0 > $1) }),
        v[big] < 0
      {
        v = v.map { -$0 }
      }
      components.append(v)
      variances.append(lambda)
    }
    self.mean = mean
    self.components = components
    self.variances = variances
    projection = x.map { r in components.map { c in zip(r, c).reduce(0) { $0 + $1.0 * $1.1 } } }
  }

  /// Xᵀ(X v) for centred rows `x`.
  private static func covarianceTimes(_ v: [Double], _ x: [[Double]]) -> [Double] {
    var out = [Double](repeating: 0, count: v.count)
    for r in x {
      var dot = 0.0
      for j in 0..<v.count { dot += r[j] * v[j] }
      for j in 0..<v.count { out[j] += dot * r[j] }
    }
    return out
  }

  private static func orthogonalize(_ v: inout [Double], against basis: [[Double]]) {
    for b in basis {
      let dot = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
      for j in 0..<v.count { v[j] -= dot * b[j] }
    }
  }

  private static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  private static func normalize(_ v: inout [Double]) {
    let n = norm(v)
    if n > 0 { for j in 0..<v.count { v[j] /= n } }
  }
}
