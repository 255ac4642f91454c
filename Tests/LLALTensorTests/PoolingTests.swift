import XCTest

@testable import LLALTensor

final class PoolingTests: XCTestCase {
  /// A 4×4 image with no ties inside any 2×2 window.
  private func makeGrid() throws -> Tensor {
    try Tensor(
      shape: [1, 1, 4, 4],
      [
        1, 5, 2, 0,
        3, 4, 8, 6,
        0, 9, 1, 1,
        7, 2, 3, 2,
      ])
  }

  // MARK: max pooling

  func testMaxPool2x2PicksEachWindowMaximum() throws {
    let grid = try makeGrid()
    let y = try grid.maxPool2d(kernel: 2)
    XCTAssertEqual(y.shape, [1, 1, 2, 2])
    XCTAssertEqual(y.scalars, [5, 8, 9, 3])
    let overlapping = try grid.maxPool2d(kernel: 2, stride: 1)
    XCTAssertEqual(overlapping.shape, [1, 1, 3, 3])
    XCTAssertEqual(overlapping.scalars, [5, 8, 8, 9, 9, 8, 9, 9, 3])
  }

  // Padding counts as -∞, so an all-negative input never yields a padded 0.
  func testMaxPoolPaddingIsMinusInfinity() throws {
    let x = try Tensor.full([1, 1, 2, 2], -3)
    let y = try x.maxPool2d(kernel: 3, stride: 1, padding: 1)
    XCTAssertEqual(y.scalars, [-3, -3, -3, -3])
  }

  func testMaxPoolPropagatesNaN() throws {
    let x = try Tensor(shape: [1, 1, 2, 2], [1, .nan, 3, 2])
    XCTAssertTrue(try x.maxPool2d(kernel: 2).scalars[0].isNaN)
    // Windows over the padded 4×4 grid: only those that contain the NaN are NaN.
    XCTAssertEqual(
      try x.maxPool2d(kernel: 2, stride: 1, padding: 1).scalars.map(\.isNaN),
      [false, true, true, false, true, true, false, false, false])
  }

  // ResNet's stem pooling (k 3, s 2, p 1) and other shapes against a direct loop, on
  // several planes at once so the planes are split across threads, and on rows wide
  // enough for the eight-wide SIMD path with a scalar remainder.
  func testMaxAndAvgPoolMatchNaiveLoops() throws {
    let narrow = try Tensor.uniform([3, 4, 9, 7], low: -1, high: 1, seed: 9)
    let wide = try Tensor.uniform([2, 3, 11, 45], low: -1, high: 1, seed: 27)
    let settings = [(3, 2, 1), (2, 2, 0), (2, 1, 1), (3, 3, 0), (3, 1, 1), (4, 3, 2)]
    for x in [narrow, wide] {
      for (k, s, p) in settings {
        XCTAssertEqual(
          try x.maxPool2d(kernel: k, stride: s, padding: p).scalars,
          naivePool(x, k, s, p, max: true), "max k\(k) s\(s) p\(p) \(x.shape)")
        let avg = try x.avgPool2d(kernel: k, stride: s, padding: p).scalars
        let expected = naivePool(x, k, s, p, max: false)
        XCTAssertEqual(avg.count, expected.count)
        for (a, b) in zip(avg, expected) { XCTAssertEqual(a, b, accuracy: 1e-6, "avg k\(k)") }
      }
    }
  }

  // The gradient goes to the window's maximum only: windows of grid with maxima 5, 8, 9
  // and 3 at (0,1), (1,2), (2,1), (3,2) receive the seed values 1, 2, 3, 4.
  func testMaxPoolGradientRoutesToTheArgmax() throws {
    let x = try makeGrid().requiringGrad()
    try x.maxPool2d(kernel: 2).backward(try Tensor(shape: [1, 1, 2, 2], [1, 2, 3, 4]))
    XCTAssertEqual(
      x.grad?.scalars,
      [
        0, 1, 0, 0,
        0, 0, 2, 0,
        0, 3, 0, 0,
        0, 0, 4, 0,
      ])
  }

  // Overlapping windows that share a maximum add their gradients there: 9 at (2,1) is the
  // maximum of four of the nine 2×2 windows with stride 1.
  func testMaxPoolGradientAccumulatesOverOverlappingWindows() throws {
    let x = try makeGrid().requiringGrad()
    try x.maxPool2d(kernel: 2, stride: 1).backward()
    XCTAssertEqual(
      x.grad?.scalars,
      [
        0, 1, 0, 0,
        0, 0, 3, 0,
        0, 4, 0, 0,
        0, 0, 1, 0,
      ])
  }

  // Among equal maxima the first in row-major order gets the gradient, as in PyTorch:
  // (0, 1) in both windows, although the second has a 5 earlier in its own column order.
  func testMaxPoolTiesGoToTheFirstInRowMajorOrder() throws {
    let x = try Tensor(shape: [1, 1, 2, 4], [1, 3, 0, 5, 3, 3, 5, 0]).requiringGrad()
    try x.maxPool2d(kernel: 2).backward()
    XCTAssertEqual(x.grad?.scalars, [0, 1, 0, 1, 0, 0, 0, 0])
  }

  // Many ties, -∞ and NaN on rows wide enough for the SIMD path: values and gradient
  // routing must match PyTorch's loop (first maximum in row-major order, last NaN, the
  // first real element when all are -∞), written out directly in `naiveArgmax`.
  func testMaxPoolTiesInfinitiesAndNaNMatchPyTorchsLoop() throws {
    var g = RandomGenerator(seed: 28)
    let palette: [Float] = [0, 1, 2, 2, -.infinity, -.infinity, .nan]
    let x = try Tensor(shape: [1, 2, 6, 37], (0..<444).map { _ in palette[g.nextInt(below: 7)] })
    for (k, s, p) in [(3, 2, 1), (2, 2, 0), (2, 1, 1), (3, 3, 1)] {
      let leaf = x.detached().requiringGrad()
      let y = try leaf.maxPool2d(kernel: k, stride: s, padding: p)
      try y.backward()
      let (values, routed) = naiveArgmax(x, k, s, p)
      XCTAssertEqual(y.scalars.map(\.bitPattern), values.map(\.bitPattern), "k\(k) s\(s) p\(p)")
      XCTAssertEqual(leaf.grad?.scalars, routed, "k\(k) s\(s) p\(p)")
    }
  }

  // A stride past the input leaves one window per axis, as in PyTorch.
  func testHugeStrideGivesOneWindow() throws {
    let grid = try makeGrid()
    XCTAssertEqual(try grid.maxPool2d(kernel: 2, stride: Int.max).scalars, [5])
    XCTAssertEqual(try grid.avgPool2d(kernel: 3, stride: 1 << 40, padding: 1).scalars, [13 / 9])
  }

  // MARK: average pooling

  func testAvgPoolCountsPaddingInTheDivisor() throws {
    let x = try Tensor.ones([1, 1, 2, 2])
    let y = try x.avgPool2d(kernel: 2, stride: 1, padding: 1)
    XCTAssertEqual(y.shape, [1, 1, 3, 3])
    XCTAssertEqual(y.scalars, [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
    XCTAssertEqual(try makeGrid().avgPool2d(kernel: 2).scalars, [3.25, 4, 4.5, 1.75])  // sums/4
  }

  // Every output is (sum of its window)/k², so each element of a window gets g/k²:
  // with k = 2, stride 2 the seed value 4 becomes 1 in each of its four inputs.
  func testAvgPoolGradientSpreadsOverTheWindow() throws {
    let x = try Tensor.zeros([1, 1, 2, 4]).requiringGrad()
    try x.avgPool2d(kernel: 2).backward(try Tensor(shape: [1, 1, 1, 2], [4, 8]))
    XCTAssertEqual(x.grad?.scalars, [1, 1, 2, 2, 1, 1, 2, 2])
  }

  // MARK: global average pooling

  func testGlobalAvgPoolAveragesEachPlane() throws {
    let x = try Tensor.arange(0, 16).reshaped([2, 2, 2, 2])
    let y = try x.globalAvgPool()
    XCTAssertEqual(y.shape, [2, 2])
    XCTAssertEqual(y.scalars, [1.5, 5.5, 9.5, 13.5])
    // A plane longer than the 8-wide vector loop, with a remainder.
    let big = try Tensor.uniform([2, 3, 5, 7], seed: 10)
    let means = try big.globalAvgPool().scalars
    let xs = big.scalars
    for p in 0..<6 {
      let expected = xs[(p * 35)..<(p * 35 + 35)].reduce(0, +) / 35
      XCTAssertEqual(means[p], expected, accuracy: 1e-5)
    }
  }

  // y[n][c] = Σ x[n][c] / (H·W), so every pixel of plane (n, c) gets g[n][c] / (H·W).
  func testGlobalAvgPoolGradientIsUniformPerPlane() throws {
    let x = try Tensor.zeros([1, 2, 2, 2]).requiringGrad()
    try x.globalAvgPool().backward(try Tensor(shape: [1, 2], [4, 8]))
    XCTAssertEqual(x.grad?.scalars, [1, 1, 1, 1, 2, 2, 2, 2])
  }

  // MARK: errors

  func testPoolingErrors() throws {
    let x = try Tensor.zeros([1, 1, 4, 4])
    XCTAssertThrowsError(try x.maxPool2d(kernel: 5)) { e in
      XCTAssertEqual(
        "\(e)",
        "maxPool2d: kernel 5 is larger than the padded input 4x4 (input [1, 1, 4, 4], padding 0)")
    }
    XCTAssertThrowsError(try Tensor.zeros([1, 4, 4]).avgPool2d(kernel: 2)) { e in
      XCTAssertEqual("\(e)", "avgPool2d: expected a 4-D input [N, C, H, W], got [1, 4, 4]")
    }
    XCTAssertThrowsError(try x.maxPool2d(kernel: 2, padding: 2)) { e in
      XCTAssertEqual("\(e)", "maxPool2d: padding 2 must be at most half the kernel 2")
    }
    XCTAssertThrowsError(try x.avgPool2d(kernel: 2, stride: 0)) { e in
      XCTAssertEqual(
        "\(e)",
        "avgPool2d: kernel and stride must be positive and padding non-negative, got kernel 2, "
          + "stride 0, padding 0")
    }
    XCTAssertThrowsError(try x.maxPool2d(kernel: Int.max, padding: Int.max / 2)) { e in
      XCTAssertEqual("\(e)", "maxPool2d: kernel \(Int.max) exceeds the limit of 1073741824")
    }
    XCTAssertThrowsError(try Tensor.zeros([1, 1, 0, 4]).maxPool2d(kernel: 2, padding: 1)) { e in
      XCTAssertEqual("\(e)", "maxPool2d: the input [1, 1, 0, 4] has an empty image")
    }
    XCTAssertThrowsError(try Tensor.zeros([2, 3]).globalAvgPool()) { e in
      XCTAssertEqual("\(e)", "globalAvgPool: expected a 4-D input [N, C, H, W], got [2, 3]")
    }
    XCTAssertThrowsError(try Tensor.zeros([2, 3, 0, 4]).globalAvgPool()) { e in
      XCTAssertEqual("\(e)", "globalAvgPool: the input [2, 3, 0, 4] has no pixels to average")
    }
  }

  // MARK: finite differences

  // Max pooling is only differentiable away from ties: the input is a seeded permutation
  // of distinct multiples of 0.1 (gaps of 10ε), so no perturbation changes a window's
  // argmax.
  func testPoolingGradientsMatchFiniteDifferences() throws {
    var g = RandomGenerator(seed: 11)
    let x = try Tensor(shape: [2, 2, 5, 6], g.permutation(120).map { Float($0) * 0.1 - 6 })
    // 35 columns: the SIMD path for 8 and 16 outputs per row, then the remainder.
    let wide = try Tensor(shape: [1, 2, 4, 35], g.permutation(280).map { Float($0) * 0.1 })
    for (k, s, p) in [(2, 2, 0), (3, 2, 1), (2, 1, 1), (3, 3, 1)] {
      let r = try GradientCheck.check([wide]) {
        try $0[0].maxPool2d(kernel: k, stride: s, padding: p)
      }
      XCTAssertLessThan(r.maxError, 2e-2, "wide max k\(k) s\(s) p\(p): \(r)")
    }
    let cases: [(String, ([Tensor]) throws -> Tensor)] = [
      ("max k2", { try $0[0].maxPool2d(kernel: 2) }),
      ("max k3 s2 p1", { try $0[0].maxPool2d(kernel: 3, stride: 2, padding: 1) }),
      ("max k2 s1", { try $0[0].maxPool2d(kernel: 2, stride: 1) }),
      ("avg k2", { try $0[0].avgPool2d(kernel: 2) }),
      ("avg k3 s2 p1", { try $0[0].avgPool2d(kernel: 3, stride: 2, padding: 1) }),
      ("global avg", { try $0[0].globalAvgPool() }),
    ]
    for (name, f) in cases {
      let r = try GradientCheck.check([x], f)
      XCTAssertLessThan(r.maxError, 2e-2, "\(name): \(r)")
    }
  }

  /// PyTorch's CPU max-pool loop: the pooled values, and how many windows picked each
  /// input element (the gradient of their sum).
  private func naiveArgmax(_ x: Tensor, _ k: Int, _ s: Int, _ p: Int) -> ([Float], [Float]) {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = (h + 2 * p - k) / s + 1
    let ow = (w + 2 * p - k) / s + 1
    let xs = x.scalars
    var values: [Float] = []
    var counts = [Float](repeating: 0, count: xs.count)
    for plane in 0..<(n * c) {
      for oy in 0..<oh {
        for ox in 0..<ow {
          let (y0, x0) = (Swift.max(oy * s - p, 0), Swift.max(ox * s - p, 0))
          let (y1, x1) = (Swift.min(oy * s - p + k, h), Swift.min(ox * s - p + k, w))
          var best = -Float.infinity
          var at = plane * h * w + y0 * w + x0
          for yy in y0..<y1 {
            for xx in x0..<x1 {
              let i = plane * h * w + yy * w + xx
              if xs[i] > best || xs[i].isNaN {
                best = xs[i]
                at = i
              }
            }
          }
          values.append(best)
          counts[at] += 1
        }
      }
    }
    return (values, counts)
  }

  /// Pooling computed window by window, padding as -∞ (max) or 0 divided by k² (avg).
  private func naivePool(_ x: Tensor, _ k: Int, _ s: Int, _ p: Int, max: Bool) -> [Float] {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = (h + 2 * p - k) / s + 1
    let ow = (w + 2 * p - k) / s + 1
    let xs = x.scalars
    var out: [Float] = []
    for plane in 0..<(n * c) {
      for oy in 0..<oh {
        for ox in 0..<ow {
          var best = -Float.infinity
          var sum: Float = 0
          for dy in 0..<k {
            for dx in 0..<k {
              let (y, xx) = (oy * s - p + dy, ox * s - p + dx)
              guard y >= 0, y < h, xx >= 0, xx < w else { continue }
              let v = xs[plane * h * w + y * w + xx]
              best = Swift.max(best, v)
              sum += v
            }
          }
          out.append(max ? best : sum / Float(k * k))
        }
      }
    }
    return out
  }
}
