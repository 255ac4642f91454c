import Foundation
import XCTest

@testable import LLALTensor

/// The operations the regression and heatmap tasks need: nearest upsampling, Huber and
/// smooth L1, binary cross-entropy with logits, per-sample reductions and the spatial
/// argmax. Values against hand-derived cases (the maths in the comments); gradients are in
/// `GradientCoverageTests`.
final class TaskOpTests: XCTestCase {
  private func assertError(
    _ message: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> Any
  ) {
    do {
      let value = try body()
      XCTFail("no error, got \(value); expected \(message)", file: file, line: line)
    } catch {
      XCTAssertEqual("\(error)", message, file: file, line: line)
    }
  }

  private func assertClose(
    _ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() {
      XCTAssertEqual(x, y, accuracy: tolerance, "element \(i)", file: file, line: line)
    }
  }

  // MARK: upsampling

  func testUpsampleCopiesEachPixelIntoABlock() throws {
    let x = try Tensor(shape: [1, 1, 2, 2], [1, 2, 3, 4])
    let y = try x.upsampleNearest(factor: 2)
    XCTAssertEqual(y.shape, [1, 1, 4, 4])
    XCTAssertEqual(y.scalars, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    XCTAssertEqual(try x.upsampleNearest(factor: 1).scalars, x.scalars)
  }

  // The gradient of pixel (r, c) is the sum of the seed over its f×f block: with seed
  // 0, 1, …, 15 over a 4×4 output, pixel (0, 0) gets 0 + 1 + 4 + 5 = 10.
  func testUpsampleGradientSumsEachBlock() throws {
    let x = try Tensor(shape: [1, 1, 2, 2], [1, 2, 3, 4]).requiringGrad()
    let y = try x.upsampleNearest(factor: 2)
    try y.backward(try Tensor.arange(0, 16).reshaped([1, 1, 4, 4]))
    XCTAssertEqual(x.grad?.scalars, [10, 18, 42, 50])
  }

  // Many planes (split across threads) and non-square images against a direct loop.
  func testUpsampleMatchesADirectLoop() throws {
    let x = try Tensor.uniform([3, 40, 5, 7], low: -1, high: 1, seed: 3)
    let f = 3
    let y = try x.upsampleNearest(factor: f)
    XCTAssertEqual(y.shape, [3, 40, 15, 21])
    var expected: [Float] = []
    let v = x.scalars
    for p in 0..<(3 * 40) {
      for r in 0..<15 {
        for c in 0..<21 { expected.append(v[p * 35 + (r / f) * 7 + c / f]) }
      }
    }
    XCTAssertEqual(y.scalars, expected)
  }

  func testUpsampleRefusesBadInput() {
    assertError("upsampleNearest: expected a 4-D input [N, C, H, W], got [2, 3]") {
      try Tensor.zeros([2, 3]).upsampleNearest(factor: 2)
    }
    assertError(
      "upsampleNearest: factor must be a whole number >= 1, got 0 (input [1, 1, 2, 2])"
    ) { try Tensor.zeros([1, 1, 2, 2]).upsampleNearest(factor: 0) }
    assertError(
      "upsampleNearest: shape [1, 1, 65536, 65536] exceeds the limit of 1073741824 elements"
    ) { try Tensor.zeros([1, 1, 2, 2]).upsampleNearest(factor: 1 << 15) }
  }

  // MARK: Huber and smooth L1

  // huber_1: 0.5x² for |x| ≤ 1, |x| − 0.5 beyond: −3 → 2.5, −1 → 0.5, −0.5 → 0.125,
  // 2 → 1.5. huber_2(3) = 2·(3 − 1) = 4.
  func testHuberIsQuadraticInsideAndLinearOutside() throws {
    let x = try Tensor(shape: [6], [-3, -1, -0.5, 0, 0.5, 2])
    assertClose(try x.huber().scalars, [2.5, 0.5, 0.125, 0, 0.125, 1.5])
    assertClose(try Tensor([3, 1]).huber(delta: 2).scalars, [4, 0.5])
    // The slope is clamp(x, −δ, δ).
    let leaf = x.detached().requiringGrad()
    try leaf.huber().sum().backward()
    XCTAssertEqual(leaf.grad?.scalars, [-1, -1, -0.5, 0, 0.5, 1])
  }

  // smooth_l1(β = 0.5): 0.5x²/β for |x| < β, |x| − β/2 beyond; by hand (as
  // torch.nn.functional.smooth_l1_loss(x, zeros, reduction="none", beta=0.5)):
  // −2 → 1.75, 0.2 → 0.04, 0.5 → 0.25, 1 → 0.75.
  func testSmoothL1MatchesItsDefinition() throws {
    let x = Tensor([-2, 0.2, 0.5, 1])
    assertClose(try x.smoothL1(beta: 0.5).scalars, [1.75, 0.04, 0.25, 0.75])
    XCTAssertEqual(try x.smoothL1(beta: 0).scalars, [2, 0.2, 0.5, 1])
    XCTAssertTrue(try Tensor([.nan]).huber().scalars[0].isNaN)
  }

  func testHuberAndSmoothL1RefuseBadParameters() {
    assertError("huber: delta must be positive and finite, got 0.0 (tensor [2])") {
      try Tensor([1, 2]).huber(delta: 0)
    }
    assertError("smoothL1: beta must be finite and >= 0, got -1.0 (tensor [2])") {
      try Tensor([1, 2]).smoothL1(beta: -1)
    }
  }

  // MARK: binary cross-entropy

  // ℓ = max(x, 0) − x·z + log(1 + e^−|x|), computed in Python:
  //   [max(x,0) - x*z + math.log1p(math.exp(-abs(x))) for x, z in pairs]
  // (0, 1) 0.6931471805599453, (2, 0) 2.1269280110429727, (−3, 1) 3.048587351573742,
  // (1000, 0) 1000.0, (−1000, 1) 1000.0, (0.5, 0.25) 0.8490769841801067.
  func testBinaryCrossEntropyIsStableForLargeLogits() throws {
    let x = Tensor([0, 2, -3, 1000, -1000, 0.5])
    let z = Tensor([1, 0, 1, 0, 1, 0.25])
    let loss = try Tensor.binaryCrossEntropy(logits: x, targets: z)
    assertClose(
      loss.scalars, [0.693_147_2, 2.126_928, 3.048_587, 1000, 1000, 0.849_077])
    // ∂ℓ/∂x = σ(x) − z: −0.5, 0.8807971, −0.9525741, 1, −1, 0.3724593; ∂ℓ/∂z = −x.
    let (lx, lz) = (x.detached().requiringGrad(), z.detached().requiringGrad())
    try Tensor.binaryCrossEntropy(logits: lx, targets: lz).sum().backward()
    assertClose(lx.grad?.scalars ?? [], [-0.5, 0.880_797_1, -0.952_574_1, 1, -1, 0.372_459_3])
    XCTAssertEqual(lz.grad?.scalars, [-0, -2, 3, -1000, 1000, -0.5])
  }

  // Far out in the tail the loss is log(1 + e^−30) ≈ e^−30 = 9.357623e−14, not the 0 that
  // log(1 + e^−x) in Float would give; and a batch large enough to be split across threads
  // matches the formula evaluated in Double.
  func testBinaryCrossEntropyKeepsTinyLossesAndMatchesDoubleOnLargeInputs() throws {
    let tail = try Tensor.binaryCrossEntropy(logits: Tensor([30, -30]), targets: Tensor([1, 0]))
    for v in tail.scalars { XCTAssertEqual(Double(v), 9.357_622_968_840_175e-14, accuracy: 1e-19) }
    let x = try Tensor.uniform([70_001], low: -20, high: 20, seed: 8)
    let z = try Tensor.uniform([70_001], seed: 9)
    let loss = try Tensor.binaryCrossEntropy(logits: x, targets: z).scalars
    for (i, (xi, zi)) in zip(x.scalars, z.scalars).enumerated() {
      let (a, b) = (Double(xi), Double(zi))
      let expected = Swift.max(a, 0) - a * b + Foundation.log1p(Foundation.exp(-Swift.abs(a)))
      XCTAssertEqual(Double(loss[i]), expected, accuracy: 2e-6 * Swift.max(1, Swift.abs(expected)))
    }
  }

  func testBinaryCrossEntropyRefusesDifferentShapes() {
    assertError(
      "binaryCrossEntropy: logits [2, 3] and targets [3] must have the same shape"
    ) { try Tensor.binaryCrossEntropy(logits: Tensor.zeros([2, 3]), targets: Tensor.zeros([3])) }
  }

  // MARK: per-sample reductions

  // Sample 0: ((1 − 0)² + (2 − 0)²) / 2 = 2.5; sample 1: (0 + (5 − 3)²) / 2 = 2.
  func testPerSampleMSEAveragesEachSample() throws {
    let p = try Tensor(rows: [[1, 2], [3, 5]])
    let t = try Tensor(rows: [[0, 0], [3, 3]])
    XCTAssertEqual(try Tensor.perSampleMSE(p, t).scalars, [2.5, 2])
    // ∂ℓ_b/∂p = 2(p − t)/M · g_b with g = (1, 3): [1, 2], [0, 6].
    let (lp, lt) = (p.detached().requiringGrad(), t.detached().requiringGrad())
    try Tensor.perSampleMSE(lp, lt).backward(Tensor([1, 3]))
    XCTAssertEqual(lp.grad?.scalars, [1, 2, 0, 6])
    XCTAssertEqual(lt.grad?.scalars, [-1, -2, -0, -6])
  }

  // A large batch (split across threads) of 4-D samples against the composed loss.
  func testPerSampleMSEMatchesTheComposition() throws {
    let p = try Tensor.uniform([67, 3, 16, 16], low: -1, high: 1, seed: 5)
    let t = try Tensor.uniform([67, 3, 16, 16], seed: 6)
    let composed = try (p - t).square().meanPerSample()
    XCTAssertEqual(composed.shape, [67])
    assertClose(try Tensor.perSampleMSE(p, t).scalars, composed.scalars)
    XCTAssertEqual(try Tensor([1, 2]).meanPerSample().scalars, [1, 2])
  }

  func testPerSampleReductionsRefuseBadShapes() {
    assertError(
      "perSampleMSE: expects prediction and target of the same shape [B, …], got [2, 3] and "
        + "[2, 4]"
    ) { try Tensor.perSampleMSE(Tensor.zeros([2, 3]), Tensor.zeros([2, 4])) }
    assertError("meanPerSample: needs a batch axis, got a scalar") {
      try Tensor.scalar(1).meanPerSample()
    }
  }

  // MARK: spatial argmax

  func testSpatialArgmaxGivesColumnThenRow() throws {
    // Map 0: maximum 9 at row 1, column 2. Map 1: a tie of 5s, the first (row 0,
    // column 1) wins. Map 2: the first NaN (row 1, column 0) wins.
    let maps = try Tensor(
      shape: [1, 3, 2, 3],
      [
        1, 2, 3, 4, 5, 9,
        0, 5, 1, 5, 2, 0,
        1, 7, 2, .nan, 3, .nan,
      ])
    let cells = try maps.spatialArgmax()
    XCTAssertEqual(cells.shape, [1, 3, 2])
    XCTAssertEqual(cells.scalars, [2, 1, 1, 0, 0, 1])
    XCTAssertFalse(try maps.requiringGrad().spatialArgmax().requiresGrad)
  }

  func testSpatialArgmaxRefusesBadShapes() {
    assertError("spatialArgmax: expected 4-D maps [B, K, H, W], got [2, 3, 4]") {
      try Tensor.zeros([2, 3, 4]).spatialArgmax()
    }
    assertError("spatialArgmax: the maps [1, 2, 0, 3] are empty") {
      try Tensor.zeros([1, 2, 0, 3]).spatialArgmax()
    }
  }
}
