import XCTest

@testable import LLALTensor

/// `linear(…, relu: true)`: the bias and the ReLU applied by each GEMM thread to its own
/// block of the product (`Gemm.multiply(bias:relu:)`), and the backward's mask and bias
/// gradient in one pass (`llal_linear_backward_rows`). At every kernel level and on one
/// and two threads: the same floats, values and gradients, as `linear(…).relu()`, and
/// within rounding of a Double reference.
final class LinearReLUTests: XCTestCase {
  private let savedThreads = Parallel.threadCount

  override func tearDown() {
    KernelLevel.current = .best
    Parallel.threadCount = savedThreads
    super.tearDown()
  }

  private func random(_ n: Int, _ g: inout RandomGenerator) -> [Float] {
    (0..<n).map { _ in g.nextUniform() * 2 - 1 }
  }

  /// Output and gradients (x, W, b) of sum(f(x, W, b) ⊙ r) for [rows, inputs] → outputs.
  private func run(
    rows: Int, inputs: Int, outputs: Int, bias: Bool,
    _ f: (Tensor, Tensor, Tensor?) throws -> Tensor
  ) throws -> [[Float]] {
    var g = RandomGenerator(seed: UInt64(rows * 1000 + inputs * 10 + outputs))
    let x = try Tensor(shape: [rows, inputs], random(rows * inputs, &g)).requiringGrad()
    let w = try Tensor(shape: [outputs, inputs], random(outputs * inputs, &g)).requiringGrad()
    let b = try Tensor(shape: [outputs], random(outputs, &g)).requiringGrad()
    let r = try Tensor(shape: [rows, outputs], random(rows * outputs, &g))
    let y = try f(x, w, bias ? b : nil)
    try (y * r).sum().backward()
    return [y.scalars, x.grad!.scalars, w.grad!.scalars, bias ? b.grad!.scalars : []]
  }

  /// The same in Double: y = relu(x·Wᵀ + b), g′ = r where y > 0, dx = g′·W, dW = g′ᵀ·x,
  /// db = column sums of g′.
  private func reference(rows: Int, inputs: Int, outputs: Int, bias: Bool) -> [[Double]] {
    var g = RandomGenerator(seed: UInt64(rows * 1000 + inputs * 10 + outputs))
    func draw(_ n: Int) -> [Double] { random(n, &g).map(Double.init) }
    let x = draw(rows * inputs), w = draw(outputs * inputs), b = draw(outputs)
    let r = draw(rows * outputs)
    var y = [Double](repeating: 0, count: rows * outputs), gm = y
    for i in 0..<rows {
      for o in 0..<outputs {
        var s = bias ? b[o] : 0
        for p in 0..<inputs { s += x[i * inputs + p] * w[o * inputs + p] }
        y[i * outputs + o] = max(s, 0)
        gm[i * outputs + o] = s > 0 ? r[i * outputs + o] : 0
      }
    }
    var dx = [Double](repeating: 0, count: rows * inputs)
    var dw = [Double](repeating: 0, count: outputs * inputs)
    var db = [Double](repeating: 0, count: bias ? outputs : 0)
    for i in 0..<rows {
      for o in 0..<outputs {
        let go = gm[i * outputs + o]
        if bias { db[o] += go }
        for p in 0..<inputs {
          dx[i * inputs + p] += go * w[o * inputs + p]
          dw[o * inputs + p] += go * x[i * inputs + p]
        }
      }
    }
    return [y, dx, dw, db]
  }

  func testFusedReLUEqualsReLUAfterTheLayerAtEveryLevel() throws {
    // 128×64 → 256: the MLP's first layer (threaded product, concurrent gradients);
    // 37×20 → 10: edge tiles and the product computed transposed (a narrow output).
    let shapes = [(128, 64, 256), (37, 20, 10)]
    for level in KernelLevel.available {
      KernelLevel.current = level
      for threads in [1, 2] {
        Parallel.threadCount = threads
        for (rows, inputs, outputs) in shapes {
          for bias in [true, false] {
            let what = "\(level) threads \(threads) \(rows)×\(inputs)→\(outputs) bias \(bias)"
            let fused = try run(rows: rows, inputs: inputs, outputs: outputs, bias: bias) {
              try Tensor.linear($0, weight: $1, bias: $2, relu: true)
            }
            let unfused = try run(rows: rows, inputs: inputs, outputs: outputs, bias: bias) {
              try Tensor.linear($0, weight: $1, bias: $2).relu()
            }
            XCTAssertEqual(fused, unfused, what)
            XCTAssertTrue(fused[0].contains(0) && fused[0].contains { $0 > 0 }, what)
            let exact = reference(rows: rows, inputs: inputs, outputs: outputs, bias: bias)
            for (got, want) in zip(fused, exact) {
              for i in stride(from: 0, to: want.count, by: 7) {
                XCTAssertEqual(Double(got[i]), want[i], accuracy: 1e-4, what)
              }
            }
          }
        }
      }
    }
  }

  // No input features: every row is relu(b), and only b gets a (masked) gradient.
  func testEmptyProductIsTheBiasThroughTheReLU() throws {
    let x = try Tensor(shape: [3, 0], []).requiringGrad()
    let w = try Tensor(shape: [2, 0], []).requiringGrad()
    let b = Tensor([-1, 2]).requiringGrad()
    let y = try Tensor.linear(x, weight: w, bias: b, relu: true)
    XCTAssertEqual(y.scalars, [0, 2, 0, 2, 0, 2])
    try y.sum().backward()
    XCTAssertEqual(b.grad?.scalars, [0, 3])
  }

  func testFiniteDifferencesAgreeWithTheFusedGradient() throws {
    var g = RandomGenerator(seed: 5)
    let x = try Tensor(shape: [6, 5], random(30, &g)).requiringGrad()
    let w = try Tensor(shape: [4, 5], random(20, &g)).requiringGrad()
    let b = try Tensor(shape: [4], random(4, &g)).requiringGrad()
    let r = try Tensor(shape: [6, 4], random(24, &g))
    let f = { try (try Tensor.linear(x, weight: w, bias: b, relu: true) * r).sum() }
    for t in [x, w, b] {
      t.zeroGrad()
    }
    try f().backward()
    for t in [x, w, b] {
      let analytic = t.grad!.scalars
      for i in 0..<t.count {
        let saved = t.storage.base[i]
        t.storage.base[i] = saved + 1e-3
        let up = Double(try withoutGrad { try f() }.item!)
        t.storage.base[i] = saved - 1e-3
        let down = Double(try withoutGrad { try f() }.item!)
        t.storage.base[i] = saved
        XCTAssertEqual(Double(analytic[i]), (up - down) / 2e-3, accuracy: 2e-3, "\(t.shape) \(i)")
      }
    }
  }
}
