import XCTest

@testable import LLALTensor

/// The forward convolution at small maps (`conv2d_lanes.c`: output channels in the lanes,
/// AVX-512, output rows of 4, 8, 12 or 16 pixels, 16+ output channels, 32+ for rows of 16)
/// and the other paths
/// beside it, against direct loops in Double at every kernel level. The stride-1 input
/// gradient is itself a forward convolution (of dy, with in and out channels swapped), so
/// it is checked too.
final class ConvLanesTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    Parallel.threadCount = ConvLanesTests.threads
    super.tearDown()
  }

  private static let threads = Parallel.threadCount

  private func assertClose(_ got: [Float], _ want: [Double], scale: [Double], _ what: String) {
    XCTAssertEqual(got.count, want.count, what)
    var worst = 0.0
    var at = 0
    for i in 0..<min(got.count, want.count) {
      let err = abs(Double(got[i]) - want[i]) / (scale[i] + 1e-6)
      if !(err <= worst) { (worst, at) = (err, i) }
    }
    XCTAssertLessThan(worst, 1e-5, "\(what): worst at \(at)")
  }

  private func check(
    n: Int, c: Int, h: Int, w: Int, co: Int, k: Int, stride: Int, padding: Int, bias: Bool,
    seed: UInt64
  ) throws {
    let what =
      "n\(n) c\(c) \(h)x\(w) co\(co) k\(k) s\(stride) p\(padding) bias \(bias) "
      + "at \(KernelLevel.current)"
    let x = try Tensor.uniform([n, c, h, w], low: -1, high: 1, seed: seed).requiringGrad()
    let wt = try Tensor.uniform([co, c, k, k], low: -1, high: 1, seed: seed + 1)
    let b = bias ? try Tensor.uniform([co], low: -1, high: 1, seed: seed + 2) : nil
    let y = try Tensor.conv2d(x, weight: wt, bias: b, stride: stride, padding: padding)
    let g = try Tensor.uniform(y.shape, low: -1, high: 1, seed: seed + 3)
    try y.backward(g)
    let ref = ConvReference(
      x: x.scalars, w: wt.scalars, b: b?.scalars, g: g.scalars, n: n, c: c, h: h, width: w,
      co: co, k: k, stride: stride, pad: padding)
    let (oh, ow) = ((h + 2 * padding - k) / stride + 1, (w + 2 * padding - k) / stride + 1)
    XCTAssertEqual(y.shape, [n, co, oh, ow], what)
    assertClose(y.scalars, ref.y, scale: ref.yScale, "y " + what)
    assertClose(x.grad?.scalars ?? [], ref.dx, scale: ref.dxScale, "dx " + what)
  }

  // Output rows of 4, 8, 12 and 16 pixels with 32+ output channels (the lanes path, and
  // through dy its input gradient when the input has 32+ channels): partial blocks of 16
  // channels (33, 40), block groups 1, 2, 3 and 2 + 2 and 3 + 2, kernels 1, 3 and 5,
  // paddings 0 to 2, strides 1 and 2, non-square maps, a single input channel.
  func testSmallMapsAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(n: 1, c: 5, h: 8, w: 8, co: 40, k: 3, stride: 1, padding: 1, bias: true, seed: 1)
      try check(n: 3, c: 17, h: 4, w: 4, co: 33, k: 3, stride: 1, padding: 1, bias: false, seed: 2)
      try check(n: 2, c: 3, h: 12, w: 8, co: 32, k: 1, stride: 1, padding: 0, bias: true, seed: 3)
      try check(n: 2, c: 70, h: 4, w: 12, co: 64, k: 3, stride: 1, padding: 1, bias: false, seed: 4)
      try check(n: 1, c: 2, h: 16, w: 16, co: 48, k: 5, stride: 1, padding: 2, bias: true, seed: 5)
      try check(n: 2, c: 6, h: 16, w: 16, co: 32, k: 3, stride: 2, padding: 1, bias: false, seed: 6)
      try check(n: 3, c: 9, h: 8, w: 8, co: 80, k: 3, stride: 2, padding: 1, bias: true, seed: 7)
      try check(n: 2, c: 4, h: 8, w: 8, co: 36, k: 1, stride: 2, padding: 0, bias: true, seed: 8)
      try check(n: 1, c: 3, h: 15, w: 16, co: 32, k: 5, stride: 2, padding: 2, bias: false, seed: 9)
      try check(n: 1, c: 1, h: 6, w: 8, co: 32, k: 3, stride: 1, padding: 1, bias: true, seed: 10)
      // One block of 16 output channels (rows of 8 and fewer), and a partial second one.
      try check(n: 1, c: 19, h: 8, w: 8, co: 16, k: 3, stride: 1, padding: 1, bias: true, seed: 14)
      try check(n: 3, c: 16, h: 8, w: 8, co: 16, k: 3, stride: 2, padding: 1, bias: false, seed: 15)
      try check(n: 2, c: 3, h: 4, w: 8, co: 20, k: 3, stride: 1, padding: 1, bias: true, seed: 16)
      try check(n: 1, c: 4, h: 3, w: 16, co: 24, k: 3, stride: 1, padding: 1, bias: true, seed: 17)
      // Few output channels: the forward takes another path, the input gradient (out and
      // in channels swapped, 32+ of them) the lanes path with 1, 3 or 17 input channels.
      try check(n: 2, c: 40, h: 8, w: 8, co: 1, k: 3, stride: 1, padding: 1, bias: true, seed: 11)
      try check(n: 1, c: 33, h: 4, w: 8, co: 3, k: 3, stride: 1, padding: 1, bias: false, seed: 12)
      try check(n: 2, c: 36, h: 4, w: 4, co: 17, k: 3, stride: 1, padding: 1, bias: true, seed: 13)
    }
  }

  // Every height and width from 1 to 17 (rows that are not a multiple of 4 take the other
  // paths), one sample and a tile that spans samples, kernels 1 to 5.
  func testEveryWidthAndHeightAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for wd in 1...17 {
        let h = (wd * 7) % 17 + 1, k = [3, 1, 3, 5][wd % 4], p = min(k / 2 + wd % 2, 2)
        for s in [1, 2] where h + 2 * p >= k && wd + 2 * p >= k {
          try check(
            n: 1 + wd % 3, c: 2 + wd % 3, h: h, w: wd, co: 32 + wd % 5, k: k, stride: s,
            padding: p, bias: wd % 2 == 0, seed: UInt64(100 + wd))
        }
      }
    }
  }

  // 3-wide kernels with padding 1 skip kernel column 0 for a row's first pixel and column 2
  // for its last when the last window ends past the row: rows of 4 (one quad on both
  // edges), 8, 12 and 16 pixels, stride 1 and stride 2 from even and odd widths (with an
  // odd one the last window ends in the padding), with 1, 2 and 3 blocks of 16 output
  // channels (6, 3 and 2 quads a tile) and 1 to 5 samples, so that tiles mix edges and
  // row classes.
  func testThreeWideKernelsSkipTheColumnsInThePaddingAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      var seed: UInt64 = 200
      let widths = [(4, 1), (8, 1), (12, 1), (16, 1), (7, 2), (8, 2), (15, 2), (16, 2)]
      for (w, s) in widths + [(23, 2), (32, 2)] {
        for (co, n) in [(16, 1 + w % 5), (32, 2), (48, 1 + w % 3)] {
          seed += 4
          try check(
            n: n, c: 3 + w % 4, h: 3 + w % 7, w: w, co: co, k: 3, stride: s, padding: 1,
            bias: w % 2 == 0, seed: seed)
        }
      }
    }
  }

  // Enough work to split the batch over threads (and, on one thread, a batch range longer
  // than one chunk of samples in the scratch).
  func testAcrossThreadsAndChunks() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(
        n: 12, c: 32, h: 8, w: 8, co: 32, k: 3, stride: 1, padding: 1, bias: true, seed: 20)
      Parallel.threadCount = 1
      try check(
        n: 3, c: 70, h: 16, w: 16, co: 32, k: 1, stride: 1, padding: 0, bias: false, seed: 21)
      try check(
        n: 4, c: 40, h: 8, w: 8, co: 48, k: 3, stride: 2, padding: 1, bias: true, seed: 22)
      // Chunks of 6 samples and a shorter last one: read in place, and copied with padding.
      try check(
        n: 8, c: 4, h: 16, w: 16, co: 32, k: 3, stride: 1, padding: 1, bias: true, seed: 23)
      try check(
        n: 8, c: 4, h: 16, w: 16, co: 32, k: 5, stride: 1, padding: 2, bias: false, seed: 24)
      Parallel.threadCount = ConvLanesTests.threads
    }
  }
}
