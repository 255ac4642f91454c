import XCTest

@testable import LLALTensor

final class MatMulTests: XCTestCase {
  // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]]
  func testTwoByTwoByHand() throws {
    let a = try Tensor(shape: [2, 2], [1, 2, 3, 4])
    let b = try Tensor(shape: [2, 2], [5, 6, 7, 8])
    let c = try a.matmul(b)
    XCTAssertEqual(c.shape, [2, 2])
    XCTAssertEqual(c.scalars, [19, 22, 43, 50])
  }

  // NumPy's promotion: a 1-D left operand is a row vector, a 1-D right one a column,
  // and the unit dimension is dropped from the result.
  func testVectorOperands() throws {
    let v = Tensor([1, 2, 3])
    let m = try Tensor(shape: [3, 2], [1, 0, 0, 1, 1, 1])
    XCTAssertEqual(try v.matmul(v).shape, [])
    XCTAssertEqual(try v.matmul(v).scalars, [14])
    XCTAssertEqual(try v.matmul(m).scalars, [4, 5])
    XCTAssertEqual(try m.transposedCopy().matmul(v).scalars, [4, 5])
    XCTAssertEqual(try Tensor.ones([4, 2, 3]).matmul(v).shape, [4, 2])
  }

  // Each batch entry is the 2-D product of the broadcast operands' matching matrices.
  func testBatchedBroadcastMatchesPerMatrixProducts() throws {
    let a = try Tensor.uniform([2, 1, 3, 4], low: -1, high: 1, seed: 1)
    let b = try Tensor.uniform([3, 4, 5], low: -1, high: 1, seed: 2)
    let c = try a.matmul(b)
    XCTAssertEqual(c.shape, [2, 3, 3, 5])
    for i in 0..<2 {
      for j in 0..<3 {
        let ai = try Tensor(shape: [3, 4], Array(a.scalars[(i * 12)..<(i * 12 + 12)]))
        let bj = try Tensor(shape: [4, 5], Array(b.scalars[(j * 20)..<(j * 20 + 20)]))
        let expected = try ai.matmul(bj).scalars
        let got = Array(c.scalars[((i * 3 + j) * 15)..<((i * 3 + j) * 15 + 15)])
        for e in 0..<15 { XCTAssertEqual(got[e], expected[e], accuracy: 1e-5) }
      }
    }
    // A stack against one shared matrix (computed as one stacked GEMM).
    let s = try Tensor.uniform([5, 3, 4], low: -1, high: 1, seed: 3)
    let w = try Tensor.uniform([4, 2], low: -1, high: 1, seed: 4)
    let stacked = try s.matmul(w)
    let flat = try Tensor(shape: [15, 4], s.scalars).matmul(w)
    XCTAssertEqual(stacked.shape, [5, 3, 2])
    XCTAssertEqual(stacked.scalars, flat.scalars)
  }

  // L = Σ_ij (A·B)_ij, so dL/dA[i, p] = Σ_j B[p, j] (row sums of B) and
  // dL/dB[p, j] = Σ_i A[i, p] (column sums of A).
  func testGradientByHand() throws {
    let a = try Tensor(shape: [2, 2], [1, 2, 3, 4]).requiringGrad()
    let b = try Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]).requiringGrad()
    try a.matmul(b).backward()
    XCTAssertEqual(a.grad?.scalars, [6, 15, 6, 15])
    XCTAssertEqual(b.grad?.scalars, [4, 4, 4, 6, 6, 6])
  }

  func testGradientsMatchFiniteDifferences() throws {
    let cases: [([Int], [Int])] = [
      ([3, 4], [4, 5]),  // 2-D
      ([2, 3, 4], [2, 4, 2]),  // batched
      ([2, 1, 3, 4], [3, 4, 2]),  // broadcast batch on both sides
      ([3, 4], [2, 4, 5]),  // a shared across b's batch
      ([2, 3, 4], [4, 3]),  // b shared across a's batch
      ([4], [4, 3]),  // vector · matrix
      ([2, 3, 4], [4]),  // batch · vector
    ]
    for (i, (sa, sb)) in cases.enumerated() {
      let a = try Tensor.uniform(sa, low: -1, high: 1, seed: UInt64(10 + i))
      let b = try Tensor.uniform(sb, low: -1, high: 1, seed: UInt64(20 + i))
      let r = try GradientCheck.check([a, b]) { x in try x[0].matmul(x[1]) }
      XCTAssertLessThan(r.maxError, 2e-2, "\(sa) @ \(sb): \(r)")
    }
  }

  func testLinearMatchesMatmulPlusBias() throws {
    let x = try Tensor.uniform([5, 3], low: -1, high: 1, seed: 1)
    let w = try Tensor.uniform([4, 3], low: -1, high: 1, seed: 2)
    let b = Tensor([0.5, -1, 2, 0])
    let y = try Tensor.linear(x, weight: w, bias: b)
    let ref = try x.matmul(w.transposedCopy()) + b
    XCTAssertEqual(y.shape, [5, 4])
    for (u, v) in zip(y.scalars, ref.scalars) { XCTAssertEqual(u, v, accuracy: 1e-5) }
    let noBias = try Tensor.linear(x, weight: w, bias: nil)
    let plain = try x.matmul(w.transposedCopy())
    for (u, v) in zip(noBias.scalars, plain.scalars) { XCTAssertEqual(u, v, accuracy: 1e-5) }
    // Leading dimensions are batches of rows.
    let x3 = try Tensor(shape: [1, 5, 3], x.scalars)
    XCTAssertEqual(try Tensor.linear(x3, weight: w, bias: b).shape, [1, 5, 4])
  }

  func testLinearGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([6, 5], low: -1, high: 1, seed: 5)
    let w = try Tensor.uniform([3, 5], low: -1, high: 1, seed: 6)
    let b = try Tensor.uniform([3], low: -1, high: 1, seed: 7)
    let r1 = try GradientCheck.check([x, w, b]) { t in
      try Tensor.linear(t[0], weight: t[1], bias: t[2])
    }
    XCTAssertLessThan(r1.maxError, 2e-2, "\(r1)")
    let r2 = try GradientCheck.check([x, w]) { t in
      try Tensor.linear(t[0], weight: t[1], bias: nil)
    }
    XCTAssertLessThan(r2.maxError, 2e-2, "\(r2)")
  }

  // y = x·Wᵀ + b with seed ones: db = number of rows per output, dx[r] = Σ_o W[o].
  func testLinearGradientByHand() throws {
    let x = try Tensor(shape: [2, 2], [1, 2, 3, 4]).requiringGrad()
    let w = try Tensor(shape: [1, 2], [10, 20]).requiringGrad()
    let b = Tensor([1]).requiringGrad()
    let y = try Tensor.linear(x, weight: w, bias: b)
    XCTAssertEqual(y.scalars, [51, 111])
    try y.backward()
    XCTAssertEqual(x.grad?.scalars, [10, 20, 10, 20])
    XCTAssertEqual(w.grad?.scalars, [4, 6])
    XCTAssertEqual(b.grad?.scalars, [2])
  }

  func testErrorsNameOperationAndShapes() throws {
    func message(_ body: () throws -> Tensor) -> String {
      do {
        _ = try body()
        return "no error"
      } catch { return "\(error)" }
    }
    let a = try Tensor.zeros([2, 3]), b = try Tensor.zeros([4, 5])
    XCTAssertEqual(message { try a.matmul(b) }, "matmul: inner dimensions differ: [2, 3] @ [4, 5]")
    XCTAssertEqual(
      message { try Tensor.scalar(1).matmul(a) },
      "matmul: operands need at least one dimension, got [] @ [2, 3]")
    XCTAssertEqual(
      message { try Tensor.zeros([2, 3, 4]).matmul(.zeros([3, 4, 5])) },
      "matmul: batch dimensions cannot be broadcast: [2, 3, 4] @ [3, 4, 5]")
    XCTAssertEqual(
      message { try Tensor.linear(a, weight: b, bias: nil) },
      "linear: input [2, 3] does not end in the 5 input features of weight [4, 5]")
    XCTAssertEqual(
      message { try Tensor.linear(a, weight: .zeros([4, 3]), bias: .zeros([3])) },
      "linear: bias [3] does not match the 4 outputs of weight [4, 3]")
    XCTAssertEqual(
      message { try Tensor.linear(a, weight: .zeros([3]), bias: nil) },
      "linear: weight must be 2-D [out, in], got [3]")
  }

  // Zero-size dimensions give empty (or zero) results rather than crashes.
  func testEmptyDimensions() throws {
    XCTAssertEqual(try Tensor.zeros([0, 3]).matmul(.ones([3, 2])).shape, [0, 2])
    XCTAssertEqual(try Tensor.zeros([2, 0]).matmul(.ones([0, 2])).scalars, [0, 0, 0, 0])
    let a = try Tensor.ones([2, 3]).requiringGrad()
    let y = try a.matmul(.zeros([0, 3, 2]))
    XCTAssertEqual(y.shape, [0, 2, 2])
    try y.backward(.zeros(y.shape))
    XCTAssertEqual(a.grad?.scalars, [0, 0, 0, 0, 0, 0])
  }
}

extension Tensor {
  /// The transpose of a 2-D tensor as a fresh copy (test helper, not recorded).
  func transposedCopy() throws -> Tensor {
    let (r, c) = (shape[0], shape[1])
    let s = scalars
    return try Tensor(shape: [c, r], (0..<(r * c)).map { i in s[(i % r) * c + i / r] })
  }
}
