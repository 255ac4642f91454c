import CKernels
import XCTest

@testable import LLALTensor

/// The convolution's weight gradient (dw, db) and input gradient (dx) kernels against
/// Double-precision loops, at every kernel level, over the shapes where the kernels
/// change path: the 3×3 weight gradient without im2col (channel blocks of 16 with partial
/// and odd blocks, sample groups, rows of any width) and the GEMM path beside it.
final class ConvWeightGradientTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    Parallel.threadCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
    super.tearDown()
  }

  struct Case: CustomStringConvertible {
    var n: Int, c: Int, h: Int, w: Int, co: Int, k: Int, stride: Int, pad: Int
    var oh: Int { (h + 2 * pad - k) / stride + 1 }
    var ow: Int { (w + 2 * pad - k) / stride + 1 }
    var shape: llal_conv_shape {
      llal_conv_shape(
        batch: n, in_c: c, in_h: h, in_w: w, out_c: co, kernel: k, stride: stride, pad: pad,
        out_h: oh, out_w: ow)
    }
    var description: String { "n\(n) c\(c)→\(co) \(h)x\(w) k\(k) s\(stride) p\(pad)" }
  }

  /// |got − want| ≤ bound · Σ|products| for every element: float rounding stays far
  /// below 1e-6, one missing or doubled product of a sum of up to ~10⁵ terms does not.
  /// dx passes 1e-5: the stride-1 input gradient runs the Winograd F(4×4, 3×3) forward,
  /// whose rounding reaches a few 1e-6 of the scale (see ConvWinogradTests); its sums have
  /// at most 9 · 70 products, each on average 1.6e-3 of the scale.
  func assertClose(
    _ got: [Float], _ want: [Double], _ scale: [Double], _ what: String, bound: Double = 1e-6,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(got.count, want.count, what, file: file, line: line)
    for i in 0..<min(got.count, want.count)
    where abs(Double(got[i]) - want[i]) > bound * scale[i] + 1e-30 {
      return XCTFail(
        "\(what): element \(i) is \(got[i]), want \(want[i]) (Σ|products| \(scale[i]))",
        file: file, line: line)
    }
  }

  static func values(_ count: Int, seed: UInt64) throws -> [Float] {
    try Tensor.uniform([count], low: -1, high: 1, seed: seed).scalars
  }

  /// dw, db (and dx when `input`) of one case at the current level against the loops.
  func check(_ t: Case, seed: UInt64, input: Bool = true) throws {
    let x = try Self.values(t.n * t.c * t.h * t.w, seed: seed)
    let w = try Self.values(t.co * t.c * t.k * t.k, seed: seed + 1)
    let g = try Self.values(t.n * t.co * t.oh * t.ow, seed: seed + 2)
    let ref = ConvReference(
      x: x, w: w, b: nil, g: g, n: t.n, c: t.c, h: t.h, width: t.w, co: t.co, k: t.k,
      stride: t.stride, pad: t.pad)
    // Garbage in the outputs: the kernels must overwrite them.
    var dw = [Float](repeating: .nan, count: w.count)
    var db = [Float](repeating: .nan, count: t.co)
    var dx = [Float](repeating: .nan, count: x.count)
    x.withUnsafeBufferPointer { xp in
      g.withUnsafeBufferPointer { gp in
        dw.withUnsafeMutableBufferPointer { dwp in
          db.withUnsafeMutableBufferPointer { dbp in
            Conv2dKernels.backwardWeight(
              t.shape, x: xp.baseAddress!, dy: gp.baseAddress!, dw: dwp.baseAddress!,
              db: dbp.baseAddress!)
          }
        }
        if input {
          w.withUnsafeBufferPointer { wp in
            dx.withUnsafeMutableBufferPointer { dxp in
              Conv2dKernels.backwardInput(
                t.shape, w: wp.baseAddress!, dy: gp.baseAddress!, dx: dxp.baseAddress!)
            }
          }
        }
      }
    }
    let what = "\(t) at \(KernelLevel.current), \(Parallel.threadCount) threads"
    assertClose(dw, ref.dw, ref.dwScale, "dw " + what)
    assertClose(db, ref.db, ref.dbScale, "db " + what)
    if input { assertClose(dx, ref.dx, ref.dxScale, "dx " + what, bound: 1e-5) }
  }

  // One thread: sizes 1…17 (rows of 4, 8, 16 and odd widths, non-square), channel
  // counts off the 16-lane blocks (1, 3, 17, 40, 70: partial, odd and even block counts),
  // kernels 1, 3, 5, paddings 0–2, strides 1 and 2; output channels in the lanes, and
  // input channels in the lanes for ≤ 16 output channels, pixels in the lanes for few
  // channels.
  func testMatchesDoubleLoopsAtEveryLevel() throws {
    let cases: [Case] = [
      Case(n: 1, c: 1, h: 1, w: 1, co: 1, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 3, h: 4, w: 4, co: 17, k: 3, stride: 1, pad: 1),
      Case(n: 1, c: 17, h: 8, w: 8, co: 40, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 40, h: 5, w: 3, co: 3, k: 3, stride: 1, pad: 0),
      Case(n: 1, c: 3, h: 16, w: 16, co: 70, k: 3, stride: 1, pad: 2),
      Case(n: 1, c: 70, h: 3, w: 17, co: 16, k: 3, stride: 1, pad: 1),
      Case(n: 3, c: 2, h: 17, w: 6, co: 32, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 5, h: 1, w: 9, co: 33, k: 3, stride: 1, pad: 1),
      Case(n: 1, c: 4, h: 12, w: 2, co: 48, k: 3, stride: 1, pad: 2),
      // Few output channels, many input channels: input channels in the lanes.
      Case(n: 3, c: 16, h: 16, w: 16, co: 16, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 17, h: 6, w: 9, co: 1, k: 3, stride: 1, pad: 2),
      Case(n: 1, c: 40, h: 5, w: 7, co: 16, k: 3, stride: 2, pad: 2),
      Case(n: 2, c: 33, h: 17, w: 4, co: 5, k: 3, stride: 1, pad: 0),
      // Stride 2: even and odd sizes, with and without padding.
      Case(n: 2, c: 17, h: 8, w: 8, co: 40, k: 3, stride: 2, pad: 1),
      Case(n: 1, c: 3, h: 16, w: 16, co: 17, k: 3, stride: 2, pad: 1),
      Case(n: 2, c: 40, h: 7, w: 5, co: 3, k: 3, stride: 2, pad: 0),
      Case(n: 1, c: 1, h: 17, w: 13, co: 70, k: 3, stride: 2, pad: 2),
      Case(n: 3, c: 16, h: 4, w: 4, co: 32, k: 3, stride: 2, pad: 1),
      // Output rows longer than one col2im piece (15 pixels at k 3, 14 at k 5).
      Case(n: 1, c: 2, h: 5, w: 36, co: 17, k: 3, stride: 2, pad: 1),
      Case(n: 1, c: 2, h: 6, w: 34, co: 3, k: 5, stride: 2, pad: 2),
      // Pad 1: x read in place, border pixels taking only their inner taps;
      // the smallest image (corners only), two rows, two columns.
      Case(n: 2, c: 3, h: 2, w: 2, co: 20, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 4, h: 2, w: 7, co: 33, k: 3, stride: 1, pad: 1),
      Case(n: 1, c: 5, h: 9, w: 2, co: 48, k: 3, stride: 1, pad: 1),
      // Stride 2, pad 1: odd sizes, whose last output row and column lack their lower and
      // right taps, and the smallest image with 2 × 2 outputs.
      Case(n: 2, c: 3, h: 7, w: 5, co: 20, k: 3, stride: 2, pad: 1),
      Case(n: 2, c: 4, h: 3, w: 3, co: 17, k: 3, stride: 2, pad: 1),
      // Few channels, same-size output: pixels in the lanes (conv2d_wgrad_pix.c) on rows
      // of 32, 16, 8, 4 and 48 pixels (first, middle and last blocks of a row), one row,
      // one block per image; 1, 2 and 3 output channels per accumulator group.
      Case(n: 3, c: 1, h: 5, w: 32, co: 16, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 2, h: 3, w: 16, co: 5, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 5, h: 6, w: 8, co: 7, k: 3, stride: 1, pad: 1),
      Case(n: 3, c: 3, h: 8, w: 4, co: 8, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 1, h: 3, w: 48, co: 4, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 2, h: 1, w: 32, co: 3, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 15, h: 4, w: 4, co: 2, k: 3, stride: 1, pad: 1),
      Case(n: 2, c: 1, h: 2, w: 8, co: 1, k: 3, stride: 1, pad: 1),
      // Other kernels: the GEMM path.
      Case(n: 2, c: 17, h: 8, w: 8, co: 3, k: 1, stride: 1, pad: 0),
      Case(n: 1, c: 3, h: 9, w: 6, co: 17, k: 1, stride: 2, pad: 0),
      Case(n: 2, c: 3, h: 7, w: 9, co: 17, k: 5, stride: 1, pad: 2),
      Case(n: 1, c: 17, h: 10, w: 6, co: 3, k: 5, stride: 2, pad: 1),
    ]
    for level in KernelLevel.available {
      KernelLevel.current = level
      Parallel.threadCount = 1
      for (i, t) in cases.enumerated() { try check(t, seed: UInt64(10 * i + 1)) }
    }
  }

  // Several threads, each with its own range of samples and partial sums; ranges long
  // enough to hold several sample groups (a 70-channel 17×15 sample fills a group).
  func testMatchesDoubleLoopsAcrossThreads() throws {
    let cases: [Case] = [
      Case(n: 4, c: 17, h: 8, w: 11, co: 40, k: 3, stride: 1, pad: 1),
      Case(n: 4, c: 70, h: 17, w: 15, co: 3, k: 3, stride: 1, pad: 1),
      Case(n: 4, c: 24, h: 12, w: 12, co: 70, k: 3, stride: 2, pad: 1),
      Case(n: 8, c: 1, h: 32, w: 32, co: 16, k: 3, stride: 1, pad: 1),
    ]
    for level in KernelLevel.available {
      KernelLevel.current = level
      Parallel.threadCount = 3
      for (i, t) in cases.enumerated() {
        XCTAssertGreaterThanOrEqual(
          Conv2dKernels.multiplyAdds(t.shape), Conv2dKernels.parallelThreshold,
          "\(t) is too small to run on several threads")
        try check(t, seed: UInt64(100 + i), input: t.stride == 2)
      }
    }
  }
}
