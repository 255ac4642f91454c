import TestSupport
import XCTest

@testable import LLALTensor

final class ReductionTests: XCTestCase {
  /// The elements of `x` grouped by their position outside `axes`, in row-major order of
  /// the result, each group folded by `fold` in Double.
  private func naive(_ x: Tensor, axes: [Int], _ fold: ([Double]) -> Double) -> [Float] {
    let shape = x.shape
    let strides = Tensor.strides(of: shape)
    let kept = (0..<shape.count).filter { !axes.contains($0) }
    let values = x.scalars
    var groups: [Int: [Double]] = [:]
    for linear in 0..<x.count {
      var key = 0
      for d in kept { key = key * shape[d] + (linear / strides[d]) % shape[d] }
      groups[key, default: []].append(Double(values[linear]))
    }
    return groups.keys.sorted().map { Float(fold(groups[$0]!)) }
  }

  private func sum(_ v: [Double]) -> Double { v.reduce(0, +) }
  private func mean(_ v: [Double]) -> Double { sum(v) / Double(v.count) }
  private func variance(_ v: [Double], unbiased: Bool) -> Double {
    let m = mean(v)
    return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - (unbiased ? 1 : 0))
  }

  /// Every subset of the axes of a rank-3 tensor, as positive axes.
  private let subsets: [[Int]] = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]

  func testEveryAxisSubsetMatchesNaiveReduction() throws {
    let x = try Tensor.uniform([3, 4, 5], low: -2, high: 2, seed: 1)
    for axes in subsets {
      let tag = "axes \(axes)"
      assertClose(try x.sum(axes: axes).scalars, naive(x, axes: axes, sum), tag)
      assertClose(try x.mean(axes: axes).scalars, naive(x, axes: axes, mean), tag)
      assertClose(try x.max(axes: axes).scalars, naive(x, axes: axes) { $0.max()! }, tag)
      assertClose(try x.min(axes: axes).scalars, naive(x, axes: axes) { $0.min()! }, tag)
      assertClose(
        try x.variance(axes: axes).scalars,
        naive(x, axes: axes) { self.variance($0, unbiased: false) }, tag)
      assertClose(
        try x.variance(axes: axes, unbiased: true).scalars,
        naive(x, axes: axes) { self.variance($0, unbiased: true) }, tag)
    }
  }

  func testShapesWithKeepDimsNegativeAxesAndNil() throws {
    let x = try Tensor.zeros([2, 3, 4])
    XCTAssertEqual(try x.sum().shape, [])
    XCTAssertEqual(try x.sum(keepDims: true).shape, [1, 1, 1])
    XCTAssertEqual(try x.sum(axes: [1]).shape, [2, 4])
    XCTAssertEqual(try x.mean(axes: [-1], keepDims: true).shape, [2, 3, 1])
    XCTAssertEqual(try x.max(axes: [0, -1]).shape, [3])
    XCTAssertEqual(try x.variance(axes: [2, 0], keepDims: true).shape, [1, 3, 1])
    XCTAssertEqual(try x.argmax(axis: 1).shape, [2, 4])
    XCTAssertEqual(try x.argmin(axis: -1, keepDims: true).shape, [2, 3, 1])
    // An empty axis list reduces nothing.
    XCTAssertEqual(try x.sum(axes: []).shape, [2, 3, 4])
    // Negative and positive spellings agree.
    let y = try Tensor.uniform([2, 3, 4], seed: 2)
    XCTAssertEqual(try y.sum(axes: [-1, -3]).scalars, try y.sum(axes: [0, 2]).scalars)
    // A scalar reduces to itself.
    XCTAssertEqual(try Tensor.scalar(5).sum(axes: [0]).item, 5)
    XCTAssertEqual(try Tensor.scalar(5).argmax(axis: -1).item, 0)
  }

  // Sizes big enough for the threaded paths: rows split by rows, one long row split into
  // partial sums, wide columns split by column blocks, and the per-channel statistics of
  // an NCHW batch (row sums over H·W, then column sums over N).
  func testLargeReductionsMatchNaive() throws {
    let cases: [([Int], [Int])] = [
      ([300, 400], [1]), ([1, 150_001], [1]), ([3, 40_001], [0]), ([32, 8, 16, 16], [0, 2, 3]),
      ([5, 7, 3001], [1]),
    ]
    for (shape, axes) in cases {
      let x = try Tensor.uniform(shape, low: -1, high: 1, seed: 5)
      let tag = "\(shape) axes \(axes)"
      assertClose(try x.sum(axes: axes).scalars, naive(x, axes: axes, sum), tolerance: 1e-4, tag)
      assertClose(try x.max(axes: axes).scalars, naive(x, axes: axes) { $0.max()! }, tag)
      assertClose(try x.min(axes: axes).scalars, naive(x, axes: axes) { $0.min()! }, tag)
    }
  }

  // Row lengths 1…70: rows shorter than a vector, every tail length, and the unrolled
  // 32-element blocks of the row kernels.
  func testEveryRowLength() throws {
    for n in 1...70 {
      let x = try Tensor.uniform([2, n], low: -1, high: 1, seed: UInt64(n))
      let tag = "n = \(n)"
      assertClose(try x.sum(axes: [1]).scalars, naive(x, axes: [1], sum), tag)
      assertClose(try x.max(axes: [1]).scalars, naive(x, axes: [1]) { $0.max()! }, tag)
      assertClose(try x.min(axes: [1]).scalars, naive(x, axes: [1]) { $0.min()! }, tag)
      assertClose(try x.sum(axes: [0]).scalars, naive(x, axes: [0], sum), tag)
      assertClose(try x.max(axes: [0]).scalars, naive(x, axes: [0]) { $0.max()! }, tag)
    }
  }

  func testNaNPropagatesAndEmptyReductions() throws {
    let x = try Tensor(shape: [2, 3], [1, .nan, 3, 4, 5, 6])
    XCTAssertEqual(try x.max(axes: [1]).scalars.map(\.isNaN), [true, false])
    XCTAssertEqual(try x.min(axes: [1]).scalars.map(\.isNaN), [true, false])
    XCTAssertEqual(try x.sum(axes: [1]).scalars.map(\.isNaN), [true, false])
    XCTAssertTrue(try x.max().item?.isNaN ?? false)
    // A NaN anywhere in a long row (through the vector lanes) still wins.
    let long = try Tensor.uniform([1000], seed: 1)
    long.storage.base[517] = .nan
    XCTAssertTrue(try long.max().item?.isNaN ?? false)

    let empty = try Tensor.zeros([0, 3])
    XCTAssertEqual(try empty.sum(axes: [0]).scalars, [0, 0, 0])
    XCTAssertTrue(try empty.mean().item?.isNaN ?? false)
    XCTAssertEqual(try empty.sum(axes: [1]).shape, [0])
    XCTAssertEqual(try empty.max(axes: [1]).shape, [0])
    // One element: the unbiased variance divides by zero.
    XCTAssertTrue(try Tensor([3]).variance(unbiased: true).item?.isNaN ?? false)
  }

  func testArgmaxArgminTiesNaNAndAxes() throws {
    let x = try Tensor(shape: [2, 4], [1, 3, 3, 0, 2, 2, 1, 1])
    XCTAssertEqual(try x.argmax(axis: 1).scalars, [1, 0])  // first of the tied maxima
    XCTAssertEqual(try x.argmin(axis: 1).scalars, [3, 2])
    XCTAssertEqual(try x.argmax(axis: 0).scalars, [1, 0, 0, 1])
    XCTAssertEqual(try x.argmin(axis: -2).scalars, [0, 1, 1, 0])
    XCTAssertEqual(try Tensor([1, .nan, 5, .nan]).argmax(axis: 0).scalars, [1])
    XCTAssertEqual(try Tensor([1, .nan, -5]).argmin(axis: 0).scalars, [1])
    let y = try Tensor.uniform([3, 5, 7], seed: 9)
    let expected = naive(y, axes: [1]) { v in Double(v.firstIndex(of: v.max()!)!) }
    XCTAssertEqual(try y.argmax(axis: 1).scalars, expected)
    XCTAssertFalse(try Tensor([1, 2]).requiringGrad().argmax(axis: 0).requiresGrad)
  }

  // Distinct values (gaps ≥ 0.05 > 2ε apart, from a permutation), so that x ± ε never
  // changes which element is the maximum or minimum.
  func testGradientsMatchFiniteDifferences() throws {
    var g = RandomGenerator(seed: 3)
    let values = g.permutation(24).map { Float($0) * 0.05 - 0.6 }
    let x = try Tensor(shape: [2, 3, 4], values)
    for axes in subsets + [[-1]] {
      let tag = "axes \(axes)"
      try assertGradientsMatch([x], "sum \(tag)") { try $0[0].sum(axes: axes) }
      try assertGradientsMatch([x], "mean \(tag)") { try $0[0].mean(axes: axes, keepDims: true) }
      try assertGradientsMatch([x], "max \(tag)") { try $0[0].max(axes: axes) }
      try assertGradientsMatch([x], "min \(tag)") { try $0[0].min(axes: axes) }
      try assertGradientsMatch([x], "variance \(tag)") { try $0[0].variance(axes: axes) }
      try assertGradientsMatch([x], "unbiased variance \(tag)") {
        try $0[0].variance(axes: axes, unbiased: true)
      }
    }
  }

  func testGradientsByHand() throws {
    // d mean/dxᵢ = 1/n = 1/4.
    let m = Tensor([1, 2, 3, 4]).requiringGrad()
    try m.mean().backward()
    XCTAssertEqual(m.grad?.scalars, [0.25, 0.25, 0.25, 0.25])
    // d var/dxᵢ = 2 (xᵢ − mean)/n: x = [1, 2, 3, 6], mean 3 → [−1, −0.5, 0, 1.5].
    let v = Tensor([1, 2, 3, 6]).requiringGrad()
    try v.variance().backward()
    assertClose(v.grad?.scalars ?? [], [-1, -0.5, 0, 1.5])
    // Unbiased divides by n − 1 = 3: 2 (xᵢ − 3)/3.
    let u = Tensor([1, 2, 3, 6]).requiringGrad()
    try u.variance(unbiased: true).backward()
    assertClose(u.grad?.scalars ?? [], [-4.0 / 3, -2.0 / 3, 0, 2])
    // max: the maximum gets the gradient, shared by ties; per row with keepDims.
    let x = try Tensor(shape: [2, 3], [1, 3, 3, 5, 2, 0]).requiringGrad()
    try x.max(axes: [1], keepDims: true).backward()
    XCTAssertEqual(x.grad?.scalars, [0, 0.5, 0.5, 1, 0, 0])
    // sum over axis 0 of [2, 3] with seed [1, 2, 3]: each column's seed to both rows.
    let s = try Tensor.ones([2, 3]).requiringGrad()
    try s.sum(axes: [0]).backward(Tensor([1, 2, 3]))
    XCTAssertEqual(s.grad?.scalars, [1, 2, 3, 1, 2, 3])
  }

  func testBadAxesThrowNamedErrors() throws {
    let x = try Tensor.zeros([2, 3])
    XCTAssertThrowsError(try x.sum(axes: [2])) { e in
      XCTAssertEqual("\(e)", "sum: axis 2 is out of range for a tensor of shape [2, 3]")
    }
    XCTAssertThrowsError(try x.mean(axes: [-3])) { e in
      XCTAssertEqual("\(e)", "mean: axis -3 is out of range for a tensor of shape [2, 3]")
    }
    XCTAssertThrowsError(try x.max(axes: [1, -1])) { e in
      XCTAssertEqual("\(e)", "max: axes [1, -1] name axis 1 twice (tensor [2, 3])")
    }
    XCTAssertThrowsError(try x.variance(axes: [0, 0])) { e in
      XCTAssertEqual("\(e)", "variance: axes [0, 0] name axis 0 twice (tensor [2, 3])")
    }
    XCTAssertThrowsError(try x.argmax(axis: 5)) { e in
      XCTAssertEqual("\(e)", "argmax: axis 5 is out of range for a tensor of shape [2, 3]")
    }
    let empty = try Tensor.zeros([3, 0])
    XCTAssertThrowsError(try empty.max(axes: [1])) { e in
      XCTAssertEqual("\(e)", "max: cannot reduce over an empty axis of [3, 0]")
    }
    XCTAssertThrowsError(try empty.argmin(axis: 1)) { e in
      XCTAssertEqual("\(e)", "argmin: cannot reduce over an empty axis of [3, 0]")
    }
  }
}
