import Foundation
import TestSupport
import XCTest

@testable import LLALTensor

final class SoftmaxTests: XCTestCase {
  /// Softmax (or log-softmax) along `axis`, in Double, straight from the definition.
  private func naive(_ x: Tensor, axis: Int, log: Bool) -> [Float] {
    let shape = x.shape
    let r = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let values = x.scalars.map(Double.init)
    var out = [Float](repeating: 0, count: x.count)
    for o in 0..<(x.count / (r * inner)) {
      for j in 0..<inner {
        let idx = (0..<r).map { (o * r + $0) * inner + j }
        let m = idx.map { values[$0] }.max()!
        let s = idx.map { Foundation.exp(values[$0] - m) }.reduce(0, +)
        for i in idx {
          out[i] = Float(
            log ? values[i] - m - Foundation.log(s) : Foundation.exp(values[i] - m) / s)
        }
      }
    }
    return out
  }

  // Axis 1 of [3, 5, 11] is strided (11 columns: one full block of 8 and a tail of 3).
  func testMatchesDefinitionAlongEveryAxis() throws {
    let x = try Tensor.uniform([3, 5, 11], low: -4, high: 4, seed: 1)
    for axis in 0..<3 {
      assertClose(
        try x.softmax(axis: axis).scalars, naive(x, axis: axis, log: false),
        tolerance: 1e-6, "softmax axis \(axis)")
      assertClose(
        try x.logSoftmax(axis: axis).scalars, naive(x, axis: axis, log: true),
        tolerance: 1e-5, "logSoftmax axis \(axis)")
    }
    XCTAssertEqual(try x.softmax(axis: -2).scalars, try x.softmax(axis: 1).scalars)
  }

  // 4096 rows of 37: several threads, and rows that end in a partial vector.
  func testLargeBatchRowsSumToOne() throws {
    let x = try Tensor.uniform([4096, 37], low: -10, high: 10, seed: 2)
    let y = try x.softmax()
    assertClose(y.scalars, naive(x, axis: 1, log: false), tolerance: 1e-6)
    for s in try y.sum(axes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
  }

  // Row lengths 1…40 cover rows shorter than a vector and every tail length after full
  // vectors; the backward formulas are checked element-wise:
  // softmax dx = y (g − Σ g y), logSoftmax dx = g − softmax · Σ g.
  func testEveryRowLengthForwardAndBackward() throws {
    for c in 1...40 {
      let x = try Tensor.uniform([3, c], low: -3, high: 3, seed: UInt64(c))
      let g = try Tensor.uniform([3, c], low: -1, high: 1, seed: UInt64(100 + c))
      let p = naive(x, axis: 1, log: false)
      let gs = g.scalars
      var expectSoft = [Float](), expectLog = [Float]()
      for row in 0..<3 {
        let r = (row * c)..<(row * c + c)
        let dot = r.map { gs[$0] * p[$0] }.reduce(0, +)
        let total = r.map { gs[$0] }.reduce(0, +)
        expectSoft += r.map { p[$0] * (gs[$0] - dot) }
        expectLog += r.map { gs[$0] - p[$0] * total }
      }
      let a = x.detached().requiringGrad()
      let y = try a.softmax()
      assertClose(y.scalars, p, tolerance: 1e-6, "softmax C=\(c)")
      try y.backward(g)
      assertClose(a.grad?.scalars ?? [], expectSoft, tolerance: 1e-5, "softmax grad C=\(c)")
      let b = x.detached().requiringGrad()
      let z = try b.logSoftmax()
      assertClose(z.scalars, naive(x, axis: 1, log: true), tolerance: 1e-5, "log C=\(c)")
      try z.backward(g)
      assertClose(b.grad?.scalars ?? [], expectLog, tolerance: 1e-5, "log grad C=\(c)")
    }
  }

  func testLargeLogitsStayFinite() throws {
    let x = try Tensor(rows: [[1000, 1000], [1000, 0], [-1000, 1000]])
    assertClose(try x.softmax().scalars, [0.5, 0.5, 1, 0, 0, 1], tolerance: 1e-7)
    assertClose(
      try x.logSoftmax().scalars,
      [-Float(Foundation.log(2.0)), -Float(Foundation.log(2.0)), 0, -1000, -2000, 0])
    let column = try Tensor(shape: [2, 1], [1000, 999]).softmax(axis: 0)
    assertClose(
      column.scalars, [Float(1 / (1 + Foundation.exp(-1.0))), Float(1 / (1 + Foundation.exp(1.0)))])
  }

  func testNaNSpoilsOnlyItsOwnRow() throws {
    let x = try Tensor(rows: [[1, .nan, 2], [1, 2, 3]])
    for y in [try x.softmax(), try x.logSoftmax()] {
      XCTAssertEqual(y.scalars.map(\.isNaN), [true, true, true, false, false, false])
    }
  }

  func testGradientsMatchFiniteDifferences() throws {
    let x = try Tensor.uniform([2, 3, 9], low: -2, high: 2, seed: 3)
    for axis in [0, 1, -1] {
      try assertGradientsMatch([x], "softmax axis \(axis)") { try $0[0].softmax(axis: axis) }
      try assertGradientsMatch([x], "logSoftmax axis \(axis)") { try $0[0].logSoftmax(axis: axis) }
    }
  }

  func testGradientsByHand() throws {
    // Σᵢ softmax(x)ᵢ = 1 whatever x is, so its gradient is 0.
    let x = try Tensor(rows: [[0.5, -1, 2], [3, 0, 1]]).requiringGrad()
    try x.softmax().sum().backward()
    assertClose(x.grad?.scalars ?? [], [0, 0, 0, 0, 0, 0], tolerance: 1e-6)
    // Σᵢ logSoftmax(x)ᵢ = Σᵢ xᵢ − C·logsumexp(x); d logsumexp = softmax, so the gradient
    // is 1 − C·softmax(x).
    let z = try Tensor(rows: [[0.5, -1, 2]]).requiringGrad()
    try z.logSoftmax().sum().backward()
    let p = try z.detached().softmax().scalars
    assertClose(z.grad?.scalars ?? [], p.map { 1 - 3 * $0 }, tolerance: 1e-6)
    // Picking the logSoftmax of class 2 (seed one-hot): d = onehot − softmax.
    let w = try Tensor(rows: [[0.5, -1, 2]]).requiringGrad()
    try w.logSoftmax().backward(Tensor(rows: [[0, 0, 1]]))
    assertClose(w.grad?.scalars ?? [], [-p[0], -p[1], 1 - p[2]], tolerance: 1e-6)
  }

  func testBadAxisNamesOperationAndShape() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.softmax(axis: 2)) { e in
      XCTAssertEqual("\(e)", "softmax: axis 2 is out of range for a tensor of shape [2, 3]")
    }
    XCTAssertThrowsError(try x.logSoftmax(axis: -3)) { e in
      XCTAssertEqual("\(e)", "logSoftmax: axis -3 is out of range for a tensor of shape [2, 3]")
    }
    XCTAssertEqual(try Tensor.zeros([0, 3]).softmax().shape, [0, 3])
  }
}
