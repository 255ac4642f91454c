import CKernels

/// Single-precision matrix multiplication on row-major buffers: the engine's one GEMM,
/// used by `matmul`, `linear` and (through the same packing and micro-kernels) `conv2d`.
///
/// The blocking and micro-kernels are C (`CKernels/gemm.c`); this type splits C into a
/// grid of blocks, one per thread, and runs the blocked GEMM on each with its own packing
/// workspace, so threads never synchronise until the end.
public enum Gemm {
  /// Below this many multiply-adds (m·n·k) a product runs on the calling thread only:
  /// handing half of it to another thread costs more than it saves (measured: 128³ ran
  /// at 230 GFLOP/s on one thread, 170 on two).
  static let parallelThreshold = 1 << 22

  /// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is set.
  ///
  /// op(A) is m×k: A itself (`lda` ≥ k) or, with `transA`, the transpose of a stored k×m
  /// matrix (`lda` ≥ m); likewise op(B) is k×n. C is m×n with `ldc` ≥ n. Uses up to
  /// `threads` threads (`Parallel.threadCount` by default).
  ///
  /// With `bias` (n values, instead of `accumulate`), every row of C starts as the bias:
  /// `C = bias + op(A)·op(B)`; with `relu`, C is then replaced by `max(C, 0)` (NaN kept).
  /// Both are applied to each tile as the micro-kernel stores it (`llal_sgemm_fused`): a
  /// linear layer's bias and activation cost no pass of their own.
  public static func multiply(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
    bias: UnsafePointer<Float>? = nil, relu: Bool = false, threads: Int? = nil
  ) {
    guard m > 0, n > 0 else { return }
    precondition(bias == nil || !accumulate, "Gemm.multiply: a bias replaces accumulate")
    let level = llal_kernel_level()
    let mr = Int(llal_gemm_mr(level)), nr = Int(llal_gemm_nr(level))
    if k > 0 && swapPays(m: m, n: n, mr: mr, nr: nr) {
      // C = (op(B)ᵀ·op(A)ᵀ)ᵀ: the narrow side of C goes along the micro-kernel's rows.
      withScratch(n * m) { ct in
        multiply(
          transA: !transB, transB: !transA, m: n, n: m, k: k, a: b, lda: ldb, b: a, ldb: lda,
          c: ct, ldc: m, threads: threads)
        for i in 0..<m {
          let row = c + i * ldc
          if let bias {
            for j in 0..<n { row[j] = bias[j] + ct[j * m + i] }
          } else if accumulate {
            for j in 0..<n { row[j] += ct[j * m + i] }
          } else {
            for j in 0..<n { row[j] = ct[j * m + i] }
          }
          if relu { llal_relu(row, row, n) }
        }
      }
      return
    }
    let rowBlocks = (m + mr - 1) / mr, colBlocks = (n + nr - 1) / nr
    let wanted = m * n * max(k, 1) < parallelThreshold ? 1 : threads ?? Parallel.threadCount
    let threads = max(1, min(wanted, rowBlocks * colBlocks))
    let (tm, tn) = grid(threads: threads, m: m, n: n, rowBlocks: rowBlocks, colBlocks: colBlocks)

    func run(_ part: Int) {
      let (ti, tj) = (part / tn, part % tn)
      let r0 = min(m, rowBlocks * ti / tm * mr), r1 = min(m, rowBlocks * (ti + 1) / tm * mr)
      let c0 = min(n, colBlocks * tj / tn * nr), c1 = min(n, colBlocks * (tj + 1) / tn * nr)
      guard r1 > r0, c1 > c0 else { return }
      let pa = transA ? a + r0 : a + r0 * lda
      let pb = transB ? b + c0 * ldb : b + c0
      let size = llal_sgemm_workspace(level, r1 - r0, c1 - c0, k)
      withScratch(Int(size)) { ws in
        llal_sgemm_fused(
          level, transA ? 1 : 0, transB ? 1 : 0, r1 - r0, c1 - c0, k, pa, lda, pb, ldb,
          c + r0 * ldc + c0, ldc, accumulate ? 1 : 0, bias.map { $0 + c0 }, relu ? 1 : 0, ws)
      }
    }
    KernelThreads.forEach(tm * tn, threads: tm * tn, flushingSubnormals: true, run)
  }

  /// Whether computing Cᵀ and transposing it fills the micro-kernel's tiles much better:
  /// for a C a few columns wide (an MLP's last layer, a convolution of one small image),
  /// most of each MR×NR tile would be padding.
  static func swapPays(m: Int, n: Int, mr: Int, nr: Int) -> Bool {
    func used(_ x: Int, _ tile: Int) -> Double { Double(x) / Double((x + tile - 1) / tile * tile) }
    let plain = used(m, mr) * used(n, nr), swapped = used(n, mr) * used(m, nr)
    return n < nr && m * n <= 1 << 20 && swapped > 1.25 * plain
  }

  /// The tm×tn split of C with tm·tn = threads that packs the least duplicate data: each
  /// block packs its rows of A (its share of m·k) and its columns of B (share of k·n).
  static func grid(threads: Int, m: Int, n: Int, rowBlocks: Int, colBlocks: Int)
    -> (Int, Int)
  {
    var best = (1, 1)
    var bestCost = Int.max
    for tm in 1...max(threads, 1) where threads % tm == 0 {
      let tn = threads / tm
      guard tm <= rowBlocks, tn <= colBlocks else { continue }
      let cost = tn * m + tm * n
      if cost <= bestCost {  // ties: split rows, so each thread writes whole rows of C
        bestCost = cost
        best = (tm, tn)
      }
    }
    return best
  }
}
