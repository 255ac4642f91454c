import Foundation
import LLALTensor

/// Row-wise helpers over `[N, D]` tensors: shape checks, gathering rows, softmax, dot
/// products. The strategies' loops are written directly over the storage.
enum Rows {
  /// The `(rows, columns)` of a rank-2 tensor (a rank-1 tensor is one column), or an
  /// error naming `operation`.
  static func dimensions(_ t: Tensor, _ operation: String) throws -> (rows: Int, cols: Int) {
    switch t.rank {
    case 1: return (t.shape[0], 1)
    case 2: return (t.shape[0], t.shape[1])
    default:
      throw ActiveLearningError(
        operation, "expected a [points, features] matrix, got shape \(describeShape(t.shape))")
    }
  }

  /// The rows of `t` at `positions`, in that order (the first axis indexes rows).
  static func gather(_ t: Tensor, _ positions: [Int]) throws -> Tensor {
    let n = t.shape.first ?? 0
    let width = n == 0 ? 0 : t.count / n
    var out = [Float](repeating: 0, count: positions.count * width)
    let src = t.storage.base
    try out.withUnsafeMutableBufferPointer { dst in
      for (r, p) in positions.enumerated() {
        guard p >= 0, p < n else {
          throw ActiveLearningError("rows", "row \(p) is outside \(n) rows")
        }
        guard width > 0, let base = dst.baseAddress else { continue }
        (base + r * width).update(from: src + p * width, count: width)
      }
    }
    return try Tensor(shape: [positions.count] + t.shape.dropFirst(), out)
  }

  /// Row-wise softmax of logits `[N, C]`, computed stably in Double. Every probability a
  /// strategy or a pool measurement uses comes from here, so this is where a model's
  /// output that is not a finite number is refused: its probabilities would be NaN, and
  /// every score of them silently wrong.
  static func softmax(_ logits: Tensor) throws -> Tensor {
    let (n, c) = try dimensions(logits, "softmax")
    var out = [Float](repeating: 0, count: n * c)
    let x = logits.storage.base
    if let bad = (0..<(n * c)).first(where: { !x[$0].isFinite }) {
      throw ActiveLearningError(
        "model",
        "its output for point \(bad / c) is \(describeNumber(x[bad])), not a finite number; "
          + "the weights have diverged (lower the learning rate)")
    }
    for i in 0..<n {
      let row = x + i * c
      var m = -Float.infinity
      for j in 0..<c { m = max(m, row[j]) }
      var total = 0.0
      for j in 0..<c { total += Foundation.exp(Double(row[j] - m)) }
      for j in 0..<c { out[i * c + j] = Float(Foundation.exp(Double(row[j] - m)) / total) }
    }
    return try Tensor(shape: [n, c], out)
  }

  /// Per-row cross-entropy `logsumexp(x) − x[y]` of logits `[N, C]` against `labels`.
  static func crossEntropy(_ logits: Tensor, labels: [Int]) throws -> [Float] {
    let (n, c) = try dimensions(logits, "cross_entropy")
    guard labels.count == n else {
      throw ActiveLearningError(
        "cross_entropy", "\(labels.count) labels for logits of shape \(describeShape(logits.shape))"
      )
    }
    let x = logits.storage.base
    return try (0..<n).map { i in
      let row = x + i * c
      let y = labels[i]
      guard y >= 0, y < c else {
        throw ActiveLearningError("cross_entropy", "label \(y) is outside \(c) classes")
      }
      var m = -Float.infinity
      for j in 0..<c { m = max(m, row[j]) }
      var total = 0.0
      for j in 0..<c { total += Foundation.exp(Double(row[j] - m)) }
      return Float(Foundation.log(total) + Double(m - row[y]))
    }
  }

  /// The index of the largest entry in each row of `[N, C]` (the first on ties).
  static func argmax(_ t: Tensor) throws -> [Int] {
    let (n, c) = try dimensions(t, "argmax")
    let x = t.storage.base
    return (0..<n).map { i in
      var best = 0
      for j in 1..<max(c, 1) where x[i * c + j] > x[i * c + best] { best = j }
      return best
    }
  }

  /// The dot product of `a[0..<count]` and `b[0..<count]`.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var k = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while k + 16 <= count {
      let a0 = ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
      let b0 = rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
      let a1 = ra.loadUnaligned(fromByteOffset: (k + 8) * 4, as: SIMD8<Float>.self)
      let b1 = rb.loadUnaligned(fromByteOffset: (k + 8) * 4, as: SIMD8<Float>.self)
      // NOTE: `a * b + c`, not `addingProduct`: without a target CPU the fused form
      // compiles to scalar fma calls, the plain form to vector multiply and add.
      acc0 += a0 * b0
      acc1 += a1 * b1
      k += 16
    }
    var s = (acc0 + acc1).sum()
    while k < count {
      s += a[k] * b[k]
      k += 1
    }
    return s
  }

  /// The squared Euclidean norm of every row of `[N, D]` at `base`.
  static func squaredNorms(_ base: UnsafePointer<Float>, rows: Int, cols: Int) -> [Float] {
    (0..<rows).map { i in dot(base + i * cols, base + i * cols, cols) }
  }
}
