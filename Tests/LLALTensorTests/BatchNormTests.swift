import XCTest

@testable import LLALTensor

final class BatchNormTests: XCTestCase {
  // Columns [1, 2, 3, 4] (μ 2.5, v 1.25), [5, 5, 5, 5] (μ 5, v 0) and [0, 0, 4, 4]
  // (μ 2, v 4), with γ = [1, 2, 1] and β = [0, 0, 1].
  func testTrainingNormalisesEachChannelWithBiasedVariance() throws {
    let x = try Tensor(rows: [[1, 5, 0], [2, 5, 0], [3, 5, 4], [4, 5, 4]])
    let eps: Float = 1e-5
    let (y, mean, variance) = try Tensor.batchNorm(
      x, gamma: Tensor([1, 2, 1]), beta: Tensor([0, 0, 1]), eps: eps)
    XCTAssertEqual(mean.scalars, [2.5, 5, 2])
    XCTAssertEqual(variance.scalars, [1.25, 0, 4])
    let s0 = (1.25 + eps).squareRoot(), s2 = (4 + eps).squareRoot()
    let expected: [Float] = [
      -1.5 / s0, 0, 1 - 2 / s2,
      -0.5 / s0, 0, 1 - 2 / s2,
      0.5 / s0, 0, 1 + 2 / s2,
      1.5 / s0, 0, 1 + 2 / s2,
    ]
    for (a, b) in zip(y.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
  }

  // Images big enough that the channels are split across threads, against a direct
  // computation in Double.
  func testTrainingMatchesDirectComputationOnImages() throws {
    let shape = [16, 4, 32, 32]
    let x = try Tensor.normal(shape, mean: 3, std: 2, generator: &rng)
    let gamma = try Tensor.uniform([4], low: 0.5, high: 1.5, seed: 12)
    let beta = try Tensor.uniform([4], low: -1, high: 1, seed: 13)
    let (y, mean, variance) = try Tensor.batchNorm(x, gamma: gamma, beta: beta, eps: 1e-5)
    let (xs, ys) = (x.scalars, y.scalars)
    let plane = 32 * 32
    for c in 0..<4 {
      var values: [Double] = []
      for n in 0..<16 {
        let o = (n * 4 + c) * plane
        values += xs[o..<(o + plane)].map(Double.init)
      }
      let mu = values.reduce(0, +) / Double(values.count)
      let v = values.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(values.count)
      XCTAssertEqual(Double(mean.scalars[c]), mu, accuracy: 1e-4)
      XCTAssertEqual(Double(variance.scalars[c]), v, accuracy: 1e-3)
      let (g, b) = (Double(gamma.scalars[c]), Double(beta.scalars[c]))
      for n in [0, 7, 15] {
        for k in [0, 1, 500, plane - 1] {
          let i = (n * 4 + c) * plane + k
          let expected = (Double(xs[i]) - mu) / (v + 1e-5).squareRoot() * g + b
          XCTAssertEqual(Double(ys[i]), expected, accuracy: 1e-4)
        }
      }
    }
  }

  // L = Σ y with γ constant. From ∂L/∂xᵢ = (γ/σ)/M · (M·gᵢ − Σg − x̂ᵢ·Σ g·x̂) and g ≡ 1:
  // Σg = M and Σx̂ = 0, so ∂L/∂x = (γ/σ)/M · (M − M − 0) = 0. Also ∂L/∂β = M and
  // ∂L/∂γ = Σx̂ = 0. (Shifting x shifts μ equally; scaling it scales σ: y cannot move.)
  func testGradientOfSumIsZeroForTheInput() throws {
    let x = try Tensor.uniform([3, 2, 2, 2], low: -2, high: 2, seed: 14).requiringGrad()
    let beta = try Tensor.zeros([2]).requiringGrad()
    let gamma = try Tensor.uniform([2], low: 0.5, high: 2, seed: 15).requiringGrad()
    let (y, _, _) = try Tensor.batchNorm(x, gamma: gamma, beta: beta, eps: 1e-5)
    try y.backward()
    for v in x.grad?.scalars ?? [] { XCTAssertEqual(v, 0, accuracy: 1e-5) }
    XCTAssertEqual(x.grad?.count, 24)
    XCTAssertEqual(beta.grad?.scalars, [12, 12])
    for v in gamma.grad?.scalars ?? [1] { XCTAssertEqual(v, 0, accuracy: 1e-5) }
  }

  // L = Σ y²/2 with γ = 1, β = 0, so g = y = x̂. Then ∂L/∂γ = Σx̂² = M·v/(v + ε) ≈ M, and
  // ∂L/∂x = (1/σ)/M · (M·x̂ − Σx̂ − x̂·Σx̂²) = (x̂/σ)·ε/(v + ε) ≈ 0: batch norm's output
  // cannot grow by scaling x, so pushing y outwards gives x no gradient.
  func testGradientOfSquaredOutputHasScaleInvariance() throws {
    let x = try Tensor.uniform([6, 2], low: -3, high: 3, seed: 16).requiringGrad()
    let gamma = try Tensor.ones([2]).requiringGrad()
    let (y, _, _) = try Tensor.batchNorm(x, gamma: gamma, beta: Tensor.zeros([2]), eps: 1e-5)
    try y.backward(y.detached())
    for v in x.grad?.scalars ?? [] { XCTAssertEqual(v, 0, accuracy: 1e-4) }
    XCTAssertEqual(gamma.grad?.scalars[0] ?? 0, 6, accuracy: 1e-3)
    XCTAssertEqual(gamma.grad?.scalars[1] ?? 0, 6, accuracy: 1e-3)
  }

  func testStatisticsAreNotRecorded() throws {
    let x = try Tensor.uniform([4, 2], seed: 17).requiringGrad()
    let (y, mean, variance) = try Tensor.batchNorm(
      x, gamma: Tensor.ones([2]), beta: Tensor.zeros([2]), eps: 1e-5)
    XCTAssertTrue(y.requiresGrad)
    XCTAssertFalse(mean.requiresGrad)
    XCTAssertFalse(variance.requiresGrad)
  }

  func testTrainingGradientsMatchFiniteDifferences() throws {
    for shape in [[5, 3], [2, 3, 4], [2, 3, 3, 2]] {
      let x = try Tensor.uniform(shape, low: -2, high: 2, seed: 18)
      let gamma = try Tensor.uniform([3], low: 0.5, high: 1.5, seed: 19)
      let beta = try Tensor.uniform([3], low: -1, high: 1, seed: 20)
      let r = try GradientCheck.check([x, gamma, beta]) { xs in
        try Tensor.batchNorm(xs[0], gamma: xs[1], beta: xs[2], eps: 1e-5).output
      }
      XCTAssertLessThan(r.maxError, 2e-2, "\(shape): \(r)")
    }
  }

  // MARK: inference mode

  // y = (x − μ)/√(v + ε)·γ + β per channel: with μ = [1, −1], v = [4, 0.25], γ = [2, 1],
  // β = [0, 3] and ε = 0, channel 0 maps x to x − 1 and channel 1 to 2x + 5.
  func testInferenceUsesTheGivenStatistics() throws {
    let x = try Tensor(shape: [2, 2, 1, 2], [1, 3, 0, 1, 5, 7, -1, -2])
    let y = try Tensor.batchNormInference(
      x, mean: Tensor([1, -1]), variance: Tensor([4, 0.25]), gamma: Tensor([2, 1]),
      beta: Tensor([0, 3]), eps: 0)
    XCTAssertEqual(y.scalars, [0, 2, 5, 7, 4, 6, 3, 1])
  }

  // y = a·x + b per channel with a = γ/σ, so ∂L/∂x = a·g: here a = [1, 2].
  func testInferenceGradientScalesTheSeed() throws {
    let x = try Tensor.zeros([2, 2]).requiringGrad()
    let y = try Tensor.batchNormInference(
      x, mean: Tensor([1, -1]), variance: Tensor([4, 0.25]), gamma: Tensor([2, 1]),
      beta: Tensor([0, 3]), eps: 0)
    try y.backward(try Tensor(rows: [[1, 2], [3, 4]]))
    XCTAssertEqual(x.grad?.scalars, [1, 4, 3, 8])
  }

  func testInferenceGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([3, 2, 2, 2], low: -2, high: 2, seed: 21)
    let mean = try Tensor.uniform([2], low: -1, high: 1, seed: 22)
    let variance = try Tensor.uniform([2], low: 0.5, high: 1.5, seed: 23)
    let gamma = try Tensor.uniform([2], low: 0.5, high: 1.5, seed: 24)
    let beta = try Tensor.uniform([2], low: -1, high: 1, seed: 25)
    let r = try GradientCheck.check([x, mean, variance, gamma, beta]) { xs in
      try Tensor.batchNormInference(
        xs[0], mean: xs[1], variance: xs[2], gamma: xs[3], beta: xs[4], eps: 1e-5)
    }
    XCTAssertLessThan(r.maxError, 2e-2, "\(r)")
  }

  // MARK: errors

  func testBatchNormErrors() throws {
    let x = try Tensor.zeros([2, 4, 5, 5])
    let four = try Tensor.ones([4])
    XCTAssertThrowsError(try Tensor.batchNorm(x, gamma: Tensor.ones([3]), beta: four, eps: 1e-5)) {
      e in
      XCTAssertEqual(
        "\(e)",
        "batchNorm: gamma has shape [3] but the input [2, 4, 5, 5] has 4 channels (expected [4])")
    }
    XCTAssertThrowsError(
      try Tensor.batchNorm(x, gamma: four, beta: Tensor.ones([1, 4]), eps: 1e-5)
    ) { e in
      XCTAssertEqual(
        "\(e)",
        "batchNorm: beta has shape [1, 4] but the input [2, 4, 5, 5] has 4 channels (expected [4])")
    }
    XCTAssertThrowsError(try Tensor.batchNorm(Tensor([1, 2]), gamma: four, beta: four, eps: 1e-5)) {
      e in
      XCTAssertEqual("\(e)", "batchNorm: expected an input [N, C, …] of rank >= 2, got [2]")
    }
    XCTAssertThrowsError(
      try Tensor.batchNorm(Tensor.zeros([1, 4]), gamma: four, beta: four, eps: 1e-5)
    ) { e in
      XCTAssertEqual(
        "\(e)", "batchNorm: expected more than 1 value per channel in training, got input [1, 4]")
    }
    XCTAssertThrowsError(
      try Tensor.batchNormInference(
        x, mean: four, variance: Tensor.ones([5]), gamma: four, beta: four, eps: 1e-5)
    ) { e in
      XCTAssertEqual(
        "\(e)",
        "batchNormInference: variance has shape [5] but the input [2, 4, 5, 5] has 4 channels "
          + "(expected [4])")
    }
  }

  private var rng = RandomGenerator(seed: 26)
}
