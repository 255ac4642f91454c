import XCTest

@testable import LLALTensor

/// The 2×2 kernels (`llal_maxpool2x2`, `llal_upsample2x` and its gradient) against direct
/// loops in Double, at every kernel level: widths with whole vectors of outputs and a
/// tail, odd sizes, ties and NaNs.
final class SpatialKernelTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// Values from a small set, so that windows hold ties; NaNs at a few seeded places.
  private func input(_ shape: [Int], seed: UInt64, nans: Int) throws -> [Float] {
    var g = RandomGenerator(seed: seed)
    var v = (0..<shape.reduce(1, *)).map { _ in Float(g.nextInt(below: 7)) - 3 }
    for _ in 0..<nans { v[g.nextInt(below: v.count)] = .nan }
    return v
  }

  /// Max pooling 2×2 / 2 by hand: the first maximum in row-major order or the last NaN;
  /// the gradient goes to the winner.
  private func referencePool(_ x: [Float], _ g: [Float], n: Int, h: Int, w: Int)
    -> (y: [Double], dx: [Double])
  {
    let (oh, ow) = (h / 2, w / 2)
    var y = [Double](repeating: 0, count: n * oh * ow)
    var dx = [Double](repeating: 0, count: x.count)
    for p in 0..<n {
      for i in 0..<oh {
        for j in 0..<ow {
          var at = p * h * w + 2 * i * w + 2 * j
          for (u, v) in [(0, 1), (1, 0), (1, 1)] {
            let k = p * h * w + (2 * i + u) * w + 2 * j + v
            if Double(x[k]) > Double(x[at]) || x[k].isNaN { at = k }
          }
          let o = (p * oh + i) * ow + j
          y[o] = Double(x[at])
          dx[at] += Double(g[o])
        }
      }
    }
    return (y, dx)
  }

  private func assertSame(_ got: [Float], _ want: [Double], _ what: String) {
    XCTAssertEqual(got.count, want.count, what)
    for (i, (a, b)) in zip(got, want).enumerated() where !(a.isNaN && b.isNaN) {
      XCTAssertEqual(Double(a), b, accuracy: 1e-6 * max(1, abs(b)), "\(what) at \(i)")
    }
  }

  func testMaxPoolMatchesDirectLoopsAtEveryLevel() throws {
    // Output rows of 9 (a vector and a tail), 3 (tail only), 16 (one wide vector on
    // AVX-512) and 25 (a wide vector, a narrow one and a tail); odd sizes drop the last row
    // and column.
    for (h, w) in [(4, 18), (5, 7), (2, 32), (6, 33), (4, 50)] {
      for level in KernelLevel.available {
        KernelLevel.current = level
        let what = "\(h)×\(w) at \(level)"
        let shape = [2, 3, h, w]
        let x = try Tensor(shape: shape, try input(shape, seed: UInt64(h * w), nans: 3))
          .requiringGrad()
        let y = try x.maxPool2d(kernel: 2)
        let g = try Tensor.uniform(y.shape, low: -1, high: 1, seed: 9)
        try y.backward(g)
        let ref = referencePool(x.scalars, g.scalars, n: 6, h: h, w: w)
        XCTAssertEqual(y.shape, [2, 3, h / 2, w / 2], what)
        assertSame(y.scalars, ref.y, "y " + what)
        assertSame(try XCTUnwrap(x.grad).scalars, ref.dx, "dx " + what)
      }
    }
  }

  func testUpsampleByTwoMatchesDirectLoopsAtEveryLevel() throws {
    // Rows of 8 go two at a time on AVX-512: 3 planes of 3 rows leave one over.
    for (h, w) in [(3, 11), (2, 16), (1, 5), (3, 8), (2, 8)] {
      for level in KernelLevel.available {
        KernelLevel.current = level
        let what = "\(h)×\(w) at \(level)"
        let x = try Tensor.uniform([1, 3, h, w], low: -1, high: 1, seed: 3).requiringGrad()
        let y = try x.upsampleNearest(factor: 2)
        let g = try Tensor.uniform(y.shape, low: -1, high: 1, seed: 4)
        try y.backward(g)
        let (xs, gs) = (x.scalars, g.scalars)
        var wantY: [Double] = [], wantDx = [Double](repeating: 0, count: xs.count)
        for p in 0..<3 {
          for i in 0..<(2 * h) {
            for j in 0..<(2 * w) {
              let k = (p * h + i / 2) * w + j / 2
              wantY.append(Double(xs[k]))
              wantDx[k] += Double(gs[(p * 2 * h + i) * 2 * w + j])
            }
          }
        }
        XCTAssertEqual(y.shape, [1, 3, 2 * h, 2 * w], what)
        assertSame(y.scalars, wantY, "y " + what)
        assertSame(try XCTUnwrap(x.grad).scalars, wantDx, "dx " + what)
      }
    }
  }
}
