import XCTest

@testable import LLALTensor

/// The 3×3, stride-1 forward convolution by Winograd's F(2×2, 3×3)
/// (`conv2d_winograd.c`, 8+ input and output channels) against direct loops in Double at
/// every kernel level. The stride-1 input gradient is a forward convolution of dy with the
/// channels swapped, so it takes the same path and is checked too; so is the weight
/// gradient (`conv2d_winograd_wgrad.c` below AVX-512, 16+ channels, 64+ input channels
/// with AVX2).
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

  /// The largest error relative to the scale of the products; F(2×2, 3×3) adds a few
  /// roundings per tile (its transforms sum up to 9 terms), so it stays near the direct
  /// kernels' 1e-6.
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
