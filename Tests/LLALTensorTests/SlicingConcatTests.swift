import XCTest

@testable import LLALTensor

final class SlicingConcatTests: XCTestCase {
  // MARK: slice and select

  func testSliceFollowsPythonRanges() throws {
    let x = try Tensor.arange(0, 12).reshaped([3, 4])
    XCTAssertEqual(try x.slice(axis: 1, start: 1, end: 3).scalars, [1, 2, 5, 6, 9, 10])
    XCTAssertEqual(try x.slice(axis: 1, start: 0, end: 4, step: 2).scalars, [0, 2, 4, 6, 8, 10])
    XCTAssertEqual(try x.slice(axis: 1, start: 1, end: 4, step: 2).scalars, [1, 3, 5, 7, 9, 11])
    XCTAssertEqual(try x.slice(axis: 0, start: -1, end: 3).scalars, [8, 9, 10, 11])
    XCTAssertEqual(try x.slice(axis: -1, start: 0, end: -1).shape, [3, 3])
    XCTAssertEqual(try x.slice(axis: 0, start: 2, end: 1).shape, [0, 4])
    XCTAssertEqual(try x.slice(axis: 0, start: 3, end: 3).shape, [0, 4])
    XCTAssertEqual(try x.slice(axis: 1, start: 1, end: 4, step: Int.max).scalars, [1, 5, 9])
  }

  func testSliceErrors() throws {
    let x = try Tensor.zeros([3, 4])
    XCTAssertThrowsError(try x.slice(axis: 1, start: 0, end: 5)) { e in
      XCTAssertEqual("\(e)", "slice: end 5 is out of bounds for axis 1 of size 4 in [3, 4]")
    }
    XCTAssertThrowsError(try x.slice(axis: 0, start: -4, end: 2)) { e in
      XCTAssertEqual("\(e)", "slice: start -4 is out of bounds for axis 0 of size 3 in [3, 4]")
    }
    XCTAssertThrowsError(try x.slice(axis: 0, start: 0, end: 2, step: 0)) { e in
      XCTAssertEqual("\(e)", "slice: step must be positive, got 0 (shape [3, 4])")
    }
    XCTAssertThrowsError(try x.slice(axis: 2, start: 0, end: 1)) { e in
      XCTAssertEqual("\(e)", "slice: axis 2 is out of range for a tensor of shape [3, 4] (-2...1)")
    }
  }

  func testSelectRemovesTheAxis() throws {
    let x = try Tensor.arange(0, 24).reshaped([2, 3, 4])
    let row = try x.select(1, axis: 1)
    XCTAssertEqual(row.shape, [2, 4])
    XCTAssertEqual(row.scalars, [4, 5, 6, 7, 16, 17, 18, 19])
    XCTAssertEqual(try x.select(-1, axis: 0).scalars, Array(12..<24).map(Float.init))
    XCTAssertEqual(try x.select(3, axis: -1).scalars, [3, 7, 11, 15, 19, 23])
    XCTAssertThrowsError(try x.select(3, axis: 1)) { e in
      XCTAssertEqual("\(e)", "select: index 3 is out of bounds for axis 1 of size 3 in [2, 3, 4]")
    }
    XCTAssertThrowsError(try Tensor.scalar(1).select(0, axis: 0)) { e in
      XCTAssertEqual("\(e)", "select: cannot select from a scalar (shape [])")
    }
  }

  // y = x[:, 1:4:2]: ∂L/∂x is the seed at columns 1 and 3 and zero elsewhere.
  func testSliceGradientFillsTheSlicedPositions() throws {
    let x = try Tensor.zeros([2, 4]).requiringGrad()
    try x.slice(axis: 1, start: 1, end: 4, step: 2).backward(try Tensor(rows: [[1, 2], [3, 4]]))
    XCTAssertEqual(x.grad?.scalars, [0, 1, 0, 2, 0, 3, 0, 4])
  }

  // Two selects of the same row add up there: ∂(x[1] + x[1])/∂x[1] = 2.
  func testSelectGradientsAccumulate() throws {
    let x = try Tensor.zeros([3, 2]).requiringGrad()
    try (x.select(1, axis: 0) + x.select(1, axis: 0)).backward()
    XCTAssertEqual(x.grad?.scalars, [0, 0, 2, 2, 0, 0])
  }

  // MARK: concat and stack

  func testConcatAlongEachAxis() throws {
    let a = try Tensor(rows: [[1, 2], [3, 4]])
    let b = try Tensor(rows: [[5, 6]])
    XCTAssertEqual(try Tensor.concat([a, b], axis: 0).scalars, [1, 2, 3, 4, 5, 6])
    let c = try Tensor(rows: [[7], [8]])
    let wide = try Tensor.concat([a, c, a], axis: 1)
    XCTAssertEqual(wide.shape, [2, 5])
    XCTAssertEqual(wide.scalars, [1, 2, 7, 1, 2, 3, 4, 8, 3, 4])
    XCTAssertEqual(try Tensor.concat([a, c], axis: -1).shape, [2, 3])
    XCTAssertEqual(try Tensor.concat([a], axis: 0).scalars, a.scalars)
    XCTAssertEqual(try Tensor.concat([a, try Tensor.zeros([0, 2])], axis: 0).shape, [2, 2])
  }

  // Channel concatenation of feature maps, big enough to be split across threads.
  func testConcatOfFeatureMapsAlongChannels() throws {
    let a = try Tensor.uniform([8, 3, 16, 16], seed: 1)
    let b = try Tensor.uniform([8, 5, 16, 16], seed: 2)
    let y = try Tensor.concat([a, b], axis: 1)
    XCTAssertEqual(y.shape, [8, 8, 16, 16])
    XCTAssertEqual(try y.slice(axis: 1, start: 0, end: 3).scalars, a.scalars)
    XCTAssertEqual(try y.slice(axis: 1, start: 3, end: 8).scalars, b.scalars)
  }

  func testStackAddsAnAxis() throws {
    let a = Tensor([1, 2, 3])
    let b = Tensor([4, 5, 6])
    let rows = try Tensor.stack([a, b], axis: 0)
    XCTAssertEqual(rows.shape, [2, 3])
    XCTAssertEqual(rows.scalars, [1, 2, 3, 4, 5, 6])
    let cols = try Tensor.stack([a, b], axis: -1)
    XCTAssertEqual(cols.shape, [3, 2])
    XCTAssertEqual(cols.scalars, [1, 4, 2, 5, 3, 6])
    let scalars = try Tensor.stack([.scalar(1), .scalar(2)], axis: 0)
    XCTAssertEqual(scalars.shape, [2])
    XCTAssertEqual(scalars.scalars, [1, 2])
  }

  func testConcatAndStackErrors() throws {
    let a = try Tensor.zeros([2, 3])
    let b = try Tensor.zeros([3, 4])
    XCTAssertThrowsError(try Tensor.concat([], axis: 0)) { e in
      XCTAssertEqual("\(e)", "concat: needs at least one tensor")
    }
    XCTAssertThrowsError(try Tensor.concat([a, b], axis: 1)) { e in
      XCTAssertEqual("\(e)", "concat: shapes [2, 3] and [3, 4] differ outside axis 1")
    }
    XCTAssertThrowsError(try Tensor.concat([a, Tensor([1, 2, 3])], axis: 0)) { e in
      XCTAssertEqual("\(e)", "concat: shapes [2, 3] and [3] differ outside axis 0")
    }
    XCTAssertThrowsError(try Tensor.concat([a, a], axis: 2)) { e in
      XCTAssertEqual("\(e)", "concat: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)")
    }
    XCTAssertThrowsError(try Tensor.concat([.scalar(1)], axis: 0)) { e in
      XCTAssertEqual("\(e)", "concat: cannot concatenate scalars (shape [])")
    }
    XCTAssertThrowsError(try Tensor.stack([], axis: 0)) { e in
      XCTAssertEqual("\(e)", "stack: needs at least one tensor")
    }
    XCTAssertThrowsError(try Tensor.stack([a, b], axis: 0)) { e in
      XCTAssertEqual("\(e)", "stack: all tensors must have the same shape, got [2, 3] and [3, 4]")
    }
    XCTAssertThrowsError(try Tensor.stack([a, a], axis: 3)) { e in
      XCTAssertEqual(
        "\(e)", "stack: axis 3 is out of range for inserting into a tensor of shape [2, 3] (-3...2)"
      )
    }
  }

  // y = [a | b] along axis 1: the seed splits, its first two columns to a, the last to b.
  func testConcatGradientSplitsTheSeed() throws {
    let a = try Tensor.zeros([2, 2]).requiringGrad()
    let b = try Tensor.zeros([2, 1]).requiringGrad()
    let constant = try Tensor.zeros([2, 1])
    let y = try Tensor.concat([a, constant, b], axis: 1)
    try y.backward(try Tensor(rows: [[1, 2, 3, 4], [5, 6, 7, 8]]))
    XCTAssertEqual(a.grad?.scalars, [1, 2, 5, 6])
    XCTAssertEqual(b.grad?.scalars, [4, 8])
    XCTAssertNil(constant.grad)
  }

  // y = stack([a, b], axis 1) has y[i][0] = a[i], y[i][1] = b[i]: the seed's columns.
  func testStackGradientTakesEachSlice() throws {
    let a = try Tensor.zeros([3]).requiringGrad()
    let b = try Tensor.zeros([3]).requiringGrad()
    try Tensor.stack([a, b], axis: 1).backward(try Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
    XCTAssertEqual(a.grad?.scalars, [1, 3, 5])
    XCTAssertEqual(b.grad?.scalars, [2, 4, 6])
  }

  func testSlicingAndJoiningGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([3, 4, 2], low: -1, high: 1, seed: 6)
    let y = try Tensor.uniform([3, 2, 2], low: -1, high: 1, seed: 7)
    let cases: [(String, ([Tensor]) throws -> Tensor)] = [
      ("slice", { try $0[0].slice(axis: 1, start: 1, end: 4, step: 2) }),
      ("slice negative", { try $0[0].slice(axis: 0, start: -2, end: 3) }),
      ("select", { try $0[0].select(2, axis: 1) }),
      ("concat", { try Tensor.concat([$0[0], $0[1], $0[0]], axis: 1) }),
      ("stack", { try Tensor.stack([$0[0].slice(axis: 1, start: 0, end: 2), $0[1]], axis: 2) }),
      (
        "concat * concat",
        {
          let c = try Tensor.concat([$0[1], $0[0]], axis: -2)
          return try c * c
        }
      ),
    ]
    for (name, f) in cases {
      let r = try GradientCheck.check([x, y], f)
      XCTAssertLessThan(r.maxError, 2e-2, "\(name): \(r)")
    }
  }
}
