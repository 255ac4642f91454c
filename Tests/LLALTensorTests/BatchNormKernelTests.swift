import XCTest

@testable import LLALTensor

/// The batch-norm kernels (`llal_bn_*`) against the formulas computed in Double, at every
/// kernel level: values, statistics and every gradient, in training and inference mode.
/// The shapes reach each path of a run: one value down a column (`[N, C]`), a short tail,
/// one vector and a tail, four vectors at a time and the rest.
final class BatchNormKernelTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  static let shapes = [[6, 4], [3, 2, 3, 3], [3, 2, 5, 5], [2, 3, 16, 16], [2, 2, 9, 13]]

  /// Channel `c`'s values of `v` for `shape`, in sample order.
  private func channel(_ v: [Float], _ shape: [Int], _ c: Int) -> [Int] {
    let plane = shape[2...].reduce(1, *)
    var indices: [Int] = []
    for n in 0..<shape[0] {
      let start = (n * shape[1] + c) * plane
      indices += Array(start..<(start + plane))
    }
    return indices
  }

  private func assertNear(_ got: Float, _ want: Double, _ what: String) {
    XCTAssertEqual(Double(got), want, accuracy: 2e-5 * max(1, abs(want)), what)
  }

  func testTrainingMatchesDoubleFormulasAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for shape in Self.shapes {
        let c = shape[1]
        let x = try Tensor.uniform(shape, low: -2, high: 3, seed: 1).requiringGrad()
        let gamma = try Tensor.uniform([c], low: 0.5, high: 1.5, seed: 2).requiringGrad()
        let beta = try Tensor.uniform([c], low: -0.5, high: 0.5, seed: 3).requiringGrad()
        let g = try Tensor.uniform(shape, low: -1, high: 1, seed: 4)
        let eps = 1e-5
        let r = try Tensor.batchNorm(x, gamma: gamma, beta: beta, eps: Float(eps))
        try r.output.backward(g)
        let (xs, gs, ys) = (x.scalars, g.scalars, r.output.scalars)
        let dx = try XCTUnwrap(x.grad).scalars
        for ch in 0..<c {
          let what = "\(level) \(shape) channel \(ch)"
          let idx = channel(xs, shape, ch)
          let m = Double(idx.count)
          let mu = idx.map { Double(xs[$0]) }.reduce(0, +) / m
          let v = idx.map { (Double(xs[$0]) - mu) * (Double(xs[$0]) - mu) }.reduce(0, +) / m
          let sigma = (v + eps).squareRoot()
          let (ga, be) = (Double(gamma.scalars[ch]), Double(beta.scalars[ch]))
          assertNear(r.mean.scalars[ch], mu, "mean " + what)
          assertNear(r.variance.scalars[ch], v, "variance " + what)
          let xhat = idx.map { (Double(xs[$0]) - mu) / sigma }
          let sg = idx.map { Double(gs[$0]) }.reduce(0, +)
          let sgx = zip(idx, xhat).map { Double(gs[$0]) * $1 }.reduce(0, +)
          assertNear(try XCTUnwrap(beta.grad).scalars[ch], sg, "dβ " + what)
          assertNear(try XCTUnwrap(gamma.grad).scalars[ch], sgx, "dγ " + what)
          for (k, i) in idx.enumerated() {
            assertNear(ys[i], ga * xhat[k] + be, "y " + what)
            let want = ga / sigma / m * (m * Double(gs[i]) - sg - xhat[k] * sgx)
            assertNear(dx[i], want, "dx " + what)
          }
        }
      }
    }
  }

  func testInferenceMatchesDoubleFormulasAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for shape in Self.shapes {
        let c = shape[1]
        let x = try Tensor.uniform(shape, low: -2, high: 3, seed: 5).requiringGrad()
        let ranges: [(Float, Float)] = [(-0.5, 0.5), (0.5, 2), (0.5, 1.5), (-0.5, 0.5)]
        var stats: [Tensor] = []
        for (k, (low, high)) in ranges.enumerated() {
          let t = try Tensor.uniform([c], low: low, high: high, seed: UInt64(6 + k))
          stats.append(t.requiringGrad())
        }
        let g = try Tensor.uniform(shape, low: -1, high: 1, seed: 10)
        let eps = 1e-5
        let y = try Tensor.batchNormInference(
          x, mean: stats[0], variance: stats[1], gamma: stats[2], beta: stats[3],
          eps: Float(eps))
        try y.backward(g)
        let (xs, gs, ys) = (x.scalars, g.scalars, y.scalars)
        let dx = try XCTUnwrap(x.grad).scalars
        let grads = try stats.map { try XCTUnwrap($0.grad).scalars }
        for ch in 0..<c {
          let what = "\(level) \(shape) channel \(ch)"
          let (mu, v, ga, be) = (
            Double(stats[0].scalars[ch]), Double(stats[1].scalars[ch]),
            Double(stats[2].scalars[ch]), Double(stats[3].scalars[ch])
          )
          let sigma = (v + eps).squareRoot()
          let idx = channel(xs, shape, ch)
          let sg = idx.map { Double(gs[$0]) }.reduce(0, +)
          let sgd = idx.map { Double(gs[$0]) * (Double(xs[$0]) - mu) }.reduce(0, +)
          assertNear(grads[0][ch], -ga / sigma * sg, "dμ " + what)
          assertNear(grads[1][ch], -0.5 * ga / (sigma * sigma * sigma) * sgd, "dv " + what)
          assertNear(grads[2][ch], sgd / sigma, "dγ " + what)
          assertNear(grads[3][ch], sg, "dβ " + what)
          for i in idx {
            assertNear(ys[i], (Double(xs[i]) - mu) / sigma * ga + be, "y " + what)
            assertNear(dx[i], ga / sigma * Double(gs[i]), "dx " + what)
          }
        }
      }
    }
  }
}
