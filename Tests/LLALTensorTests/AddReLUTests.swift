import XCTest

@testable import LLALTensor

/// `Tensor.addReLU` (`llal_add_relu`) against Double loops at every kernel level, and
/// against `(a + b).relu()`; the finite-difference check is in `GradientCoverageTests`.
final class AddReLUTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  // 3·1001 values leave a tail after every vector width; 2¹⁸ are split over threads.
  func testValuesAndGradientsAgainstDoubleAtEveryLevel() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for shape in [[3, 1001], [4, 16, 64, 64]] {
        let a = try Tensor.uniform(shape, low: -2, high: 2, seed: 1).requiringGrad()
        let b = try Tensor.uniform(shape, low: -1, high: 1, seed: 2).requiringGrad()
        let g = try Tensor.uniform(shape, low: -1, high: 1, seed: 3)
        let y = try Tensor.addReLU(a, b)
        try y.backward(g)
        let (av, bv, gv) = (a.scalars, b.scalars, g.scalars)
        // A float sum is exact in Double, so rounding it back gives the float sum itself.
        let expected = zip(av, bv).map { Float(max(Double($0) + Double($1), 0)) }
        let expectedGrad = zip(expected, gv).map { $0 > 0 ? $1 : 0 }
        XCTAssertEqual(y.scalars, expected, "\(level) \(shape)")
        XCTAssertEqual(a.grad?.scalars, expectedGrad, "\(level) \(shape)")
        XCTAssertEqual(b.grad?.scalars, expectedGrad, "\(level) \(shape)")
        XCTAssertTrue(expected.contains(0) && expected.contains { $0 > 0 })
      }
    }
  }

  func testEqualsAddThenReLUWithNaNAndZero() throws {
    let a = try Tensor(shape: [5], [1, .nan, -3, 0, 2]).requiringGrad()
    let b = try Tensor(shape: [5], [-1, 1, 1, 0, -4]).requiringGrad()
    let y = try Tensor.addReLU(a, b)
    XCTAssertEqual(y.scalars[0], 0)
    XCTAssertTrue(y.scalars[1].isNaN)
    XCTAssertEqual(Array(y.scalars[2...]), [0, 0, 0])
    try y.backward(Tensor([1, 2, 3, 4, 5]))
    XCTAssertEqual(a.grad?.scalars, [0, 0, 0, 0, 0])
    XCTAssertEqual(b.grad?.scalars, [0, 0, 0, 0, 0])
    let c = try Tensor(shape: [3], [1, 2, 3]).requiringGrad()
    let twice = try Tensor.addReLU(c, c)  // one leaf as both operands: gradients add up
    try twice.backward()
    XCTAssertEqual(twice.scalars, [2, 4, 6])
    XCTAssertEqual(c.grad?.scalars, [2, 2, 2])
  }

  func testShapesMustMatch() throws {
    XCTAssertThrowsError(try Tensor.addReLU(Tensor([1, 2]), Tensor([1, 2, 3]))) { e in
      XCTAssertEqual("\(e)", "addReLU: shapes [2] and [3] differ")
    }
  }
}
