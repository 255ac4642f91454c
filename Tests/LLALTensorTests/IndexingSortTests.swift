import XCTest

@testable import LLALTensor

final class IndexingSortTests: XCTestCase {
  // MARK: gather

  // PyTorch's documentation example: torch.gather(t, 1, [[0, 0], [1, 0]]) = [[1, 1], [4, 3]].
  func testGatherFollowsTorchGather() throws {
    let t = try Tensor(rows: [[1, 2], [3, 4]])
    let idx = try Tensor(rows: [[0, 0], [1, 0]])
    XCTAssertEqual(try t.gather(axis: 1, indices: idx).scalars, [1, 1, 4, 3])
    XCTAssertEqual(try t.gather(axis: 0, indices: idx).scalars, [1, 2, 3, 2])
    // Indices may be smaller than the input on the other axes.
    let x = try Tensor.arange(0, 12).reshaped([3, 4])
    let picked = try x.gather(axis: -1, indices: try Tensor(rows: [[3], [0]]))
    XCTAssertEqual(picked.shape, [2, 1])
    XCTAssertEqual(picked.scalars, [3, 4])
  }

  func testGatherErrors() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.gather(axis: 1, indices: try Tensor(rows: [[3], [0]]))) { e in
      XCTAssertEqual(
        "\(e)",
        "gather: index 3 is out of range for axis 1 of size 3 (input [2, 3], indices [2, 1])")
    }
    XCTAssertThrowsError(try x.gather(axis: 1, indices: try Tensor(rows: [[-1], [0]]))) { e in
      XCTAssertEqual(
        "\(e)",
        "gather: index -1 is out of range for axis 1 of size 3 (input [2, 3], indices [2, 1])")
    }
    XCTAssertThrowsError(try x.gather(axis: 1, indices: try Tensor(rows: [[0.5], [0]]))) { e in
      XCTAssertEqual(
        "\(e)",
        "gather: index 0.5 is not a whole number for axis 1 of size 3 (input [2, 3], indices [2, 1])"
      )
    }
    XCTAssertThrowsError(try x.gather(axis: 1, indices: Tensor([0, 1]))) { e in
      XCTAssertEqual(
        "\(e)", "gather: indices must have the input's rank (input [2, 3], indices [2])")
    }
    XCTAssertThrowsError(try x.gather(axis: 1, indices: try Tensor.zeros([3, 1]))) { e in
      XCTAssertEqual(
        "\(e)", "gather: indices are larger than the input on axis 0 (input [2, 3], indices [3, 1])"
      )
    }
    XCTAssertThrowsError(try x.gather(axis: 2, indices: try Tensor.zeros([2, 1]))) { e in
      XCTAssertEqual("\(e)", "gather: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)")
    }
  }

  // y = [[x00, x00], [x11, x10]]: ∂Σy/∂x counts how often each element was picked.
  func testGatherGradientAccumulatesRepeats() throws {
    let x = try Tensor(rows: [[1, 2], [3, 4]]).requiringGrad()
    let y = try x.gather(axis: 1, indices: try Tensor(rows: [[0, 0], [1, 0]]))
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [2, 0, 1, 1])
  }

  // MARK: indexSelect

  func testIndexSelectTakesSlicesInOrder() throws {
    let x = try Tensor.arange(0, 6).reshaped([3, 2])
    XCTAssertEqual(try x.indexSelect(axis: 0, indices: [2, 0, 2]).scalars, [4, 5, 0, 1, 4, 5])
    XCTAssertEqual(try x.indexSelect(axis: 1, indices: [1]).scalars, [1, 3, 5])
    XCTAssertEqual(try x.indexSelect(axis: 0, indices: []).shape, [0, 2])
    XCTAssertThrowsError(try x.indexSelect(axis: 0, indices: [0, 3])) { e in
      XCTAssertEqual("\(e)", "indexSelect: index 3 is out of range for axis 0 of size 3 in [3, 2]")
    }
    XCTAssertThrowsError(try x.indexSelect(axis: 1, indices: [-1])) { e in
      XCTAssertEqual("\(e)", "indexSelect: index -1 is out of range for axis 1 of size 2 in [3, 2]")
    }
  }

  // Rows [2, 0, 2] of x: row 2 is taken twice, so its gradient is the sum of two seed rows.
  func testIndexSelectGradientAddsRepeatedRows() throws {
    let x = try Tensor.zeros([3, 2]).requiringGrad()
    let y = try x.indexSelect(axis: 0, indices: [2, 0, 2])
    try y.backward(try Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
    XCTAssertEqual(x.grad?.scalars, [3, 4, 0, 0, 6, 8])
  }

  // MARK: sort and topk

  func testSortedAscendingAndDescending() throws {
    let x = Tensor([3, 1, 2, 5, 4])
    let (v, i) = try x.sorted()
    XCTAssertEqual(v.scalars, [1, 2, 3, 4, 5])
    XCTAssertEqual(i.scalars, [1, 2, 0, 4, 3])
    let (dv, di) = try x.sorted(descending: true)
    XCTAssertEqual(dv.scalars, [5, 4, 3, 2, 1])
    XCTAssertEqual(di.scalars, [3, 4, 0, 2, 1])
  }

  // Equal values keep their original order in both directions.
  func testSortIsStable() throws {
    let x = Tensor([2, 1, 2, 1, 2])
    XCTAssertEqual(try x.sorted().indices.scalars, [1, 3, 0, 2, 4])
    XCTAssertEqual(try x.sorted(descending: true).indices.scalars, [0, 2, 4, 1, 3])
    XCTAssertEqual(try x.topk(2).indices.scalars, [0, 2])
    XCTAssertEqual(try x.topk(3, largest: false).indices.scalars, [1, 3, 0])
  }

  // PyTorch orders NaN above every number.
  func testNaNSortsAsLargest() throws {
    let x = Tensor([1, .nan, -1])
    XCTAssertEqual(try x.sorted().indices.scalars, [2, 0, 1])
    XCTAssertEqual(try x.sorted(descending: true).indices.scalars, [1, 0, 2])
    XCTAssertEqual(try x.topk(1).indices.scalars, [1])
  }

  func testSortAlongFirstAxisOfMatrix() throws {
    let x = try Tensor(rows: [[3, 0], [1, 5], [2, 4]])
    let (v, i) = try x.sorted(axis: 0)
    XCTAssertEqual(v.scalars, [1, 0, 2, 4, 3, 5])
    XCTAssertEqual(i.scalars, [1, 0, 2, 2, 0, 1])
    let (tv, ti) = try x.topk(2, axis: 0)
    XCTAssertEqual(tv.shape, [2, 2])
    XCTAssertEqual(tv.scalars, [3, 5, 2, 4])
    XCTAssertEqual(ti.scalars, [0, 1, 2, 2])
  }

  func testTopkSmallestAndEmpty() throws {
    let x = try Tensor(rows: [[4, 1, 3, 2], [0, 9, 8, 7]])
    let (v, i) = try x.topk(2, largest: false)
    XCTAssertEqual(v.scalars, [1, 2, 0, 7])
    XCTAssertEqual(i.scalars, [1, 3, 0, 3])
    XCTAssertEqual(try x.topk(0).values.shape, [2, 0])
    XCTAssertEqual(try x.topk(4).values.scalars, [4, 3, 2, 1, 9, 8, 7, 0])
  }

  func testTopkAndSortErrors() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.topk(4)) { e in
      XCTAssertEqual("\(e)", "topk: k = 4 is out of range for axis -1 of size 3 in [2, 3]")
    }
    XCTAssertThrowsError(try x.topk(-1, axis: 0)) { e in
      XCTAssertEqual("\(e)", "topk: k = -1 is out of range for axis 0 of size 2 in [2, 3]")
    }
    XCTAssertThrowsError(try x.sorted(axis: 2)) { e in
      XCTAssertEqual("\(e)", "sort: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)")
    }
  }

  // The values are the input permuted: each value's gradient returns to its source.
  // x = [3, 1, 2] sorts to [x1, x2, x0], so seed [10, 20, 30] gives ∂L/∂x = [30, 10, 20];
  // topk(2) keeps [x0, x2], so x1 gets nothing.
  func testSortAndTopkGradientsReturnToTheSources() throws {
    let x = Tensor([3, 1, 2]).requiringGrad()
    try x.sorted().values.backward(Tensor([10, 20, 30]))
    XCTAssertEqual(x.grad?.scalars, [30, 10, 20])
    x.zeroGrad()
    try x.topk(2).values.backward(Tensor([10, 20]))
    XCTAssertEqual(x.grad?.scalars, [10, 0, 20])
  }

  // Finite differences need a stable order under ±ε: the inputs are distinct multiples
  // of 0.1 (no ties, gaps 10ε), a seeded permutation so the order is not trivial.
  func testIndexingAndSortGradientsMatchFiniteDifferences() throws {
    var g = RandomGenerator(seed: 8)
    let x = try Tensor(shape: [3, 5], g.permutation(15).map { Float($0) * 0.1 - 0.7 })
    let idx = try Tensor(rows: [[4, 0, 4], [1, 1, 2], [3, 0, 0]])
    let cases: [(String, ([Tensor]) throws -> Tensor)] = [
      ("gather", { try $0[0].gather(axis: 1, indices: idx) }),
      ("gather axis 0", { try $0[0].gather(axis: 0, indices: try Tensor.zeros([2, 5])) }),
      ("indexSelect", { try $0[0].indexSelect(axis: 1, indices: [4, 0, 4]) }),
      ("sorted", { try $0[0].sorted(axis: 1).values }),
      ("sorted descending axis 0", { try $0[0].sorted(axis: 0, descending: true).values }),
      ("topk", { try $0[0].topk(2).values }),
      (
        "topk smallest * x",
        {
          let v = try $0[0].topk(3, axis: 1, largest: false).values
          return try v * v
        }
      ),
    ]
    for (name, f) in cases {
      let r = try GradientCheck.check([x], f)
      XCTAssertLessThan(r.maxError, 2e-2, "\(name): \(r)")
    }
  }
}
