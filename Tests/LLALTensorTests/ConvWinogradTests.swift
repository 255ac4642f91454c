import XCTest

@testable import LLALTensor

/// The 3×3, stride-1 forward convolution by Winograd's F(4×4, 3×3) (`conv2d_winograd4.c`:
/// 8+ input and output channels, maps of 6+ whose tile rows hold 2 or 4 tiles: widths 6 to
/// 8 and 13 to 16) and F(2×2, 3×3) (`conv2d_winograd.c`, 8+ channels, the other maps of 4+)
/// against direct loops in Double at every kernel level. The stride-1 input gradient is a
/// forward convolution of dy with the channels swapped, so it takes the same paths and is
/// checked too; so is the weight gradient (`conv2d_winograd_wgrad.c` below AVX-512, 16+
/// channels, 64+ input channels with AVX2).
final class ConvWinogradTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    Parallel.threadCount = ConvWinogradTests.threads
    super.tearDown()
  }

  private static let threads = Parallel.threadCount

  /// Sizes of one 3×3, stride-1 convolution.
  private struct Case {
    var n: Int, c: Int, h: Int, w: Int, co: Int, p: Int = 1, bias = true
    var oh: Int { h + 2 * p - 2 }
    var ow: Int { w + 2 * p - 2 }
  }

  /// The largest error relative to the scale of the products (Σ|w·x| of the value). F(2×2,
  /// 3×3) adds a few roundings per tile (its transforms sum up to 9 terms) and stays near
  /// the direct kernels' 1e-7. F(4×4, 3×3) rounds more: its transforms' entries reach 8 (Aᵀ)
  /// and 5 (Bᵀ) and G's 1/6 and 1/24 are inexact, so its worst on these cases is about 4e-6
  /// (measured). The bound of 1e-5 still fails any wrong or missing tap: one product of
  /// the 9·c is at least ~1e-3 of the scale.
  private func worstError(_ got: [Float], _ want: [Double], _ scale: [Double]) -> Double {
    XCTAssertEqual(got.count, want.count)
    var worst = 0.0
    for i in 0..<min(got.count, want.count) {
      let err = abs(Double(got[i]) - want[i]) / (scale[i] + 1e-6)
      if !(err <= worst) { worst = err }
    }
    return worst
  }

  private func check(_ t: Case, seed: UInt64) throws {
    let what = "\(t) at \(KernelLevel.current)"
    let x = try Tensor.uniform([t.n, t.c, t.h, t.w], low: -1, high: 1, seed: seed)
      .requiringGrad()
    let wt = try Tensor.uniform([t.co, t.c, 3, 3], low: -1, high: 1, seed: seed + 1)
      .requiringGrad()
    let b =
      t.bias
      ? try Tensor.uniform([t.co], low: -1, high: 1, seed: seed + 2).requiringGrad() : nil
    let y = try Tensor.conv2d(x, weight: wt, bias: b, stride: 1, padding: t.p)
    XCTAssertEqual(y.shape, [t.n, t.co, t.oh, t.ow], what)
    let g = try Tensor.uniform(y.shape, low: -1, high: 1, seed: seed + 3)
    try y.backward(g)
    let ref = ConvReference(
      x: x.scalars, w: wt.scalars, b: b?.scalars, g: g.scalars, n: t.n, c: t.c, h: t.h,
      width: t.w, co: t.co, k: 3, stride: 1, pad: t.p)
    XCTAssertLessThan(worstError(y.scalars, ref.y, ref.yScale), 1e-5, "y " + what)
    XCTAssertLessThan(
      worstError(x.grad?.scalars ?? [], ref.dx, ref.dxScale), 1e-5, "dx " + what)
    XCTAssertLessThan(
      worstError(wt.grad?.scalars ?? [], ref.dw, ref.dwScale), 1e-5, "dw " + what)
    if let b {
      XCTAssertLessThan(
        worstError(b.grad?.scalars ?? [], ref.db, ref.dbScale), 1e-5, "db " + what)
    }
  }

  // Every height and width from 1 to 17: odd sizes end on tiles cut in half, rows of tiles
  // shorter and longer than a GEMM panel; channels 8 to 80 on both sides, with and without
  // a bias.
  func testEveryMapSizeAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for wd in 1...17 {
        let h = (wd * 7) % 17 + 1
        try check(
          Case(
            n: 1 + wd % 2, c: 8 + (wd * 5) % 40, h: h, w: wd, co: 8 + (wd * 11) % 73,
            bias: wd % 2 == 0), seed: UInt64(300 + wd))
      }
    }
  }

  // Paddings 0 and 2 (maps 2 smaller and 2 larger than the input), square maps of the
  // models (8×8, 16×16), channel counts that are not multiples of the GEMM's MR or of 16,
  // and the few-channel convolutions beside them (other paths, their input gradient here).
  func testPaddingsAndChannelsAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(Case(n: 2, c: 9, h: 7, w: 10, co: 13, p: 0), seed: 1)
      try check(Case(n: 1, c: 12, h: 5, w: 6, co: 21, p: 2, bias: false), seed: 2)
      try check(Case(n: 2, c: 64, h: 16, w: 16, co: 32), seed: 3)
      try check(Case(n: 3, c: 32, h: 8, w: 8, co: 64, bias: false), seed: 4)
      try check(Case(n: 2, c: 1, h: 9, w: 9, co: 16), seed: 5)
      try check(Case(n: 1, c: 16, h: 4, w: 4, co: 3), seed: 6)
      try check(Case(n: 1, c: 80, h: 3, w: 5, co: 80), seed: 7)
    }
  }

  // F(4×4): both tile widths (8 and 16 wide), maps cut short in the last tile row and
  // column (13 to 15), tile rows whose vectors of 16 tiles span samples (7 × 14, th = 2),
  // paddings 0 and 2 (their input gradients take paddings 2 and 0), channel counts that
  // are not multiples of the GEMM's MR; on one thread, 360 tiles of 8 × 8 maps in two
  // blocks of tiles (the second a part of one) at every level.
  func testFourByFourShapesAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(Case(n: 2, c: 16, h: 16, w: 16, co: 32), seed: 40)
      try check(Case(n: 3, c: 32, h: 8, w: 8, co: 64, bias: false), seed: 41)
      try check(Case(n: 2, c: 9, h: 15, w: 13, co: 13), seed: 42)
      try check(Case(n: 3, c: 24, h: 7, w: 14, co: 21, bias: false), seed: 43)
      try check(Case(n: 2, c: 8, h: 16, w: 8, co: 8, p: 0), seed: 44)
      try check(Case(n: 1, c: 12, h: 14, w: 6, co: 17, p: 2), seed: 45)
      try check(Case(n: 4, c: 10, h: 6, w: 6, co: 11), seed: 46)
      Parallel.threadCount = 1
      try check(Case(n: 90, c: 8, h: 8, w: 8, co: 8, bias: false), seed: 47)
      Parallel.threadCount = ConvWinogradTests.threads
    }
  }

  // Every width from 1 to 17 with paddings 0, 1 and 2 and heights around it: F(4×4) where
  // it fits, F(2×2) and the other kernels beside it.
  func testEveryWidthAndPaddingAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for wd in 1...17 {
        for p in 0...2 where wd + 2 * p >= 3 {
          let h = max(3, (wd * 5 + p * 3) % 17 + 1)
          try check(
            Case(
              n: 1 + (wd + p) % 3, c: 8 + (wd * 3 + p) % 17, h: h, w: wd,
              co: 8 + (wd * 7 + p * 5) % 29, p: p, bias: (wd + p) % 2 == 0),
            seed: UInt64(500 + 3 * wd + p))
        }
      }
    }
  }

  // A batch split over threads, and on one thread a range of several chunks of samples and
  // blocks of tiles (80 channels on a 16×16 map: one sample a chunk).
  func testAcrossThreadsChunksAndBlocks() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(Case(n: 8, c: 32, h: 8, w: 8, co: 32), seed: 20)
      Parallel.threadCount = 1
      try check(Case(n: 2, c: 80, h: 16, w: 16, co: 24, bias: false), seed: 21)
      try check(Case(n: 3, c: 24, h: 11, w: 13, co: 40), seed: 22)
      // 306 tiles a sample: two GEMM slices of the weight gradient.
      try check(Case(n: 1, c: 16, h: 34, w: 36, co: 16, bias: false), seed: 23)
      Parallel.threadCount = ConvWinogradTests.threads
    }
  }
}
