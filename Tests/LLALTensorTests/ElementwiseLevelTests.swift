import TestSupport
import XCTest

@testable import LLALTensor

/// The element-wise, reduction, softmax and cross-entropy kernels (`elementwise.c`) give
/// the same values and gradients at every kernel level this CPU runs as the portable C
/// path; `LLAL_SIMD` and `KernelLevel.current` choose their path as they do the GEMM's.
final class ElementwiseLevelTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// Each kernel's output, and the gradients it sends to `x` and `y`, by name. Rows of 501
  /// leave a tail after every vector width.
  static func results() throws -> [String: [Float]] {
    let x = try Tensor.uniform([2, 501], low: -3, high: 3, seed: 1).requiringGrad()
    let y = try Tensor.uniform([2, 501], low: 0.5, high: 2, seed: 2).requiringGrad()
    let row = try Tensor.uniform([501], low: -1, high: 1, seed: 3).requiringGrad()
    let computed: [(String, Tensor)] = [
      ("exp", try x.exp()), ("log", try y.log()), ("sqrt", try y.sqrt()),
      ("abs", try x.abs()), ("square", try x.square()), ("tanh", try x.tanh()),
      ("sigmoid", try x.sigmoid()), ("relu", try x.relu()), ("addReLU", try .addReLU(x, y)),
      ("clamp", try x.clamp(min: -1, max: 2)), ("pow(1.5)", try y.pow(1.5)),
      ("x * y + row", try x * y + row), ("x / y - row", try x / y - row),
      ("maximum", try x.maximum(y)), ("minimum", try x.minimum(row)),
      ("sum(axes: [1])", try x.sum(axes: [1])), ("sum(axes: [0])", try x.sum(axes: [0])),
      ("max(axes: [1])", try x.max(axes: [1])), ("min(axes: [0])", try y.min(axes: [0])),
      ("softmax", try x.softmax()), ("logSoftmax", try x.logSoftmax()),
      (
        "crossEntropy",
        try Tensor.crossEntropy(logits: x.reshaped([6, 167]), targets: [0, 166, 5, 80, 1, 7])
      ),
    ]
    var results: [String: [Float]] = [:]
    for (name, value) in computed {
      results[name] = value.scalars
      for t in [x, y, row] { t.zeroGrad() }
      try value.backward(Tensor.uniform(value.shape, low: 0.5, high: 1.5, seed: 4))
      for (input, t) in [("x", x), ("y", y), ("row", row)] {
        if let g = t.grad { results["d\(name)/d\(input)"] = g.scalars }
      }
    }
    return results
  }

  func testEveryLevelMatchesThePortablePath() throws {
    KernelLevel.current = .portable
    let portable = try Self.results()
    XCTAssertEqual(portable.count, 51, "22 kernels and their 29 gradients")
    for level in KernelLevel.available where level != .portable {
      KernelLevel.current = level
      XCTAssertEqual(KernelLevel.current, level)
      let results = try Self.results()
      XCTAssertEqual(results.keys.sorted(), portable.keys.sorted(), "\(level)")
      for (name, expected) in portable {
        assertClose(results[name] ?? [], expected, tolerance: 1e-5, "\(level) \(name)")
      }
    }
  }
}
