import Foundation
import TestSupport
import XCTest

@testable import LLALTensor

extension XCTestCase {
  /// Asserts that the tape's gradients of `f` at `inputs` match central differences.
  func assertGradientsMatch(
    _ inputs: [Tensor], tolerance: Double = 2e-2, epsilon: Float = 1e-2, _ name: String,
    file: StaticString = #filePath, line: UInt = #line, _ f: ([Tensor]) throws -> Tensor
  ) throws {
    let report = try GradientCheck.check(inputs, epsilon: epsilon, f)
    XCTAssertLessThan(report.maxError, tolerance, "\(name): \(report)", file: file, line: line)
  }
}

final class UnaryOpTests: XCTestCase {
  private let sample: [Float] = [-3.5, -1, -0.25, 0, 0.3, 1, 2.5, 7]

  private func reference(_ f: (Double) -> Double, _ xs: [Float]) -> [Float] {
    xs.map { Float(f(Double($0))) }
  }

  func testValuesMatchDoublePrecisionReference() throws {
    let x = Tensor(sample)
    assertClose(try x.exp().scalars, reference(Foundation.exp, sample), tolerance: 2e-7)
    assertClose(try x.tanh().scalars, reference(Foundation.tanh, sample), tolerance: 2e-7)
    assertClose(
      try x.sigmoid().scalars, reference({ 1 / (1 + Foundation.exp(-$0)) }, sample),
      tolerance: 2e-7)
    assertClose(try x.abs().scalars, sample.map { Swift.abs($0) }, tolerance: 0)
    assertClose(try x.relu().scalars, sample.map { Swift.max($0, 0) }, tolerance: 0)
    assertClose(try x.square().scalars, sample.map { $0 * $0 }, tolerance: 0)
    assertClose(try x.pow(3).scalars, reference({ Foundation.pow($0, 3) }, sample))
    assertClose(
      try x.clamp(min: -1, max: 2).scalars, [-1, -1, -0.25, 0, 0.3, 1, 2, 2], tolerance: 0)
    assertClose(try x.clamp(min: 0).scalars, sample.map { Swift.max($0, 0) }, tolerance: 0)
    assertClose(try x.clamp(max: 0).scalars, sample.map { Swift.min($0, 0) }, tolerance: 0)

    let positive: [Float] = [1e-3, 0.5, 1, 2, 10, 1e6]
    let p = Tensor(positive)
    assertClose(try p.log().scalars, reference(Foundation.log, positive), tolerance: 2e-7)
    assertClose(try p.sqrt().scalars, reference(Foundation.sqrt, positive), tolerance: 1e-7)
    assertClose(try p.pow(0.5).scalars, reference(Foundation.sqrt, positive), tolerance: 1e-6)
    assertClose(try p.pow(-1.5).scalars, reference({ Foundation.pow($0, -1.5) }, positive))
  }

  // Over 64K elements the maps run on several threads, and the SIMD loops leave a tail
  // (100_003 is not a multiple of 8); every element must still match.
  func testLargeTensorsMatchReferenceOnEveryElement() throws {
    let x = try Tensor.uniform([100_003], low: -20, high: 20, seed: 3)
    let xs = x.scalars
    assertClose(try x.exp().scalars, reference(Foundation.exp, xs), tolerance: 3e-7)
    assertClose(try x.tanh().scalars, reference(Foundation.tanh, xs), tolerance: 3e-7)
    assertClose(
      try x.sigmoid().scalars, reference({ 1 / (1 + Foundation.exp(-$0)) }, xs),
      tolerance: 3e-7)
    assertClose(try x.relu().scalars, xs.map { Swift.max($0, 0) }, tolerance: 0)
  }

  func testExtremeInputsSaturateAndNaNPropagates() throws {
    let x = Tensor([1000, -1000, .infinity, -.infinity, .nan])
    assertClose(try x.exp().scalars, [.infinity, 0, .infinity, 0, .nan])
    assertClose(try x.sigmoid().scalars, [1, 0, 1, 0, .nan])
    assertClose(try x.tanh().scalars, [1, -1, 1, -1, .nan])
    assertClose(try x.relu().scalars, [1000, 0, .infinity, 0, .nan])
    assertClose(try x.abs().scalars, [1000, 1000, .infinity, .infinity, .nan])
    assertClose(try x.clamp(min: -1, max: 1).scalars, [1, -1, 1, -1, .nan])
    assertClose(try Tensor([0, -1, .nan]).log().scalars, [-.infinity, .nan, .nan])
    assertClose(try Tensor([4, -1, .nan]).sqrt().scalars, [2, .nan, .nan])
  }

  // Inputs keep |x| ≥ 0.2 so that x ± ε never crosses the kinks of relu, abs and the
  // clamp bounds (−1, 1.5), where the finite difference would average two slopes.
  func testGradientsMatchFiniteDifferences() throws {
    let x = try Tensor(shape: [2, 4], [-2, -0.6, -0.2, 0.2, 0.7, 1.2, 1.9, 3])
    let positive = try Tensor.uniform([2, 4], low: 0.5, high: 3, seed: 11)
    let cases: [(String, Tensor, ([Tensor]) throws -> Tensor)] = [
      ("exp", x, { try $0[0].exp() }),
      ("log", positive, { try $0[0].log() }),
      ("sqrt", positive, { try $0[0].sqrt() }),
      ("abs", x, { try $0[0].abs() }),
      ("tanh", x, { try $0[0].tanh() }),
      ("sigmoid", x, { try $0[0].sigmoid() }),
      ("relu", x, { try $0[0].relu() }),
      ("square", x, { try $0[0].square() }),
      ("pow 3", x, { try $0[0].pow(3) }),
      ("pow -0.5", positive, { try $0[0].pow(-0.5) }),
      ("clamp", x, { try $0[0].clamp(min: -1, max: 1.5) }),
      ("clamp min", x, { try $0[0].clamp(min: 0.5) }),
    ]
    for (name, input, f) in cases {
      try assertGradientsMatch([input], name, f)
    }
  }

  func testPowTensorGradientsMatchFiniteDifferences() throws {
    let base = try Tensor.uniform([2, 3], low: 0.5, high: 2, seed: 4)
    let exponent = try Tensor.uniform([3], low: -1, high: 2, seed: 5)
    try assertGradientsMatch([base, exponent], "pow tensor") { try $0[0].pow($0[1]) }
  }

  func testGradientsByHand() throws {
    // d eˣ/dx = eˣ = 1 at 0; d tanh/dx = 1 − tanh² = 1 at 0; d σ/dx = σ(1 − σ) = 1/4 at 0.
    for (f, expected) in [
      ({ (x: Tensor) in try x.exp() }, Float(1)),
      ({ (x: Tensor) in try x.tanh() }, 1),
      ({ (x: Tensor) in try x.sigmoid() }, 0.25),
    ] {
      let x = Tensor([0]).requiringGrad()
      try f(x).backward()
      assertClose(x.grad?.scalars ?? [], [expected], tolerance: 1e-6)
    }
    // relu: slope 0 left of 0 and at 0, 1 right of it.
    let r = Tensor([-1, 0, 2]).requiringGrad()
    try r.relu().backward()
    XCTAssertEqual(r.grad?.scalars, [0, 0, 1])
    // |x|: slope sign(x), 0 at 0.
    let a = Tensor([-2, 0, 3]).requiringGrad()
    try a.abs().backward()
    XCTAssertEqual(a.grad?.scalars, [-1, 0, 1])
    // d x³/dx = 3x² = 12 at 2; d log x/dx = 1/x = 0.25 at 4; d √x/dx = 1/(2√x) = 0.25 at 4.
    let c = Tensor([2]).requiringGrad()
    try c.pow(3).backward()
    assertClose(c.grad?.scalars ?? [], [12])
    let l = Tensor([4]).requiringGrad()
    try l.log().backward()
    try l.sqrt().backward()
    assertClose(l.grad?.scalars ?? [], [0.5])
    // x⁰ is constant: zero gradient even at x = 0.
    let z = Tensor([0, 2]).requiringGrad()
    try z.pow(0).backward()
    XCTAssertEqual(z.grad?.scalars, [0, 0])
    // clamp passes the gradient inside the bounds, bounds included.
    let k = Tensor([-2, -1, 0, 1, 2]).requiringGrad()
    try k.clamp(min: -1, max: 1).backward()
    XCTAssertEqual(k.grad?.scalars, [0, 1, 1, 1, 0])
  }

  // y = bᵉ: dy/db = e·bᵉ⁻¹ = 3·4 = 12 at b = 2, e = 3; dy/de = bᵉ ln b = 8 ln 2.
  func testPowTensorGradientByHand() throws {
    let b = Tensor([2]).requiringGrad()
    let e = Tensor([3]).requiringGrad()
    let y = try b.pow(e)
    try y.backward()
    XCTAssertEqual(y.scalars, [8])
    assertClose(b.grad?.scalars ?? [], [12])
    assertClose(e.grad?.scalars ?? [], [8 * Float(Foundation.log(2.0))])
    // 0ᵉ with e ≥ 0: the exponent's gradient is 0, not NaN from 0 · log 0.
    let zero = Tensor([0]).requiringGrad()
    let two = Tensor([2]).requiringGrad()
    try zero.pow(two).backward()
    XCTAssertEqual(two.grad?.scalars, [0])
    XCTAssertEqual(zero.grad?.scalars, [0])
  }

  func testResultsAreRecordedOnlyForTrackedInputs() throws {
    XCTAssertFalse(try Tensor([1]).exp().requiresGrad)
    XCTAssertTrue(try Tensor([1]).requiringGrad().exp().requiresGrad)
    XCTAssertFalse(try withoutGrad { try Tensor([1]).requiringGrad().relu() }.requiresGrad)
  }

  func testBadArgumentsThrowNamedErrors() {
    let x = try? Tensor(shape: [2, 2], [1, 2, 3, 4])
    XCTAssertThrowsError(try x?.clamp()) { e in
      XCTAssertEqual("\(e)", "clamp: needs a min or a max bound (tensor [2, 2])")
    }
    XCTAssertThrowsError(try x?.clamp(min: 2, max: 1)) { e in
      XCTAssertEqual("\(e)", "clamp: bounds min 2.0 and max 1.0 are not ordered (tensor [2, 2])")
    }
    XCTAssertThrowsError(try x?.clamp(min: .nan)) { e in
      XCTAssertEqual("\(e)", "clamp: bounds min nan and max inf are not ordered (tensor [2, 2])")
    }
    XCTAssertThrowsError(try Tensor([1, 2, 3]).pow(Tensor([1, 2]))) { e in
      XCTAssertEqual("\(e)", "pow: shapes [3] and [2] cannot be broadcast together")
    }
  }

  func testEmptyAndScalarTensors() throws {
    let empty = try Tensor.zeros([0, 3])
    XCTAssertEqual(try empty.exp().shape, [0, 3])
    let s = Tensor.scalar(2)
    XCTAssertEqual(try s.square().shape, [])
    XCTAssertEqual(try s.square().item, 4)
  }
}
