import XCTest

@testable import LLALTensor

final class Conv2dTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  private func assertClose(
    _ got: [Float]?, _ want: [Double], _ what: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    guard let got, got.count == want.count else {
      return XCTFail("\(what): missing or wrong count", file: file, line: line)
    }
    let scale = max(1, want.map(abs).max() ?? 1)
    let err = zip(got, want).map { abs(Double($0) - $1) }.max() ?? 0
    XCTAssertLessThan(err / scale, 1e-5, what, file: file, line: line)
  }

  /// One configuration: forward and all three gradients against the direct loops.
  private func check(
    n: Int, c: Int, h: Int, w: Int, co: Int, k: Int, stride: Int, padding: Int, bias: Bool,
    seed: UInt64
  ) throws {
    let what = "n\(n) c\(c) \(h)x\(w) co\(co) k\(k) s\(stride) p\(padding) bias \(bias)"
    let x = try Tensor.uniform([n, c, h, w], low: -1, high: 1, seed: seed).requiringGrad()
    let wt = try Tensor.uniform([co, c, k, k], low: -1, high: 1, seed: seed + 1).requiringGrad()
    let b = bias ? try Tensor.uniform([co], low: -1, high: 1, seed: seed + 2).requiringGrad() : nil
    let y = try Tensor.conv2d(x, weight: wt, bias: b, stride: stride, padding: padding)
    let g = try Tensor.uniform(y.shape, low: -1, high: 1, seed: seed + 3)
    try y.backward(g)
    let ref = ConvReference(
      x: x.scalars, w: wt.scalars, b: b?.scalars, g: g.scalars, n: n, c: c, h: h, width: w,
      co: co, k: k, stride: stride, pad: padding)
    XCTAssertEqual(
      y.shape,
      [
        n, co, (h + 2 * padding - k) / stride + 1,
        (w + 2 * padding - k) / stride + 1,
      ], what)
    assertClose(y.scalars, ref.y, "y " + what)
    assertClose(x.grad?.scalars, ref.dx, "dx " + what)
    assertClose(wt.grad?.scalars, ref.dw, "dw " + what)
    if let b { assertClose(b.grad?.scalars, ref.db, "db " + what) }
  }

  // Channel counts that leave partial GEMM tiles, strides 1–3, paddings 0–2, kernels
  // 1–5, non-square images; at every kernel level (the portable path included).
  func testMatchesDirectLoopsAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(n: 2, c: 3, h: 7, w: 6, co: 5, k: 3, stride: 1, padding: 1, bias: true, seed: 1)
      try check(n: 3, c: 2, h: 9, w: 9, co: 9, k: 3, stride: 2, padding: 1, bias: false, seed: 2)
      try check(n: 1, c: 4, h: 5, w: 8, co: 3, k: 1, stride: 1, padding: 0, bias: true, seed: 3)
      try check(n: 2, c: 1, h: 6, w: 6, co: 2, k: 5, stride: 3, padding: 2, bias: true, seed: 4)
      try check(n: 1, c: 2, h: 2, w: 3, co: 2, k: 3, stride: 2, padding: 1, bias: false, seed: 5)
      // Rows of 16 and more pixels: the packers' contiguous-row paths.
      try check(n: 2, c: 2, h: 3, w: 40, co: 3, k: 3, stride: 1, padding: 1, bias: true, seed: 6)
      try check(n: 1, c: 2, h: 4, w: 16, co: 3, k: 3, stride: 1, padding: 0, bias: false, seed: 7)
      // Rows of 8 (two per group) and 4 pixels, odd row counts, taps beyond one slice.
      try check(n: 3, c: 2, h: 6, w: 8, co: 9, k: 3, stride: 1, padding: 1, bias: true, seed: 8)
      try check(n: 2, c: 3, h: 5, w: 8, co: 4, k: 3, stride: 1, padding: 1, bias: false, seed: 9)
      try check(n: 2, c: 3, h: 4, w: 4, co: 4, k: 3, stride: 1, padding: 1, bias: true, seed: 10)
      try check(n: 1, c: 30, h: 3, w: 16, co: 9, k: 3, stride: 1, padding: 1, bias: true, seed: 11)
      // Stride 2 with output rows of 16, 8 and 4 pixels (the packers' stride-2 runs).
      try check(n: 1, c: 2, h: 3, w: 32, co: 3, k: 3, stride: 2, padding: 1, bias: true, seed: 12)
      try check(n: 2, c: 2, h: 4, w: 16, co: 3, k: 3, stride: 2, padding: 1, bias: false, seed: 13)
      try check(n: 2, c: 3, h: 8, w: 8, co: 5, k: 3, stride: 2, padding: 1, bias: true, seed: 14)
    }
  }

  // Large enough to split the batch over threads and cross the packing blocks (taps
  // beyond one 256-deep slice, pixels beyond one block).
  func testLargerCaseAcrossThreadsAndBlocks() throws {
    try check(
      n: 4, c: 33, h: 12, w: 12, co: 20, k: 3, stride: 1, padding: 1, bias: true,
      seed: 6)
    try check(
      n: 3, c: 8, h: 15, w: 15, co: 40, k: 3, stride: 2, padding: 0, bias: true,
      seed: 7)
    // Padding wider than kernel − 1: the input gradient goes through col2im.
    try check(n: 2, c: 3, h: 5, w: 5, co: 4, k: 1, stride: 1, padding: 1, bias: true, seed: 8)
  }

  // One 3x3 image, 2x2 kernel, no padding, stride 1, seed ones:
  //   y[i, j] = Σ_uv w[u, v]·x[i+u, j+v]                 → y = [[37, 47], [67, 77]]
  //   dw[u, v] = Σ_ij x[i+u, j+v] (sum of the 2x2 window at (u, v)) → [[12, 16], [24, 28]]
  //   dx[a, b] = Σ of w[u, v] over the windows covering (a, b)
  //            → [[1, 3, 2], [4, 10, 6], [3, 7, 4]]
  //   db = number of outputs = 4
  func testSmallCaseByHand() throws {
    let x = try Tensor(shape: [1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]).requiringGrad()
    let w = try Tensor(shape: [1, 1, 2, 2], [1, 2, 3, 4]).requiringGrad()
    let b = Tensor([0.5]).requiringGrad()
    let y = try Tensor.conv2d(x, weight: w, bias: b)
    XCTAssertEqual(y.shape, [1, 1, 2, 2])
    XCTAssertEqual(y.scalars, [37.5, 47.5, 67.5, 77.5])
    try y.backward()
    XCTAssertEqual(w.grad?.scalars, [12, 16, 24, 28])
    XCTAssertEqual(x.grad?.scalars, [1, 3, 2, 4, 10, 6, 3, 7, 4])
    XCTAssertEqual(b.grad?.scalars, [4])
  }

  // Stride 2, padding 1 on a 1x1x2x2 image with a 3x3 kernel of ones: one output that
  // sums the whole image (the kernel's centre sits on x[0, 0]); dx is all ones, and
  // dw is the image placed where it met the kernel: rows/cols 1–2.
  func testStridedPaddedCaseByHand() throws {
    let x = try Tensor(shape: [1, 1, 2, 2], [1, 2, 3, 4]).requiringGrad()
    let w = try Tensor.ones([1, 1, 3, 3]).requiringGrad()
    let y = try Tensor.conv2d(x, weight: w, bias: nil, stride: 2, padding: 1)
    XCTAssertEqual(y.shape, [1, 1, 1, 1])
    XCTAssertEqual(y.scalars, [10])
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [1, 1, 1, 1])
    XCTAssertEqual(w.grad?.scalars, [0, 0, 0, 0, 1, 2, 0, 3, 4])
  }

  func testGradientsMatchFiniteDifferences() throws {
    for (stride, padding) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
      for bias in [false, true] {
        let x = try Tensor.uniform([2, 2, 5, 5], low: -1, high: 1, seed: 11)
        let w = try Tensor.uniform([3, 2, 3, 3], low: -1, high: 1, seed: 12)
        let b = try Tensor.uniform([3], low: -1, high: 1, seed: 13)
        let r = try GradientCheck.check(bias ? [x, w, b] : [x, w]) { t in
          try Tensor.conv2d(
            t[0], weight: t[1], bias: bias ? t[2] : nil, stride: stride, padding: padding)
        }
        XCTAssertLessThan(
          r.maxError, 2e-2, "stride \(stride) padding \(padding) bias \(bias): \(r)")
      }
    }
  }

  func testErrorsNameOperationAndShapes() throws {
    func message(_ body: () throws -> Tensor) -> String {
      do {
        _ = try body()
        return "no error"
      } catch { return "\(error)" }
    }
    let x = try Tensor.zeros([1, 3, 4, 4]), w = try Tensor.zeros([2, 3, 3, 3])
    XCTAssertEqual(
      message { try Tensor.conv2d(.zeros([3, 4, 4]), weight: w, bias: nil) },
      "conv2d: input must be 4-D [N, C, H, W], got [3, 4, 4]")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: .zeros([2, 4, 3, 3]), bias: nil) },
      "conv2d: input [1, 3, 4, 4] has 3 channels but weight [2, 4, 3, 3] expects 4")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: .zeros([2, 3, 7, 7]), bias: nil, padding: 1) },
      "conv2d: kernel 7x7 is larger than the padded input 6x6 (input [1, 3, 4, 4], padding 1)")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: .zeros([2, 3, 3, 2]), bias: nil) },
      "conv2d: weight must be 4-D [Cout, Cin, k, k] with a square kernel, got [2, 3, 3, 2]")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: w, bias: .zeros([3])) },
      "conv2d: bias [3] does not match the 2 output channels of weight [2, 3, 3, 3]")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: w, bias: nil, stride: 0) },
      "conv2d: stride must be at least 1, got 0")
    XCTAssertEqual(
      message { try Tensor.conv2d(x, weight: w, bias: nil, padding: -1) },
      "conv2d: padding must not be negative, got -1")
  }

  func testEmptyBatchAndChannels() throws {
    let w = try Tensor.ones([2, 3, 3, 3]).requiringGrad()
    let y = try Tensor.conv2d(.zeros([0, 3, 4, 4]), weight: w, bias: nil)
    XCTAssertEqual(y.shape, [0, 2, 2, 2])
    try y.backward(.zeros(y.shape))
    XCTAssertEqual(w.grad?.scalars, [Float](repeating: 0, count: 54))
    let none = try Tensor.conv2d(
      .zeros([1, 0, 3, 3]), weight: .zeros([2, 0, 3, 3]), bias: Tensor([1, 2]))
    XCTAssertEqual(none.scalars, [1, 2])
  }
}
