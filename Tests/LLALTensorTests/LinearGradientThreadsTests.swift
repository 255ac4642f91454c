import XCTest

@testable import LLALTensor

/// `linear`'s gradients when two threads compute dx and dW at once (each a whole GEMM on
/// its own thread): equal bit for bit to one thread's, and to a Double reference.
final class LinearGradientThreadsTests: XCTestCase {
  private let savedThreads = Parallel.threadCount

  override func tearDown() {
    Parallel.threadCount = savedThreads
    super.tearDown()
  }

  /// dx and dW of sum(linear(x, w, b) ⊙ r) on `threads` threads.
  private func gradients(threads: Int) throws -> (dx: [Float], dw: [Float], db: [Float]) {
    Parallel.threadCount = threads
    let (rows, inputs, outputs) = (64, 96, 96)  // 589,824 multiply-adds per gradient
    var g = RandomGenerator(seed: 7)
    func random(_ n: Int) -> [Float] { (0..<n).map { _ in g.nextUniform() * 2 - 1 } }
    let x = try Tensor(shape: [rows, inputs], random(rows * inputs)).requiringGrad()
    let w = try Tensor(shape: [outputs, inputs], random(outputs * inputs)).requiringGrad()
    let b = try Tensor(shape: [outputs], random(outputs)).requiringGrad()
    let r = try Tensor(shape: [rows, outputs], random(rows * outputs))
    try (try Tensor.linear(x, weight: w, bias: b) * r).sum().backward()
    return (x.grad!.scalars, w.grad!.scalars, b.grad!.scalars)
  }

  func testTwoThreadsGiveOneThreadsGradientsAndTheReference() throws {
    XCTAssertGreaterThanOrEqual(64 * 96 * 96, LinearOp.concurrentGradients)
    let one = try gradients(threads: 1)
    let two = try gradients(threads: 2)
    XCTAssertEqual(one.dx, two.dx)
    XCTAssertEqual(one.dw, two.dw)
    XCTAssertEqual(one.db, two.db)
    // dx = r·w and dW = rᵀ·x, in Double, from the same draws.
    var g = RandomGenerator(seed: 7)
    func random(_ n: Int) -> [Double] { (0..<n).map { _ in Double(g.nextUniform() * 2 - 1) } }
    let x = random(64 * 96), w = random(96 * 96), _ = random(96), r = random(64 * 96)
    for (i, j) in [(0, 0), (13, 57), (63, 95)] {
      let dx = (0..<96).reduce(0.0) { $0 + r[i * 96 + $1] * w[$1 * 96 + j] }
      XCTAssertEqual(Double(two.dx[i * 96 + j]), dx, accuracy: 1e-4)
    }
    for (o, j) in [(0, 0), (41, 7), (95, 95)] {
      let dw = (0..<64).reduce(0.0) { $0 + r[$1 * 96 + o] * x[$1 * 96 + j] }
      XCTAssertEqual(Double(two.dw[o * 96 + j]), dw, accuracy: 1e-4)
    }
  }

  /// The leaves' gradients of a small graph of 96-wide linear layers on `threads` threads.
  private func graphGradients(threads: Int, _ graph: (Tensor, Tensor, Tensor) throws -> Tensor)
    throws -> [[Float]]
  {
    Parallel.threadCount = threads
    var g = RandomGenerator(seed: 11)
    func random(_ shape: [Int]) throws -> Tensor {
      try Tensor(shape: shape, (0..<shape.reduce(1, *)).map { _ in g.nextUniform() - 0.5 })
        .requiringGrad()
    }
    let x = try random([64, 96]), w1 = try random([96, 96]), w2 = try random([96, 96])
    let r = try random([64, 96])
    for _ in 0..<3 {  // gradients accumulate over calls, as in a loop that never zeroes them
      try (try graph(x, w1, w2) * r).sum().backward()
    }
    return [x, w1, w2, r].map { $0.grad?.scalars ?? [] }
  }

  func testStackedLayersSharedAndComputedWeightsGiveOneThreadsGradients() throws {
    let graphs: [(String, (Tensor, Tensor, Tensor) throws -> Tensor)] = [
      // The upper layer's dW is still being computed while the lower layer's backward runs.
      ("stacked", { x, w1, w2 in
        try Tensor.linear(
          try Tensor.linear(x, weight: w1, bias: nil, relu: true), weight: w2, bias: nil)
      }),
      // One weight in two layers: its second gradient is added to the first.
      ("shared", { x, w1, _ in
        try Tensor.linear(
          try Tensor.linear(x, weight: w1, bias: nil, relu: true), weight: w1, bias: nil)
      }),
      // A weight that is not a leaf: its gradient goes on down the graph at once.
      ("computed", { x, w1, w2 in try Tensor.linear(x, weight: w1 * 2 + w2, bias: nil) }),
    ]
    for (name, graph) in graphs {
      let one = try graphGradients(threads: 1, graph)
      let two = try graphGradients(threads: 2, graph)
      XCTAssertEqual(one, two, name)
      XCTAssertFalse(one[1].isEmpty, name)
    }
  }
}
