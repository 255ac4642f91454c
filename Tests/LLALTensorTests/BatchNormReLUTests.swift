import XCTest

@testable import LLALTensor

/// Batch norm with the ReLU fused in (`relu: true`) gives exactly the numbers of
/// `batchNorm` followed by `relu()`, values and gradients, at every kernel level (the
/// unfused ReLU runs the level's C kernel); the finite-difference checks are in
/// `GradientCoverageTests`.
final class BatchNormReLUTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// `[N, C]` (columns, the strided path), planes of 25 (a tail after every vector) and
  /// planes of 256 split over threads.
  static let shapes = [[6, 4], [8, 3, 5, 5], [16, 3, 16, 16]]

  /// The output and the gradients of every input for the seed `g`.
  static func run(_ inputs: [Tensor], _ g: Tensor, _ f: ([Tensor]) throws -> Tensor) throws
    -> [[Float]]
  {
    let tracked = inputs.map { $0.detached().requiringGrad() }
    let y = try f(tracked)
    try y.backward(g)
    return [y.scalars] + tracked.map { $0.grad?.scalars ?? [] }
  }

  func testTrainingModeEqualsBatchNormThenReLU() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for shape in Self.shapes {
        let c = shape[1]
        let x = try Tensor.uniform(shape, low: -2, high: 3, seed: 1)
        let gamma = try Tensor.uniform([c], low: 0.5, high: 1.5, seed: 2)
        let beta = try Tensor.uniform([c], low: -0.5, high: 0.5, seed: 3)
        let g = try Tensor.uniform(shape, low: -1, high: 1, seed: 4)
        let twoOps = try Self.run([x, gamma, beta], g) {
          try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5).output.relu()
        }
        let fused = try Self.run([x, gamma, beta], g) {
          try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5, relu: true).output
        }
        XCTAssertEqual(fused, twoOps, "\(level) \(shape)")
        // The ReLU did cut: some outputs are 0 and some positive.
        XCTAssertTrue(fused[0].contains(0) && fused[0].contains { $0 > 0 }, "\(shape)")
      }
    }
  }

  func testInferenceModeEqualsBatchNormThenReLU() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for shape in Self.shapes {
        let c = shape[1]
        let x = try Tensor.uniform(shape, low: -2, high: 3, seed: 5)
        let stats = [
          try Tensor.uniform([c], low: -0.5, high: 0.5, seed: 6),
          try Tensor.uniform([c], low: 0.5, high: 2, seed: 7),
          try Tensor.uniform([c], low: 0.5, high: 1.5, seed: 8),
          try Tensor.uniform([c], low: -0.5, high: 0.5, seed: 9),
        ]
        let g = try Tensor.uniform(shape, low: -1, high: 1, seed: 10)
        func bn(_ t: [Tensor], relu: Bool) throws -> Tensor {
          try Tensor.batchNormInference(
            t[0], mean: t[1], variance: t[2], gamma: t[3], beta: t[4], eps: 1e-5, relu: relu)
        }
        let twoOps = try Self.run([x] + stats, g) { try bn($0, relu: false).relu() }
        let fused = try Self.run([x] + stats, g) { try bn($0, relu: true) }
        XCTAssertEqual(fused, twoOps, "\(level) \(shape)")
        XCTAssertTrue(fused[0].contains(0) && fused[0].contains { $0 > 0 }, "\(shape)")
      }
    }
  }

  // NaN stays NaN through the fused ReLU, as through `relu()`, and passes no gradient.
  func testNaNIsKeptAndStopsTheGradient() throws {
    let x = try Tensor(shape: [2, 1, 1, 2], [1, .nan, 3, 4]).requiringGrad()
    let y = try Tensor.batchNormInference(
      x, mean: Tensor([0]), variance: Tensor([1]), gamma: Tensor([1]), beta: Tensor([-2]),
      eps: 0, relu: true)
    XCTAssertEqual(y.scalars[0], 0)
    XCTAssertTrue(y.scalars[1].isNaN)
    XCTAssertEqual(Array(y.scalars[2...]), [1, 2])
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [0, 0, 1, 1])
  }
}
