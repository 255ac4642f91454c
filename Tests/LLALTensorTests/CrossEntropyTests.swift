import Foundation
import TestSupport
import XCTest

@testable import LLALTensor

final class CrossEntropyTests: XCTestCase {
  /// log Σⱼ e^{xᵢⱼ} − xᵢₜ per row, in Double.
  private func naive(_ rows: [[Float]], _ targets: [Int]) -> [Float] {
    zip(rows, targets).map { row, t in
      let m = Double(row.max()!)
      let lse = m + Foundation.log(row.map { Foundation.exp(Double($0) - m) }.reduce(0, +))
      return Float(lse - Double(row[t]))
    }
  }

  func testMatchesDefinition() throws {
    let rows: [[Float]] = [[1, 2, 3], [0.5, -0.5, 0], [2, 2, 2], [-3, 4, 1]]
    let targets = [2, 0, 1, 1]
    let loss = try Tensor.crossEntropy(logits: Tensor(rows: rows), targets: targets)
    XCTAssertEqual(loss.shape, [4])
    assertClose(loss.scalars, naive(rows, targets), tolerance: 1e-6)
    // Uniform logits: the loss is log C.
    XCTAssertEqual(loss.scalars[2], Float(Foundation.log(3.0)), accuracy: 1e-6)
  }

  // 8192 rows of 10 classes: the rows are split over threads and each row ends in a
  // partial vector.
  func testLargeBatchMatchesDefinition() throws {
    let x = try Tensor.uniform([8192, 10], low: -5, high: 5, seed: 1)
    var g = RandomGenerator(seed: 2)
    let targets = (0..<8192).map { _ in g.nextInt(below: 10) }
    let values = x.scalars
    let rows = (0..<8192).map { Array(values[($0 * 10)..<($0 * 10 + 10)]) }
    let loss = try Tensor.crossEntropy(logits: x, targets: targets)
    assertClose(loss.scalars, naive(rows, targets), tolerance: 2e-6)
  }

  // Class counts 1…40: rows shorter than a vector and every tail length after full ones.
  func testEveryClassCountForwardAndBackward() throws {
    for c in 1...40 {
      let x = try Tensor.uniform([3, c], low: -3, high: 3, seed: UInt64(c)).requiringGrad()
      let targets = [0, c - 1, c / 2]
      let values = x.scalars
      let rows = (0..<3).map { Array(values[($0 * c)..<($0 * c + c)]) }
      let loss = try Tensor.crossEntropy(logits: x, targets: targets)
      assertClose(loss.scalars, naive(rows, targets), tolerance: 1e-6, "C=\(c)")
      try loss.backward(Tensor([1, 2, 3]))
      let p = try x.detached().softmax().scalars
      var expected = [Float]()
      for row in 0..<3 {
        expected += (0..<c).map { j in
          Float(row + 1) * (p[row * c + j] - (j == targets[row] ? 1 : 0))
        }
      }
      assertClose(x.grad?.scalars ?? [], expected, tolerance: 1e-6, "grad C=\(c)")
    }
  }

  func testLargeLogitsStayFinite() throws {
    let x = try Tensor(rows: [[1000, 0], [1000, 0], [-1000, 1000]])
    let loss = try Tensor.crossEntropy(logits: x, targets: [0, 1, 0])
    XCTAssertEqual(loss.scalars, [0, 1000, 2000])
    let l = x.detached().requiringGrad()
    try Tensor.crossEntropy(logits: l, targets: [0, 1, 0]).sum().backward()
    XCTAssertEqual(l.grad?.scalars, [0, 0, 1, -1, -1, 1])
  }

  func testNaNSpoilsOnlyItsOwnRow() throws {
    let x = try Tensor(rows: [[1, .nan], [1, 2]])
    let loss = try Tensor.crossEntropy(logits: x, targets: [0, 1])
    XCTAssertTrue(loss.scalars[0].isNaN)
    XCTAssertFalse(loss.scalars[1].isNaN)
  }

  // lossᵢ = logsumexp(xᵢ) − xᵢₜ, so d lossᵢ / dxᵢ = softmax(xᵢ) − onehot(tᵢ), times the
  // seed of row i.
  func testGradientIsSoftmaxMinusOneHot() throws {
    let rows: [[Float]] = [[1, 2, 3], [0.5, -0.5, 0]]
    let x = try Tensor(rows: rows).requiringGrad()
    try Tensor.crossEntropy(logits: x, targets: [2, 0]).backward(Tensor([1, 2]))
    let p = try Tensor(rows: rows).softmax().scalars
    let expected = [p[0], p[1], p[2] - 1, 2 * (p[3] - 1), 2 * p[4], 2 * p[5]]
    assertClose(x.grad?.scalars ?? [], expected, tolerance: 1e-6)
  }

  func testGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([5, 11], low: -3, high: 3, seed: 4)
    try assertGradientsMatch([x], "crossEntropy") {
      try Tensor.crossEntropy(logits: $0[0], targets: [0, 10, 3, 3, 7])
    }
    try assertGradientsMatch([x], "crossEntropy mean") {
      try Tensor.crossEntropy(logits: $0[0], targets: Tensor([1, 2, 3, 4, 5])).mean()
    }
  }

  func testTensorTargetsMatchIntegerTargets() throws {
    let x = try Tensor.uniform([3, 4], seed: 6)
    XCTAssertEqual(
      try Tensor.crossEntropy(logits: x, targets: Tensor([3, 0, 2])).scalars,
      try Tensor.crossEntropy(logits: x, targets: [3, 0, 2]).scalars)
    XCTAssertEqual(try Tensor.crossEntropy(logits: Tensor.zeros([0, 4]), targets: []).shape, [0])
  }

  func testBadInputThrowsNamedErrors() throws {
    let x = try Tensor.zeros([4, 10])
    XCTAssertThrowsError(
      try Tensor.crossEntropy(logits: Tensor.zeros([2, 3, 4]), targets: [0, 1])
    ) { e in
      XCTAssertEqual("\(e)", "crossEntropy: logits must be 2-D [N, C], got [2, 3, 4]")
    }
    XCTAssertThrowsError(try Tensor.crossEntropy(logits: x, targets: [1, 2, 3])) { e in
      XCTAssertEqual("\(e)", "crossEntropy: 3 targets for logits [4, 10]; expected 4")
    }
    XCTAssertThrowsError(try Tensor.crossEntropy(logits: x, targets: [1, 2, 10, 3])) { e in
      XCTAssertEqual(
        "\(e)",
        "crossEntropy: target 10 at index 2 is out of range for logits [4, 10] (classes 0..<10)")
    }
    XCTAssertThrowsError(try Tensor.crossEntropy(logits: x, targets: [-1, 2, 1, 3])) { e in
      XCTAssertEqual(
        "\(e)",
        "crossEntropy: target -1 at index 0 is out of range for logits [4, 10] (classes 0..<10)")
    }
    XCTAssertThrowsError(try Tensor.crossEntropy(logits: x, targets: Tensor([1, 2.5, 0, 0]))) {
      e in
      XCTAssertEqual(
        "\(e)", "crossEntropy: target 2.5 at index 1 is not a class index (logits [4, 10])")
    }
    XCTAssertThrowsError(try Tensor.crossEntropy(logits: x, targets: Tensor([.nan, 1, 0, 0]))) {
      e in
      XCTAssertEqual(
        "\(e)", "crossEntropy: target nan at index 0 is not a class index (logits [4, 10])")
    }
    XCTAssertThrowsError(
      try Tensor.crossEntropy(logits: x, targets: Tensor.zeros([4, 1]))
    ) { e in
      XCTAssertEqual("\(e)", "crossEntropy: targets must be 1-D [N], got [4, 1] for logits [4, 10]")
    }
  }
}
