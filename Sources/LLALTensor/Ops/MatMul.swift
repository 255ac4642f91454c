/// Matrix products: `matmul` (NumPy's rules: 1-D operands promoted, batch dimensions
/// broadcast), with its gradient; the `linear` layer's product is in Linear.swift.

/// The sizes of a (batched) matrix product once 1-D operands are promoted: A is
/// `[aBatch..., m, k]`, B is `[bBatch..., k, n]`, the result `[batch..., m, n]`, stored
/// with the promoted unit dimensions dropped as `outShape`.
struct MatmulShapes {
  let aBatch: [Int], bBatch: [Int], batch: [Int]
  let m: Int, k: Int, n: Int
  let outShape: [Int]

  init(_ a: [Int], _ b: [Int]) throws {
    guard !a.isEmpty, !b.isEmpty else {
      throw TensorError(
        "matmul",
        "operands need at least one dimension, got \(describeShape(a)) @ \(describeShape(b))")
    }
    let pa = a.count == 1 ? [1, a[0]] : a
    let pb = b.count == 1 ? [b[0], 1] : b
    m = pa[pa.count - 2]
    k = pa[pa.count - 1]
    n = pb[pb.count - 1]
    guard pb[pb.count - 2] == k else {
      throw TensorError(
        "matmul", "inner dimensions differ: \(describeShape(a)) @ \(describeShape(b))")
    }
    aBatch = Array(pa.dropLast(2))
    bBatch = Array(pb.dropLast(2))
    do {
      batch = try Tensor.broadcastShape(aBatch, bBatch, op: "matmul")
    } catch {
      throw TensorError(
        "matmul",
        "batch dimensions cannot be broadcast: \(describeShape(a)) @ \(describeShape(b))")
    }
    outShape = batch + (a.count == 1 ? [] : [m]) + (b.count == 1 ? [] : [n])
  }
}

/// Offsets, in whole matrices, of each entry of `batch` in an operand whose batch shape
/// `shape` broadcasts to it.
private func matrixOffsets(_ shape: [Int], in batch: [Int]) -> [Int] {
  let strides = Tensor.broadcastStrides(shape, to: batch)
  var offsets: [Int] = []
  offsets.reserveCapacity(batch.reduce(1, *))
  forEachIndex(batch) { _, offset in offsets.append(offset(strides)) }
  return offsets
}

/// For every index i of `batch`: C[i] = op(A[i]) · op(B[i]) where A and B broadcast their
/// batch shapes to `batch`. When `cBatch` is smaller than `batch` (a gradient summed over
/// broadcast dimensions), the products that land on the same C matrix are added.
///
/// A is stored as m×k matrices (k×m with `transA`), B as k×n (n×k with `transB`).
func batchedGemm(
  _ a: UnsafePointer<Float>, aBatch: [Int], transA: Bool,
  _ b: UnsafePointer<Float>, bBatch: [Int], transB: Bool,
  m: Int, n: Int, k: Int, batch: [Int],
  into c: UnsafeMutablePointer<Float>, cBatch: [Int]
) {
  let count = batch.reduce(1, *)
  let aCount = aBatch.reduce(1, *), bCount = bBatch.reduce(1, *), cCount = cBatch.reduce(1, *)
  let lda = transA ? m : k, ldb = transB ? k : n
  if count == 0 || m == 0 || n == 0 {
    c.update(repeating: 0, count: cCount * m * n)  // an empty sum
    return
  }

  // One large GEMM instead of many small ones where the batch stacks along a row axis.
  if cCount == count && aCount == count && bCount == 1 && !transA {
    // [count·m, k] · B: the batched rows of A against one shared B.
    Gemm.multiply(
      transB: transB, m: count * m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: n)
    return
  }
  if cCount == 1 && aCount == count && bCount == count && transA && !transB {
    // Σᵢ Aᵢᵀ·Bᵢ = [count·k, m]ᵀ · [count·k, n]: the batch joins the inner dimension.
    Gemm.multiply(
      transA: true, m: m, n: n, k: count * k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: n)
    return
  }

  let aOff = matrixOffsets(aBatch, in: batch), bOff = matrixOffsets(bBatch, in: batch)
  let (aSize, bSize, cSize) = (m * k, k * n, m * n)
  if cCount == count {
    // Each C matrix written once: independent products, over threads when there are many.
    let threads = Parallel.threadCount
    let product = { (i: Int, t: Int?) in
      Gemm.multiply(
        transA: transA, transB: transB, m: m, n: n, k: k, a: a + aOff[i] * aSize, lda: lda,
        b: b + bOff[i] * bSize, ldb: ldb, c: c + i * cSize, ldc: n, threads: t)
    }
    if count >= threads {
      KernelThreads.forEach(count) { i in product(i, 1) }
    } else {
      for i in 0..<count { product(i, nil) }
    }
  } else {
    // Summed over broadcast dimensions: accumulate in order, each product threaded.
    let cOff = matrixOffsets(cBatch, in: batch)
    c.update(repeating: 0, count: cCount * cSize)
    for i in 0..<count {
      Gemm.multiply(
        transA: transA, transB: transB, m: m, n: n, k: k, a: a + aOff[i] * aSize, lda: lda,
        b: b + bOff[i] * bSize, ldb: ldb, c: c + cOff[i] * cSize, ldc: n, accumulate: true)
    }
  }
}

/// The gradient of `matmul`: dA = g·Bᵀ and dB = Aᵀ·g, each summed over the batch
/// dimensions its operand was broadcast along.
struct MatMulOp: TapeOp {
  let shapes: MatmulShapes
  var name: String { "matmul" }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (a, b, s) = (inputs[0], inputs[1], shapes)
    var da: Tensor?
    var db: Tensor?
    if a.requiresGrad {
      let out = try Tensor.uninitialized(a.shape, op: name)
      batchedGemm(
        g.storage.base, aBatch: s.batch, transA: false, b.storage.base, bBatch: s.bBatch,
        transB: true, m: s.m, n: s.k, k: s.n, batch: s.batch, into: out.storage.base,
        cBatch: s.aBatch)
      da = out
    }
    if b.requiresGrad {
      let out = try Tensor.uninitialized(b.shape, op: name)
      batchedGemm(
        a.storage.base, aBatch: s.aBatch, transA: true, g.storage.base, bBatch: s.batch,
        transB: false, m: s.k, n: s.n, k: s.m, batch: s.batch, into: out.storage.base,
        cBatch: s.bBatch)
      db = out
    }
    return [da, db]
  }
}

extension Tensor {
  /// The matrix product, with NumPy's rules: 2-D × 2-D is the usual product; a 1-D
  /// operand is a row (left) or column (right) vector whose unit dimension is dropped
  /// from the result; operands of rank ≥ 3 are stacks of matrices whose leading (batch)
  /// dimensions broadcast.
  ///
  /// ```
  /// try Tensor.ones([2, 3]).matmul(.ones([3, 4]))     // [2, 4], every element 3
  /// try Tensor.ones([5, 2, 3]).matmul(.ones([3, 4]))  // [5, 2, 4]
  /// ```
  public func matmul(_ other: Tensor) throws -> Tensor {
    let s = try MatmulShapes(shape, other.shape)
    let out = try Tensor.uninitialized(s.outShape, op: "matmul")
    batchedGemm(
      storage.base, aBatch: s.aBatch, transA: false, other.storage.base, bBatch: s.bBatch,
      transB: false, m: s.m, n: s.n, k: s.k, batch: s.batch, into: out.storage.base,
      cBatch: s.batch)
    return Tensor.record(MatMulOp(shapes: s), inputs: [self, other], output: out)
  }
}
