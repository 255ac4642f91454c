import LLALTensor

/// Points between which squared Euclidean distances can be computed, for k-center
/// greedy and k-means++ seeding.
protocol PointSet {
  /// How many points.
  var count: Int { get }
  /// The squared norm of each point (its squared distance to the origin).
  var squaredNorms: [Float] { get }
  /// Lowers `minimum[i]` to the squared distance from point `i` to point `j`, for all `i`.
  func lowerMinimum(_ minimum: UnsafeMutablePointer<Float>, towards j: Int)
}

/// Rows of a `[N, D]` feature matrix as points in `R^D`.
struct FeaturePoints: PointSet {
  let rows: Int
  let cols: Int
  let squaredNorms: [Float]
  // Keeps the storage that `base` points into alive.
  private let tensor: Tensor
  private var base: UnsafePointer<Float> { UnsafePointer(tensor.storage.base) }

  /// The rows of `features`, or an error naming `operation` if it is not a matrix.
  init(_ features: Tensor, _ operation: String) throws {
    (rows, cols) = try Rows.dimensions(features, operation)
    tensor = features
    squaredNorms = Rows.squaredNorms(UnsafePointer(features.storage.base), rows: rows, cols: cols)
  }

  var count: Int { rows }

  func lowerMinimum(_ minimum: UnsafeMutablePointer<Float>, towards j: Int) {
    let xj = base + j * cols
    let nj = squaredNorms[j]
    Parallel.forRanges(rows, grain: 2048) { range in
      for i in range {
        let d = max(0, squaredNorms[i] + nj - 2 * Rows.dot(base + i * cols, xj, cols))
        if d < minimum[i] { minimum[i] = d }
      }
    }
  }

  /// Writes `⟨x_i, x_j⟩` for every row `i` into `out`.
  func dots(towards j: Int, into out: UnsafeMutablePointer<Float>) {
    let xj = base + j * cols
    Parallel.forRanges(rows, grain: 2048) { range in
      for i in range { out[i] = Rows.dot(base + i * cols, xj, cols) }
    }
  }

  /// The squared distance from each point to its nearest row of `other` (∞ if `other`
  /// is empty): `‖x‖² + ‖y‖² − 2⟨x, y⟩`, the dot products a GEMM per tile of points.
  func minimumSquaredDistances(to other: FeaturePoints, _ operation: String) throws -> [Float] {
    var out = [Float](repeating: .infinity, count: rows)
    guard other.rows > 0, rows > 0 else { return out }
    guard other.cols == cols else {
      throw ActiveLearningError(
        operation,
        "features of the candidates have \(cols) columns, the labeled set's \(other.cols)")
    }
    // NOTE: tiles bound the [tile, L] product's memory; `linear` computes x·yᵀ without
    // transposing the labeled features.
    let tile = max(1, min(rows, (1 << 22) / max(other.rows, 1)))
    let labeled = try other.tensor.reshaped([other.rows, cols])
    var start = 0
    while start < rows {
      let end = min(rows, start + tile)
      let block = try tensor.reshaped([rows, cols]).slice(axis: 0, start: start, end: end)
      let dots = try withoutGrad { try Tensor.linear(block, weight: labeled, bias: nil) }
      let d = UnsafePointer(dots.storage.base)
      let l = other.rows
      out.withUnsafeMutableBufferPointer { buffer in
        guard let o = buffer.baseAddress else { return }
        Parallel.forRanges(end - start, grain: 64) { range in
          for r in range {
            let i = start + r
            var m = Float.infinity
            for j in 0..<l { m = min(m, other.squaredNorms[j] - 2 * d[r * l + j]) }
            o[i] = max(0, squaredNorms[i] + m)
          }
        }
      }
      withExtendedLifetime(dots) {}
      start = end
    }
    return out
  }
}

/// BADGE's gradient embeddings `g_i = a_i ⊗ h_i` with `a_i = p_i − onehot(argmax p_i)`
/// (the last layer's loss gradient under the predicted label) and `h_i` the last layer's
/// input, never materialised: `⟨g_i, g_j⟩ = ⟨a_i, a_j⟩·⟨h_i, h_j⟩`, so a distance costs
/// `C + D` operations instead of `C·D`.
struct GradientEmbeddingPoints: PointSet {
  let count: Int
  let squaredNorms: [Float]
  private let classes: Int
  private let a: [Float]
  private let h: FeaturePoints

  /// Embeddings from probabilities `[M, C]` and last-layer inputs `[M, D]`.
  init(probabilities: Tensor, embedding: Tensor, _ operation: String) throws {
    let (m, c) = try Rows.dimensions(probabilities, operation)
    h = try FeaturePoints(embedding, operation)
    guard h.rows == m else {
      throw ActiveLearningError(
        operation,
        "probabilities \(describeShape(probabilities.shape)) and embeddings "
          + "\(describeShape(embedding.shape)) cover different numbers of points")
    }
    var a = probabilities.scalars
    for (i, y) in try Rows.argmax(probabilities).enumerated() { a[i * c + y] -= 1 }
    let aNorms = a.withUnsafeBufferPointer { buffer -> [Float] in
      guard let base = buffer.baseAddress else { return [] }
      return Rows.squaredNorms(base, rows: m, cols: c)
    }
    count = m
    classes = c
    self.a = a
    squaredNorms = (0..<m).map { [h] in aNorms[$0] * h.squaredNorms[$0] }
  }

  func lowerMinimum(_ minimum: UnsafeMutablePointer<Float>, towards j: Int) {
    var hDot = [Float](repeating: 0, count: count)
    hDot.withUnsafeMutableBufferPointer { buffer in
      guard let out = buffer.baseAddress else { return }
      h.dots(towards: j, into: out)
    }
    a.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let aj = base + j * classes
      for i in 0..<count {
        let dot = Rows.dot(base + i * classes, aj, classes) * hDot[i]
        let d = max(0, squaredNorms[i] + squaredNorms[j] - 2 * dot)
        if d < minimum[i] { minimum[i] = d }
      }
    }
  }
}
