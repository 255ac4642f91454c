import XCTest

@testable import LLALTensor

final class AutodiffTests: XCTestCase {
  // y = x² + 5x + 4 written with the primitives, dy/dx = 2x + 5 → 11 at x = 3.
  func testPolynomialByHand() throws {
    let x = Tensor([3]).requiringGrad()
    let y = try x * x + x * 5 + 4
    try y.backward()
    XCTAssertEqual(y.scalars, [28])
    XCTAssertEqual(x.grad?.scalars, [11])
  }

  // Broadcast add: z = a[2,3] + b[3]; dL/db sums the seed over the broadcast rows.
  func testBroadcastGradientSumsOverStretchedAxis() throws {
    let a = try Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]).requiringGrad()
    let b = Tensor([10, 20, 30]).requiringGrad()
    let z = try a + b
    try z.backward()
    XCTAssertEqual(z.scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual(a.grad?.scalars, [1, 1, 1, 1, 1, 1])
    XCTAssertEqual(b.grad?.scalars, [2, 2, 2])
  }

  func testGradientsAccumulateAcrossBackwardCalls() throws {
    let x = Tensor([2]).requiringGrad()
    try (x * x).backward()
    try (x * x).backward()
    XCTAssertEqual(x.grad?.scalars, [8])
  }

  func testDetachAndNoGradStopRecording() throws {
    let x = Tensor([2]).requiringGrad()
    XCTAssertFalse(try x.detached() * 3 |> { $0.requiresGrad })
    XCTAssertFalse(try withoutGrad { try x * 3 }.requiresGrad)
    XCTAssertTrue(try (x * 3).requiresGrad)
  }

  func testArithmeticGradientsMatchFiniteDifferences() throws {
    let a = try Tensor.uniform([2, 3], low: 0.5, high: 2, seed: 1)
    let b = try Tensor.uniform([3], low: 0.5, high: 2, seed: 2)
    for (name, f) in [
      ("add", { (x: [Tensor]) in try x[0] + x[1] }),
      ("sub", { (x: [Tensor]) in try x[0] - x[1] }),
      ("mul", { (x: [Tensor]) in try x[0] * x[1] }),
      ("div", { (x: [Tensor]) in try x[0] / x[1] }),
      ("neg", { (x: [Tensor]) in -x[0] }),
    ] as [(String, ([Tensor]) throws -> Tensor)] {
      let r = try GradientCheck.check([a, b], f)
      XCTAssertLessThan(r.maxError, 2e-2, "\(name): \(r)")
    }
  }

  func testBroadcastMismatchNamesOperationAndShapes() {
    let a = Tensor([1, 2, 3])
    let b = Tensor([1, 2])
    XCTAssertThrowsError(try a + b) { e in
      XCTAssertEqual(
        "\(e)", "add: shapes [3] and [2] cannot be broadcast together")
    }
  }
}

infix operator |> : AdditionPrecedence
func |> <A, B>(a: A, f: (A) throws -> B) rethrows -> B { try f(a) }

final class BroadcastTests: XCTestCase {
  // Every broadcast pattern against an index-by-index reference.
  func testBroadcastArithmeticMatchesReference() throws {
    let cases: [([Int], [Int])] = [
      ([2, 3], [2, 3]), ([2, 3], []), ([], [2, 3]), ([2, 3], [3]), ([2, 1, 3], [1, 4, 1]),
      ([4, 1], [1, 5]), ([3, 1, 1], [3, 2, 2]), ([1], [7]),
    ]
    for (sa, sb) in cases {
      let a = try Tensor.uniform(sa, low: 1, high: 2, seed: 3)
      let b = try Tensor.uniform(sb, low: 1, high: 2, seed: 4)
      let shape = try Tensor.broadcastShape(sa, sb, op: "test")
      let strideA = Tensor.broadcastStrides(sa, to: shape)
      let strideB = Tensor.broadcastStrides(sb, to: shape)
      for (name, result, f) in [
        ("add", try a + b, { (x: Float, y: Float) in x + y }),
        ("sub", try a - b, { $0 - $1 }), ("mul", try a * b, { $0 * $1 }),
        ("div", try a / b, { $0 / $1 }),
      ] as [(String, Tensor, (Float, Float) -> Float)] {
        XCTAssertEqual(result.shape, shape)
        var expected: [Float] = []
        forEachIndex(shape) { _, offset in
          expected.append(f(a.scalars[offset(strideA)], b.scalars[offset(strideB)]))
        }
        XCTAssertEqual(result.scalars, expected, "\(name) \(sa) \(sb)")
      }
      // The VJP of a broadcast sums back to each operand's shape.
      XCTAssertEqual(try (a + b).sumToShape(sa).shape, sa)
    }
  }

  // sumToShape([2,3] → [3]) sums the rows; ([2,3] → [2,1]) sums the columns.
  func testSumToShapeByHand() throws {
    let t = try Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(try t.sumToShape([3]).scalars, [5, 7, 9])
    XCTAssertEqual(try t.sumToShape([2, 1]).scalars, [6, 15])
    XCTAssertEqual(try t.sumToShape([]).scalars, [21])
    XCTAssertThrowsError(try t.sumToShape([4])) {
      XCTAssertEqual("\($0)", "sumToShape: shapes [4] and [2, 3] cannot be broadcast together")
    }
  }
}

/// Calls `probe` when its VJP runs: lets a test look at the tape mid-backward.
private struct ProbeOp: TapeOp {
  static var entry: PrimitiveEntry<Self> { .unlisted }
  let probe: () -> Void
  var name: String { "probe" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    probe()
    return [g]
  }
}

final class TapeMemoryTests: XCTestCase {
  // x → probe → a = ·2 → b = ·3 → sum. The probe's VJP runs last; by then the
  // activations recorded after it (a, b) must already be freed.
  func testActivationsAreFreedDuringBackward() throws {
    let x = Tensor([1, 2, 3]).requiringGrad()
    weak var weakA: Tensor?
    weak var weakB: Tensor?
    var freedBeforeProbe = false
    let loss: Tensor
    do {
      let p = Tensor.record(
        ProbeOp(probe: { freedBeforeProbe = weakA == nil && weakB == nil }), inputs: [x],
        output: Tensor(shape: x.shape, storage: x.storage))
      let a = try p * 2
      let b = try a * 3
      weakA = a
      weakB = b
      loss = try b.sum()
    }
    XCTAssertNotNil(weakA, "the graph keeps activations alive until backward")
    try loss.backward()
    XCTAssertTrue(freedBeforeProbe)
    XCTAssertEqual(x.grad?.scalars, [6, 6, 6])
  }
}

final class RandomGeneratorTests: XCTestCase {
  // The same seed gives the same sequence; degenerate sizes never trap.
  func testSeededAndTotal() {
    var a = RandomGenerator(seed: 42)
    var b = RandomGenerator(seed: 42)
    XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
    XCTAssertEqual(a.permutation(0), [])
    XCTAssertEqual(a.permutation(-1), [])
    XCTAssertEqual(a.nextInt(below: 0), 0)
    XCTAssertEqual(a.nextInt(below: 1), 0)
    XCTAssertEqual(a.permutation(6).sorted(), [0, 1, 2, 3, 4, 5])
    let u = (0..<1000).map { _ in a.nextUniform() }
    XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
  }
}
