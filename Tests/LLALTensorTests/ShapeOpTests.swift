import XCTest

@testable import LLALTensor

final class ShapeOpTests: XCTestCase {
  // MARK: reshape and views

  func testReshapeInfersOneDimensionAndSharesStorage() throws {
    let x = try Tensor.arange(0, 12)
    let y = try x.reshaped([3, -1])
    XCTAssertEqual(y.shape, [3, 4])
    XCTAssertEqual(y.scalars, x.scalars)
    XCTAssertTrue(y.storage === x.storage, "reshape must not copy")
    XCTAssertEqual(try x.reshaped([2, 2, 3]).shape, [2, 2, 3])
    XCTAssertEqual(try Tensor.scalar(5).reshaped([1, 1]).shape, [1, 1])
    XCTAssertEqual(try Tensor.zeros([0, 3]).reshaped([-1, 3]).shape, [0, 3])
  }

  func testReshapeErrorsNameShapes() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.reshaped([4, 2])) { e in
      XCTAssertEqual("\(e)", "reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)")
    }
    XCTAssertThrowsError(try x.reshaped([-1, -1])) { e in
      XCTAssertEqual("\(e)", "reshape: only one dimension can be -1, got [-1, -1]")
    }
    XCTAssertThrowsError(try x.reshaped([4, -1])) { e in
      XCTAssertEqual("\(e)", "reshape: cannot reshape [2, 3] (6 elements) into [4, -1]")
    }
    XCTAssertThrowsError(try x.reshaped([-2, -3])) { e in
      XCTAssertEqual("\(e)", "reshape: invalid dimension -2 in shape [-2, -3]")
    }
    XCTAssertThrowsError(try Tensor.zeros([0]).reshaped([0, -1])) { e in
      XCTAssertEqual("\(e)", "reshape: cannot reshape [0] (0 elements) into [0, -1]")
    }
  }

  // Reshape only renames positions: ∂L/∂x has x's shape and the seed's values in order.
  func testReshapeGradientIsTheSeedReshaped() throws {
    let x = try Tensor.uniform([2, 3], seed: 1).requiringGrad()
    let y = try x.reshaped([3, 2])
    try y.backward(try Tensor(shape: [3, 2], [1, 2, 3, 4, 5, 6]))
    XCTAssertEqual(x.grad?.shape, [2, 3])
    XCTAssertEqual(x.grad?.scalars, [1, 2, 3, 4, 5, 6])
  }

  func testSqueezeUnsqueezeFlattenFollowPyTorch() throws {
    let x = try Tensor.arange(0, 6).reshaped([2, 1, 3])
    XCTAssertEqual(try x.squeezed(axis: 1).shape, [2, 3])
    XCTAssertEqual(try x.squeezed(axis: 0).shape, [2, 1, 3], "size 2: unchanged, as PyTorch")
    XCTAssertEqual(try x.squeezed(axis: -2).shape, [2, 3])
    XCTAssertEqual(try x.unsqueezed(axis: 0).shape, [1, 2, 1, 3])
    XCTAssertEqual(try x.unsqueezed(axis: 3).shape, [2, 1, 3, 1])
    XCTAssertEqual(try x.unsqueezed(axis: -1).shape, [2, 1, 3, 1])
    XCTAssertEqual(try x.flattened().shape, [2, 3])
    XCTAssertEqual(try x.flattened(from: 0).shape, [6])
    XCTAssertEqual(try Tensor.zeros([2, 3, 4, 5]).flattened().shape, [2, 60])
    XCTAssertEqual(try Tensor.zeros([2, 3, 4, 5]).flattened(from: 2).shape, [2, 3, 20])
    XCTAssertEqual(try Tensor.scalar(1).flattened(from: 0).shape, [1])
    XCTAssertEqual(try Tensor.scalar(1).unsqueezed(axis: 0).shape, [1])
    for view in [try x.squeezed(axis: 1), try x.unsqueezed(axis: 0), try x.flattened()] {
      XCTAssertTrue(view.storage === x.storage)
      XCTAssertEqual(view.scalars, [0, 1, 2, 3, 4, 5])
    }
  }

  func testViewAxisErrors() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.squeezed(axis: 2)) { e in
      XCTAssertEqual(
        "\(e)", "squeeze: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)")
    }
    XCTAssertThrowsError(try x.unsqueezed(axis: 4)) { e in
      XCTAssertEqual(
        "\(e)",
        "unsqueeze: axis 4 is out of range for inserting into a tensor of shape [2, 3] (-3...2)")
    }
    XCTAssertThrowsError(try x.unsqueezed(axis: -4)) { e in
      XCTAssertEqual(
        "\(e)",
        "unsqueeze: axis -4 is out of range for inserting into a tensor of shape [2, 3] (-3...2)")
    }
    XCTAssertThrowsError(try x.flattened(from: 2)) { e in
      XCTAssertEqual(
        "\(e)", "flatten: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)")
    }
  }

  // MARK: permute and transpose

  func testTransposeOfMatrixByHand() throws {
    let x = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let t = try x.transposed()
    XCTAssertEqual(t.shape, [3, 2])
    XCTAssertEqual(t.scalars, [1, 4, 2, 5, 3, 6])
    XCTAssertEqual(try x.transposed(0, 1).scalars, t.scalars)
    XCTAssertEqual(try x.transposed(-1, -2).scalars, t.scalars)
    XCTAssertEqual(try x.transposed(1, 1).scalars, x.scalars)
  }

  // Sizes that are not multiples of the 32-wide tiles, large enough to run in parallel.
  func testTransposeMatchesNaiveOnRaggedTiles() throws {
    for shape in [[70, 45], [1, 40], [33, 1], [300, 257], [3, 37, 65]] {
      let x = try Tensor.uniform(shape, seed: 3)
      let r = shape.count
      var perm = Array(0..<r)
      perm.swapAt(r - 2, r - 1)
      XCTAssertEqual(try x.transposed().scalars, naivePermute(x, perm), "\(shape)")
    }
  }

  func testPermuteMatchesNaiveIn4D() throws {
    let x = try Tensor.uniform([4, 33, 17, 35], seed: 4)
    for perm in [
      [0, 2, 3, 1], [0, 3, 1, 2], [3, 2, 1, 0], [1, 0, 2, 3], [0, 1, 3, 2], [2, 0, 3, 1],
      [0, 1, 2, 3],
    ] {
      let y = try x.permuted(perm)
      XCTAssertEqual(y.shape, perm.map { x.shape[$0] })
      XCTAssertEqual(y.scalars, naivePermute(x, perm), "\(perm)")
    }
    XCTAssertEqual(try x.permuted([-4, -2, -1, -3]).scalars, naivePermute(x, [0, 2, 3, 1]))
  }

  func testPermuteErrors() throws {
    let x = try Tensor.zeros([2, 3, 4])
    for bad in [[0, 1], [0, 1, 1], [0, 1, 3], [0, -4, 1]] {
      XCTAssertThrowsError(try x.permuted(bad)) { e in
        XCTAssertEqual("\(e)", "permute: \(bad) is not a permutation of the 3 axes of [2, 3, 4]")
      }
    }
    XCTAssertThrowsError(try Tensor([1, 2]).transposed()) { e in
      XCTAssertEqual(
        "\(e)", "transpose: needs a tensor of rank >= 2 to swap the last two axes, got [2]")
    }
    XCTAssertThrowsError(try x.transposed(0, 3)) { e in
      XCTAssertEqual(
        "\(e)", "transpose: axis 3 is out of range for a tensor of shape [2, 3, 4] (-3...2)")
    }
  }

  // y = xᵀ, so ∂L/∂x = (∂L/∂y)ᵀ: the seed comes back transposed.
  func testTransposeGradientIsTheSeedTransposed() throws {
    let x = try Tensor.zeros([2, 3]).requiringGrad()
    try x.transposed().backward(try Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
    XCTAssertEqual(x.grad?.scalars, [1, 3, 5, 2, 4, 6])
  }

  // MARK: expand

  func testExpandStretchesSizeOneAndAddsLeadingAxes() throws {
    let col = try Tensor(shape: [2, 1], [1, 2])
    XCTAssertEqual(try col.expanded(to: [2, 3]).scalars, [1, 1, 1, 2, 2, 2])
    XCTAssertEqual(try col.expanded(to: [2, -1, 2]).scalars, [1, 1, 2, 2, 1, 1, 2, 2])
    XCTAssertEqual(try Tensor([1, 2, 3]).expanded(to: [2, 3]).scalars, [1, 2, 3, 1, 2, 3])
    XCTAssertEqual(try Tensor.scalar(7).expanded(to: [2, 2]).scalars, [7, 7, 7, 7])
    XCTAssertEqual(try col.expanded(to: [2, 0]).shape, [2, 0])
  }

  func testExpandErrors() throws {
    let x = Tensor([1, 2, 3])
    for bad in [[2, 4], [-1, 3], [], [3, -2]] {
      XCTAssertThrowsError(try x.expanded(to: bad)) { e in
        XCTAssertEqual("\(e)", "expand: cannot expand [3] to \(describeShape(bad))")
      }
    }
  }

  // y[i][j] = x[j] for two rows i, so ∂L/∂x[j] = Σᵢ g[i][j].
  func testExpandGradientSumsOverStretchedAxis() throws {
    let x = Tensor([1, 2, 3]).requiringGrad()
    try x.expanded(to: [2, 3]).backward(try Tensor(rows: [[1, 2, 3], [10, 20, 30]]))
    XCTAssertEqual(x.grad?.scalars, [11, 22, 33])
  }

  // MARK: finite differences

  func testShapeOpGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([2, 3, 4], low: -1, high: 1, seed: 5)
    let cases: [(String, ([Tensor]) throws -> Tensor)] = [
      ("reshape", { try $0[0].reshaped([4, -1]) }),
      ("permute", { try $0[0].permuted([2, 0, 1]) }),
      ("transpose", { try $0[0].transposed() }),
      ("transpose(0, 2)", { try $0[0].transposed(0, 2) }),
      ("squeeze", { try $0[0].unsqueezed(axis: 1).squeezed(axis: 1) }),
      ("flatten", { try $0[0].flattened() }),
      ("expand", { try $0[0].reshaped([2, 1, 3, 4]).expanded(to: [3, 2, 2, 3, 4]) }),
      // A product makes the gradient depend on the values, so misrouting would show.
      ("permute * x", { try $0[0].permuted([1, 2, 0]) * $0[0].permuted([1, 2, 0]) }),
    ]
    for (name, f) in cases {
      let r = try GradientCheck.check([x], f)
      XCTAssertLessThan(r.maxError, 2e-2, "\(name): \(r)")
    }
  }

  /// The permuted elements computed index by index.
  private func naivePermute(_ x: Tensor, _ perm: [Int]) -> [Float] {
    let outShape = perm.map { x.shape[$0] }
    let inStrides = Tensor.strides(of: x.shape)
    let xs = x.scalars
    var result: [Float] = []
    result.reserveCapacity(x.count)
    var index = [Int](repeating: 0, count: outShape.count)
    for _ in 0..<x.count {
      var offset = 0
      for (i, a) in perm.enumerated() { offset += index[i] * inStrides[a] }
      result.append(xs[offset])
      var d = outShape.count - 1
      while d >= 0 {
        index[d] += 1
        if index[d] < outShape[d] { break }
        index[d] = 0
        d -= 1
      }
    }
    return result
  }
}
