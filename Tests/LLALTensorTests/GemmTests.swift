import Dispatch
import XCTest

@testable import LLALTensor

/// The GEMM against a naive Double reference, at every kernel level this CPU runs (the
/// portable C path included), for sizes that hit full tiles, edge tiles and several
/// cache blocks.
final class GemmTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// op(A)·op(B) in Double, from the stored layouts Gemm.multiply reads.
  private func reference(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float]
  ) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for p in 0..<k {
          let av = transA ? a[p * m + i] : a[i * k + p]
          let bv = transB ? b[j * k + p] : b[p * n + j]
          s += Double(av) * Double(bv)
        }
        c[i * n + j] = s
      }
    }
    return c
  }

  private var references: [String: [Double]] = [:]

  private func random(_ count: Int, seed: UInt64) -> [Float] {
    var g = RandomGenerator(seed: seed)
    return (0..<count).map { _ in g.nextUniform() * 2 - 1 }
  }

  /// Runs one product and returns the largest error relative to √k (the scale of a sum
  /// of k products of values in [-1, 1]).
  private func maxError(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, accumulate: Bool = false,
    threads: Int? = nil
  ) -> Double {
    let a = random(m * k, seed: UInt64(m * 7 + k))
    let b = random(k * n, seed: UInt64(n * 13 + k))
    let start = random(m * n, seed: 99)
    var c = accumulate ? start : [Float](repeating: .nan, count: m * n)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          Gemm.multiply(
            transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!,
            lda: transA ? m : k, b: pb.baseAddress!, ldb: transB ? k : n,
            c: pc.baseAddress!, ldc: n, accumulate: accumulate, threads: threads)
        }
      }
    }
    // The same operands for every level and thread count: compute the reference once.
    let key = "\(transA) \(transB) \(m) \(n) \(k)"
    var ref =
      references[key]
      ?? reference(transA: transA, transB: transB, m: m, n: n, k: k, a: a, b: b)
    references[key] = ref
    if accumulate { for i in ref.indices { ref[i] += Double(start[i]) } }
    var worst = 0.0
    for i in ref.indices { worst = max(worst, abs(Double(c[i]) - ref[i])) }
    return worst / max(1, Double(k).squareRoot())
  }

  func testOddSizesAndTransposesAtEveryLevel() {
    let sizes = [1, 3, 17, 65, 130]
    for level in KernelLevel.available {
      KernelLevel.current = level
      XCTAssertEqual(KernelLevel.current, level)
      for m in sizes {
        for n in sizes {
          for k in [1, 17, 130] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
              let e = maxError(transA: ta, transB: tb, m: m, n: n, k: k)
              XCTAssertLessThan(e, 1e-5, "\(level) m=\(m) n=\(n) k=\(k) tA=\(ta) tB=\(tb)")
            }
          }
        }
      }
    }
  }

  // Sizes that cross the cache blocks (KC = 256 deep, MC rows, NC = 4096 columns) and
  // leave edge tiles in both directions.
  func testSeveralCacheBlocksAndThreads() {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for threads in [1, 2, 3] {
        let e = maxError(transA: false, transB: false, m: 403, n: 35, k: 300, threads: threads)
        XCTAssertLessThan(e, 1e-5, "\(level) threads=\(threads)")
      }
      XCTAssertLessThan(maxError(transA: true, transB: true, m: 9, n: 4100, k: 20), 1e-5)
    }
  }

  func testAccumulateAddsToC() {
    for level in KernelLevel.available {
      KernelLevel.current = level
      // A narrow C (computed transposed, then added in).
      XCTAssertLessThan(
        maxError(transA: true, transB: false, m: 70, n: 5, k: 40, accumulate: true), 1e-5)
      XCTAssertLessThan(
        maxError(
          transA: false, transB: true, m: 33, n: 35, k: 260,
          accumulate: true), 1e-5, "\(level)")
    }
  }

  // A plain B with rows further apart than n (columns of a wider matrix), which the
  // AVX-512 path reads in place for products of few rows: full 32-column panels, a narrower
  // last one, edge rows of A, two k-slices (k > 256), with and without accumulating, on
  // one and two threads; and for a tall product (m > 256) that packs B instead.
  func testPlainBWithWiderRowsAtEveryLevel() {
    let (n, ldb, k) = (70, 100, 300)
    for m in [37, 300] {
      let a = random(m * k, seed: 5), b = random(k * ldb, seed: 6), start = random(m * n, seed: 7)
      var ref = [Double](repeating: 0, count: m * n)
      for i in 0..<m {
        for j in 0..<n {
          for p in 0..<k { ref[i * n + j] += Double(a[i * k + p]) * Double(b[p * ldb + j]) }
        }
      }
      for level in KernelLevel.available {
        KernelLevel.current = level
        for threads in [1, 2] {
          for accumulate in [false, true] {
            var c = accumulate ? start : [Float](repeating: .nan, count: m * n)
            Gemm.multiply(
              m: m, n: n, k: k, a: a, lda: k, b: b, ldb: ldb, c: &c, ldc: n,
              accumulate: accumulate, threads: threads)
            var worst = 0.0
            for i in ref.indices {
              let want = ref[i] + (accumulate ? Double(start[i]) : 0)
              worst = max(worst, abs(Double(c[i]) - want))
            }
            XCTAssertLessThan(
              worst / Double(k).squareRoot(), 1e-5, "\(level) m \(m) threads \(threads)")
          }
        }
      }
    }
  }

  // `bias` and `relu`, applied as each tile is stored: rows of C start from the bias, the
  // ReLU follows the last k-slice (k = 300 makes two), on full and edge tiles, with B
  // packed (transposed) or read in place, one and two threads, and k = 0 (C = relu(bias)).
  func testBiasAndReLUAtEveryLevel() {
    for (m, n, k, transB) in [
      (37, 70, 300, false), (37, 70, 300, true), (300, 45, 20, false),
      (5, 3, 0, false),
    ] {
      let a = random(m * k, seed: 8), b = random(k * n, seed: 9), bias = random(n, seed: 10)
      var ref = [Double](repeating: 0, count: m * n)
      for i in 0..<m {
        for j in 0..<n {
          var s = Double(bias[j])
          for p in 0..<k {
            s += Double(a[i * k + p]) * Double(transB ? b[j * k + p] : b[p * n + j])
          }
          ref[i * n + j] = s
        }
      }
      for level in KernelLevel.available {
        KernelLevel.current = level
        for threads in [1, 2] {
          for relu in [false, true] {
            var c = [Float](repeating: .nan, count: m * n)
            Gemm.multiply(
              transB: transB, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: transB ? k : n, c: &c,
              ldc: n, bias: bias, relu: relu, threads: threads)
            var worst = 0.0
            for i in ref.indices {
              worst = max(worst, abs(Double(c[i]) - (relu ? max(ref[i], 0) : ref[i])))
            }
            XCTAssertLessThan(
              worst / max(1, Double(k).squareRoot()), 1e-5,
              "\(level) \(m)×\(n)×\(k) transB \(transB) threads \(threads) relu \(relu)")
            if relu { XCTAssertFalse(c.contains { $0 < 0 }) }
          }
        }
      }
    }
  }

  // k = 0: the empty sum, so C becomes zero (or keeps its values when accumulating).
  func testEmptyInnerDimensionGivesZeros() {
    var c: [Float] = [5, 5, 5, 5]
    let one: [Float] = [1]
    Gemm.multiply(m: 2, n: 2, k: 0, a: one, lda: 1, b: one, ldb: 2, c: &c, ldc: 2)
    XCTAssertEqual(c, [0, 0, 0, 0])
  }

  // The portable path gives the same products as the vector paths (to rounding), which
  // is what lets the engine run on any CPU.
  func testPortablePathMatchesBestPath() throws {
    let a = try Tensor.uniform([70, 45], low: -1, high: 1, seed: 3)
    let b = try Tensor.uniform([45, 90], low: -1, high: 1, seed: 4)
    KernelLevel.current = .portable
    XCTAssertEqual(KernelLevel.current, .portable)
    let slow = try a.matmul(b).scalars
    KernelLevel.current = .best
    let fast = try a.matmul(b).scalars
    for i in slow.indices { XCTAssertEqual(slow[i], fast[i], accuracy: 1e-4) }
  }

  // The kernels' worker pool: every chunk runs exactly once, for any thread count, over
  // many back-to-back jobs (workers awake, asleep, or late), with nested calls inline.
  func testWorkerPoolRunsEveryChunkOnce() {
    for threads in [1, 2, 3, 5] {
      for count in [0, 1, 2, 7, 100] {
        var hits = [Int](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { p in
          KernelThreads.forEach(count, threads: threads) { i in p[i] += 1 }
        }
        XCTAssertEqual(hits, [Int](repeating: 1, count: count), "threads \(threads)")
      }
    }
    var total = [Int](repeating: 0, count: 6)
    total.withUnsafeMutableBufferPointer { p in
      for _ in 0..<3000 {
        KernelThreads.forEach(3, threads: 2) { i in
          KernelThreads.forEach(2, threads: 2) { j in p[2 * i + j] += 1 }
        }
      }
    }
    XCTAssertEqual(total, [Int](repeating: 3000, count: 6))
    // Two callers at once: one gets the pool, the other runs inline; both finish.
    var both = [Int](repeating: 0, count: 2 * 64)
    both.withUnsafeMutableBufferPointer { p in
      DispatchQueue.concurrentPerform(iterations: 2) { caller in
        for _ in 0..<200 {
          KernelThreads.forEach(64, threads: 2) { i in p[caller * 64 + i] += 1 }
        }
      }
    }
    XCTAssertEqual(both, [Int](repeating: 200, count: 128))
  }

  func testLevelsAreOrderedAndIncludePortable() {
    XCTAssertEqual(KernelLevel.available.first, .portable)
    XCTAssertEqual(KernelLevel.available.last, KernelLevel.best)
    XCTAssertEqual("\(KernelLevel.avx512)", "avx512")
  }
}
