import TestSupport
import XCTest

@testable import LLALTensor

final class ComparisonTests: XCTestCase {
  func testComparisonsWithTensorsBroadcastAndGiveZeroOne() throws {
    let a = try Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
    let b = Tensor([2, 2, 7])
    XCTAssertEqual(try a.eq(b).scalars, [0, 1, 0, 0, 0, 0])
    XCTAssertEqual(try a.ne(b).scalars, [1, 0, 1, 1, 1, 1])
    XCTAssertEqual(try a.lt(b).scalars, [1, 0, 1, 0, 0, 1])
    XCTAssertEqual(try a.le(b).scalars, [1, 1, 1, 0, 0, 1])
    XCTAssertEqual(try a.gt(b).scalars, [0, 0, 0, 1, 1, 0])
    XCTAssertEqual(try a.ge(b).scalars, [0, 1, 0, 1, 1, 0])
    XCTAssertEqual(try a.gt(b).shape, [2, 3])
  }

  func testComparisonsWithScalars() throws {
    let x = Tensor([-1, 0, 2])
    XCTAssertEqual(try x.eq(0).scalars, [0, 1, 0])
    XCTAssertEqual(try x.ne(0).scalars, [1, 0, 1])
    XCTAssertEqual(try x.lt(0).scalars, [1, 0, 0])
    XCTAssertEqual(try x.le(0).scalars, [1, 1, 0])
    XCTAssertEqual(try x.gt(0).scalars, [0, 0, 1])
    XCTAssertEqual(try x.ge(0).scalars, [0, 1, 1])
  }

  // IEEE rules: NaN is unordered, so only `ne` holds.
  func testNaNComparesUnequalToEverything() throws {
    let x = Tensor([.nan, .nan])
    let y = Tensor([.nan, 1])
    XCTAssertEqual(try x.eq(y).scalars, [0, 0])
    XCTAssertEqual(try x.ne(y).scalars, [1, 1])
    XCTAssertEqual(try x.lt(y).scalars, [0, 0])
    XCTAssertEqual(try x.ge(y).scalars, [0, 0])
  }

  func testComparisonsAreNotRecorded() throws {
    let x = Tensor([1, 2]).requiringGrad()
    XCTAssertFalse(try x.gt(1).requiresGrad)
  }

  func testComparisonShapeMismatchNamesOperation() {
    XCTAssertThrowsError(try Tensor([1, 2, 3]).lt(Tensor([1, 2]))) { e in
      XCTAssertEqual("\(e)", "lt: shapes [3] and [2] cannot be broadcast together")
    }
  }

  // MARK: where

  func testWhereBroadcastsAllThree() throws {
    let condition = try Tensor(shape: [2, 1], [1, 0])
    let a = Tensor([1, 2, 3])
    let b = Tensor.scalar(-1)
    let y = try Tensor.where(condition, a, b)
    XCTAssertEqual(y.shape, [2, 3])
    XCTAssertEqual(y.scalars, [1, 2, 3, -1, -1, -1])
    // Any non-zero value selects a, NaN included.
    let z = try Tensor.where(Tensor([0, 2, .nan]), Tensor([1, 1, 1]), Tensor([0, 0, 0]))
    XCTAssertEqual(z.scalars, [0, 1, 1])
  }

  // y = where(c, a, b): dy/da = c, dy/db = 1 − c; b is broadcast over rows, so its gradient
  // counts the unselected places per column: c = [[1, 0], [0, 0]] → db = [1, 2].
  func testWhereGradientByHand() throws {
    let c = try Tensor(shape: [2, 2], [1, 0, 0, 0])
    let a = try Tensor(shape: [2, 2], [1, 2, 3, 4]).requiringGrad()
    let b = Tensor([10, 20]).requiringGrad()
    let y = try Tensor.where(c, a, b)
    XCTAssertEqual(y.scalars, [1, 20, 10, 20])
    try y.backward()
    XCTAssertEqual(a.grad?.scalars, [1, 0, 0, 0])
    XCTAssertEqual(b.grad?.scalars, [1, 2])
  }

  func testWhereGradientsMatchFiniteDifferences() throws {
    let c = try Tensor.uniform([3, 4], seed: 1).gt(0.5)
    let a = try Tensor.uniform([3, 4], low: -1, high: 1, seed: 2)
    let b = try Tensor.uniform([4], low: -1, high: 1, seed: 3)
    try assertGradientsMatch([a, b], "where") { try Tensor.where(c, $0[0], $0[1]) }
  }

  func testWhereShapeMismatchNamesAllShapes() {
    XCTAssertThrowsError(try Tensor.where(Tensor([1, 0]), Tensor([1, 2, 3]), Tensor([0]))) { e in
      XCTAssertEqual(
        "\(e)", "where: condition [2], a [3] and b [1] cannot be broadcast together")
    }
  }

  // MARK: maximum, minimum

  func testMaximumMinimumValuesBroadcastAndPropagateNaN() throws {
    let a = try Tensor(shape: [2, 2], [1, 5, -3, .nan])
    let b = Tensor([2, 4])
    XCTAssertEqual(try a.maximum(b).scalars.map { $0.isNaN ? 99 : $0 }, [2, 5, 2, 99])
    XCTAssertEqual(try a.minimum(b).scalars.map { $0.isNaN ? 99 : $0 }, [1, 4, -3, 99])
    XCTAssertTrue(try Tensor([1]).maximum(Tensor([.nan])).scalars[0].isNaN)
    XCTAssertTrue(try Tensor([1]).minimum(Tensor([.nan])).scalars[0].isNaN)
  }

  // Inputs differ by at least 0.1 everywhere, so x ± ε never swaps which operand wins.
  func testMaximumMinimumGradientsMatchFiniteDifferences() throws {
    let a = try Tensor(shape: [2, 3], [0.5, -1, 2, 0.3, 1.5, -0.7])
    let b = Tensor([0.1, 0.2, 1.1])
    try assertGradientsMatch([a, b], "maximum") { try $0[0].maximum($0[1]) }
    try assertGradientsMatch([a, b], "minimum") { try $0[0].minimum($0[1]) }
    // Same shapes take the vector kernels.
    let c = try Tensor(shape: [2, 3], [0.1, 0.2, 1.1, 1.3, -0.4, 0.6])
    try assertGradientsMatch([a, c], "maximum same shape") { try $0[0].maximum($0[1]) }
    try assertGradientsMatch([a, c], "minimum same shape") { try $0[0].minimum($0[1]) }
  }

  // 70_003 elements: threaded, with a vector tail; NaN on either side wins.
  func testMaximumMinimumOfLargeSameShapeTensors() throws {
    let a = try Tensor.uniform([70_003], low: -1, high: 1, seed: 1)
    let b = try Tensor.uniform([70_003], low: -1, high: 1, seed: 2)
    a.storage.base[10] = .nan
    b.storage.base[70_002] = .nan
    let (x, y) = (a.scalars, b.scalars)
    func pick(_ p: Float, _ q: Float, _ larger: Bool) -> Float {
      p.isNaN || q.isNaN ? .nan : (larger ? Swift.max(p, q) : Swift.min(p, q))
    }
    assertClose(try a.maximum(b).scalars, zip(x, y).map { pick($0, $1, true) }, tolerance: 0)
    assertClose(try a.minimum(b).scalars, zip(x, y).map { pick($0, $1, false) }, tolerance: 0)
  }

  // The chosen operand gets the gradient; a tie splits it in halves (PyTorch's rule).
  func testMaximumGradientByHandWithTie() throws {
    let a = Tensor([1, 5, 3]).requiringGrad()
    let b = Tensor([2, 4, 3]).requiringGrad()
    try a.maximum(b).backward()
    XCTAssertEqual(a.grad?.scalars, [0, 1, 0.5])
    XCTAssertEqual(b.grad?.scalars, [1, 0, 0.5])
    let c = Tensor([1, 5, 3]).requiringGrad()
    try c.minimum(Tensor.scalar(3)).backward()
    XCTAssertEqual(c.grad?.scalars, [1, 0, 0.5])
  }

  func testMaximumShapeMismatchNamesOperation() {
    XCTAssertThrowsError(try Tensor([1, 2, 3]).maximum(Tensor([1, 2]))) { e in
      XCTAssertEqual("\(e)", "maximum: shapes [3] and [2] cannot be broadcast together")
    }
  }
}

final class RemainderTests: XCTestCase {
  // Python's %: 7 % 3 = 1, −7 % 3 = 2, 7 % −3 = −2, 5.5 % 2 = 1.5; the sign follows b.
  func testFloorRemainderByHand() throws {
    let a = Tensor([7, -7, 7, 5.5, -0.5])
    let b = Tensor([3, 3, -3, 2, 1])
    XCTAssertEqual(try a.remainder(b).scalars, [1, 2, -2, 1.5, 0.5])
    XCTAssertEqual(try a.remainder(.scalar(2)).scalars, [1, 1, 1, 1.5, 1.5])
    XCTAssertTrue(try Tensor([1]).remainder(Tensor([0])).scalars[0].isNaN)
  }

  // d(a % b)/da = 1, d(a % b)/db = −floor(a/b): for a = 7, b = 3 that is −2.
  func testRemainderGradientByHand() throws {
    let a = Tensor([7]).requiringGrad()
    let b = Tensor([3]).requiringGrad()
    try a.remainder(b).backward()
    XCTAssertEqual(a.grad?.scalars, [1])
    XCTAssertEqual(b.grad?.scalars, [-2])
  }

  func testRemainderShapeMismatch() {
    XCTAssertThrowsError(try Tensor([1, 2, 3]).remainder(Tensor([1, 2]))) { e in
      XCTAssertEqual("\(e)", "remainder: shapes [3] and [2] cannot be broadcast together")
    }
  }
}
