import XCTest

@testable import LLALTensor

/// Bad input to every public operation throws a `TensorError` whose message names the
/// operation and the shapes; nothing traps. The per-operation test files cover their own
/// main errors; this file covers the rest: creation, absurd sizes, the operand mismatches
/// of every broadcasting operation, indices out of range, and the autodiff entry points.
final class ErrorPathTests: XCTestCase {
  /// Asserts that `body` throws a `TensorError` whose description is `message`.
  private func assertError(
    _ message: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> Any
  ) {
    do {
      let value = try body()
      XCTFail("no error, got \(value); expected \(message)", file: file, line: line)
    } catch let error as TensorError {
      XCTAssertEqual("\(error)", message, file: file, line: line)
    } catch {
      XCTFail("not a TensorError: \(error)", file: file, line: line)
    }
  }

  private let limit = Tensor.maxElementCount

  // MARK: creation

  func testCreationRejectsNegativeAndAbsurdShapes() {
    assertError(
      "full: shape [1048576, 1048576] exceeds the limit of \(limit) elements"
    ) { try Tensor.zeros([1 << 20, 1 << 20]) }
    assertError("full: negative dimension in shape [-1, 2]") { try Tensor.ones([-1, 2]) }
    // The product overflows Int: still the limit error, not a trap.
    assertError(
      "full: shape [\(Int.max), 2] exceeds the limit of \(limit) elements"
    ) { try Tensor.full([Int.max, 2], 1) }
    assertError("tensor: shape [1099511627776] exceeds the limit of \(limit) elements") {
      try Tensor(shape: [1 << 40], [])
    }
    assertError("tensor: 3 values do not fill shape [2, 2] (4 elements)") {
      try Tensor(shape: [2, 2], [1, 2, 3])
    }
    assertError("tensor: rows have different lengths: [2, 1]") {
      try Tensor(rows: [[1, 2], [3]])
    }
    assertError("uniform: shape [2147483648] exceeds the limit of \(limit) elements") {
      try Tensor.uniform([1 << 31], seed: 1)
    }
    assertError("normal: negative dimension in shape [3, -3]") {
      try Tensor.randn([3, -3], seed: 1)
    }
  }

  func testArangeRejectsBadStepsAndHugeRanges() {
    assertError(
      "arange: start, end and step must be finite and step non-zero, got start 0.0, "
        + "end 1.0, step 0.0"
    ) { try Tensor.arange(0, 1, step: 0) }
    assertError(
      "arange: start, end and step must be finite and step non-zero, got start 0.0, "
        + "end inf, step 1.0"
    ) { try Tensor.arange(0, .infinity) }
    // Regression: the element count was converted to Int unchecked, which trapped.
    assertError("arange: 0.0 to 1e+30 by 1.0 gives 1e+30 elements, beyond the limit of \(limit)") {
      try Tensor.arange(0, 1e30)
    }
    assertError(
      "arange: -3e+38 to 3e+38 by 1.0 gives inf elements, beyond the limit of \(limit)"
    ) { try Tensor.arange(-3e38, 3e38) }
    // A range running the other way is empty, however long.
    XCTAssertEqual(try Tensor.arange(0, -1e30).shape, [0])
  }

  // MARK: broadcasting operations

  func testEveryBroadcastingOperationNamesItselfAndBothShapes() {
    let a = Tensor([1, 2, 3])
    let b = try? Tensor.zeros([2, 2])
    guard let b else { return XCTFail("zeros") }
    let cases: [(String, () throws -> Tensor)] = [
      ("add", { try a + b }), ("sub", { try a - b }), ("mul", { try a * b }),
      ("div", { try a / b }), ("maximum", { try a.maximum(b) }),
      ("minimum", { try a.minimum(b) }), ("pow", { try a.pow(b) }), ("eq", { try a.eq(b) }),
      ("ne", { try a.ne(b) }), ("lt", { try a.lt(b) }), ("le", { try a.le(b) }),
      ("gt", { try a.gt(b) }), ("ge", { try a.ge(b) }),
    ]
    for (name, body) in cases {
      assertError("\(name): shapes [3] and [2, 2] cannot be broadcast together") { try body() }
    }
    assertError("sumToShape: shapes [4] and [2, 2] cannot be broadcast together") {
      try b.sumToShape([4])
    }
    assertError("assign: shapes differ: [3] and [2, 2]") { try a.assign(b) }
  }

  // MARK: axes and indices

  func testReductionsRejectEveryBadAxis() {
    let x = try? Tensor.zeros([2, 3])
    guard let x else { return XCTFail("zeros") }
    assertError("min: axis -3 is out of range for a tensor of shape [2, 3]") {
      try x.min(axes: [-3])
    }
    assertError("argmin: axis 2 is out of range for a tensor of shape [2, 3]") {
      try x.argmin(axis: 2)
    }
    assertError("sum: axis \(Int.min) is out of range for a tensor of shape [2, 3]") {
      try x.sum(axes: [Int.min])
    }
    assertError("variance: axis \(Int.max) is out of range for a tensor of shape [2, 3]") {
      try x.variance(axes: [Int.max])
    }
    assertError("mean: axes [0, -2] name axis 0 twice (tensor [2, 3])") {
      try x.mean(axes: [0, -2])
    }
    assertError("scale: axis 2 is out of range for a tensor of rank 2") {
      try Tensor.normalizeAxis(2, rank: 2, op: "scale")
    }
  }

  func testSelectionsRejectIndicesOutOfRange() {
    let x = try? Tensor.zeros([2, 3])
    guard let x else { return XCTFail("zeros") }
    assertError("select: index 2 is out of bounds for axis 0 of size 2 in [2, 3]") {
      try x.select(2, axis: 0)
    }
    assertError("select: index -4 is out of bounds for axis 1 of size 3 in [2, 3]") {
      try x.select(-4, axis: 1)
    }
    assertError("select: cannot select from a scalar (shape [])") {
      try Tensor.scalar(1).select(0, axis: 0)
    }
    assertError("slice: cannot slice a scalar (shape [])") {
      try Tensor.scalar(1).slice(axis: 0, start: 0, end: 1)
    }
    assertError("slice: start \(Int.min) is out of bounds for axis 1 of size 3 in [2, 3]") {
      try x.slice(axis: 1, start: Int.min, end: 2)
    }
    assertError("slice: end \(Int.max) is out of bounds for axis 0 of size 2 in [2, 3]") {
      try x.slice(axis: 0, start: 0, end: Int.max)
    }
    assertError("indexSelect: index 3 is out of range for axis 1 of size 3 in [2, 3]") {
      try x.indexSelect(axis: 1, indices: [0, 3])
    }
    assertError("indexSelect: index -1 is out of range for axis 0 of size 2 in [2, 3]") {
      try x.indexSelect(axis: 0, indices: [-1])
    }
    assertError("indexSelect: axis 2 is out of range for a tensor of shape [2, 3] (-2...1)") {
      try x.indexSelect(axis: 2, indices: [0])
    }
    assertError("indexSelect: cannot index a scalar (shape [])") {
      try Tensor.scalar(1).indexSelect(axis: 0, indices: [0])
    }
    assertError(
      "gather: index 1e+20 is out of range for axis 1 of size 3 (input [2, 3], indices [2, 1])"
    ) { try x.gather(axis: 1, indices: try Tensor(rows: [[1e20], [0]])) }
    assertError(
      "gather: index nan is not a whole number for axis 0 of size 2 (input [2, 3], indices [1, 1])"
    ) { try x.gather(axis: 0, indices: try Tensor(rows: [[.nan]])) }
    assertError("topk: k = \(Int.max) is out of range for axis 0 of size 2 in [2, 3]") {
      try x.topk(Int.max, axis: 0)
    }
    assertError("transpose: axis \(Int.min) is out of range for a tensor of shape [2, 3] (-2...1)")
    { try x.transposed(Int.min, 0) }
  }

  // MARK: results beyond the size limit

  func testOperationsWhoseResultWouldBeTooLargeThrow() throws {
    let column = try Tensor.zeros([1 << 16, 1])
    assertError("matmul: shape [65536, 65536] exceeds the limit of \(limit) elements") {
      try column.matmul(column.transposed())
    }
    assertError("linear: shape [65536, 65536] exceeds the limit of \(limit) elements") {
      try Tensor.linear(column, weight: column, bias: nil)
    }
    assertError("expand: shape [1048576, 1048576] exceeds the limit of \(limit) elements") {
      try Tensor.scalar(1).expanded(to: [1 << 20, 1 << 20])
    }
    assertError(
      "reshape: cannot reshape [1] (1 elements) into [1099511627776, 1099511627776] "
        + "(more than \(limit) elements)"
    ) { try Tensor([1]).reshaped([1 << 40, 1 << 40]) }
    let pixel = try Tensor.zeros([1, 1, 1, 1])
    assertError("conv2d: shape [1, 1, 131073, 131073] exceeds the limit of \(limit) elements") {
      try Tensor.conv2d(pixel, weight: pixel, bias: nil, padding: 1 << 16)
    }
    // Regression: the padded size `H + 2·padding` overflowed Int and trapped.
    assertError("conv2d: padding \(Int.max) exceeds the limit of \(limit)") {
      try Tensor.conv2d(pixel, weight: pixel, bias: nil, padding: Int.max)
    }
    assertError("stack: shape [65536, 65536] exceeds the limit of \(limit) elements") {
      try Tensor.stack([Tensor](repeating: column.reshaped([1 << 16]), count: 1 << 16), axis: 0)
    }
  }

  // MARK: layers

  func testLayerOperandsOfTheWrongRankOrSize() {
    let x = try? Tensor.zeros([2, 3])
    guard let x else { return XCTFail("zeros") }
    let three = Tensor([1, 1, 1])
    assertError("linear: input [] does not end in the 3 input features of weight [2, 3]") {
      try Tensor.linear(.scalar(1), weight: x, bias: nil)
    }
    assertError(
      "conv2d: weight must be 4-D [Cout, Cin, k, k] with a square kernel, got "
        + "[1, 2, 0, 0]"
    ) {
      try Tensor.conv2d(.zeros([1, 2, 3, 3]), weight: .zeros([1, 2, 0, 0]), bias: nil)
    }
    assertError("conv2d: bias [1, 1] does not match the 1 output channels of weight [1, 2, 1, 1]") {
      try Tensor.conv2d(
        .zeros([1, 2, 3, 3]), weight: .zeros([1, 2, 1, 1]), bias: .zeros([1, 1]))
    }
    assertError(
      "maxPool2d: kernel and stride must be positive and padding non-negative, got kernel 0, "
        + "stride 0, padding 0"
    ) { try Tensor.zeros([1, 1, 2, 2]).maxPool2d(kernel: 0) }
    assertError(
      "avgPool2d: kernel and stride must be positive and padding non-negative, got kernel 2, "
        + "stride 2, padding -1"
    ) { try Tensor.zeros([1, 1, 2, 2]).avgPool2d(kernel: 2, padding: -1) }
    assertError(
      "batchNormInference: expected an input [N, C, …] of rank >= 2, got [3]"
    ) {
      try Tensor.batchNormInference(
        three, mean: three, variance: three, gamma: three, beta: three, eps: 1e-5)
    }
    assertError(
      "batchNormInference: mean has shape [2] but the input [2, 3] has 3 channels (expected [3])"
    ) {
      try Tensor.batchNormInference(
        x, mean: Tensor([0, 0]), variance: three, gamma: three, beta: three, eps: 1e-5)
    }
    assertError(
      "batchNormInference: gamma has shape [] but the input [2, 3] has 3 channels (expected [3])"
    ) {
      try Tensor.batchNormInference(
        x, mean: three, variance: three, gamma: .scalar(1), beta: three, eps: 1e-5)
    }
    assertError("crossEntropy: logits must be 2-D [N, C], got [3]") {
      try Tensor.crossEntropy(logits: three, targets: [0])
    }
    assertError(
      "crossEntropy: target 0 at index 0 is out of range for logits [1, 0] "
        + "(classes 0..<0)"
    ) {
      try Tensor.crossEntropy(logits: .zeros([1, 0]), targets: [0])
    }
    assertError(
      "crossEntropy: target 1e+10 at index 0 is not a class index (logits [1, 3])"
    ) { try Tensor.crossEntropy(logits: .zeros([1, 3]), targets: Tensor([1e10])) }
  }

  // MARK: autodiff entry points

  func testBackwardAndGradientCheckRejectBadArguments() throws {
    assertError("backward: the tensor [3] does not require gradients") {
      try Tensor([1, 2, 3]).backward()
    }
    let x = Tensor([1, 2, 3]).requiringGrad()
    assertError("backward: seed shape [2] differs from [3]") {
      try (x * 2).backward(Tensor([1, 1]))
    }
    XCTAssertNil(x.grad, "a refused backward() changes no gradient")
    // Regression: an index past the inputs was read unchecked, which trapped.
    assertError("gradientCheck: wrt index 1 is out of range for 1 inputs ([3])") {
      try GradientCheck.check([x], wrt: [1]) { try $0[0] * 2 }
    }
    assertError("gradientCheck: epsilon must be positive and finite, got 0.0") {
      try GradientCheck.check([x], epsilon: 0) { try $0[0] * 2 }
    }
    // The weights are per output element: an f whose shape changes cannot be checked.
    var calls = 0
    assertError("gradientCheck: f returned [2] after [3] for inputs [3]") {
      try GradientCheck.check([x]) { xs in
        calls += 1
        return calls == 1 ? xs[0] : try xs[0].slice(axis: 0, start: 0, end: 2)
      }
    }
    // The perturbed element is restored when f throws midway.
    XCTAssertEqual(x.scalars, [1, 2, 3])
    calls = 0
    XCTAssertThrowsError(
      try GradientCheck.check([x]) { xs in
        calls += 1
        if calls > 2 { throw TensorError("test", "stop") }
        return try xs[0] * 2
      }
    ) { XCTAssertEqual("\($0)", "test: stop") }
    XCTAssertEqual(x.scalars, [1, 2, 3])
  }

  // MARK: no traps anywhere

  // Regression: broadcasting two different shapes to an empty result (here [0, 3, 2])
  // walked its rows dividing by each outer dimension, one of them 0, and trapped.
  func testBroadcastingToAnEmptyShape() throws {
    let a = try Tensor.zeros([0, 1, 2]).requiringGrad()
    let b = try Tensor.ones([1, 3, 2]).requiringGrad()
    let results = [
      try a + b, try a * b, try a.maximum(b), try a.pow(b), try a.lt(b),
      try Tensor.where(a, a, b),
    ]
    for y in results { XCTAssertEqual(y.shape, [0, 3, 2]) }
    try (a - b).backward(Tensor.zeros([0, 3, 2]))
    XCTAssertEqual(a.grad?.shape, [0, 1, 2])
    XCTAssertEqual(b.grad?.scalars, [0, 0, 0, 0, 0, 0])
  }

  /// Every operation over a grid of shapes (scalars, empty and size-1 dimensions) and
  /// integer arguments (negative, out of range, huge) either returns, and then
  /// differentiates, or throws a `TensorError`; a trap would end the test process.
  func testNoOperationTrapsOnAnyShapeOrArgument() throws {
    let shapes: [[Int]] = [
      [], [0], [3], [1, 1], [2, 0], [2, 3], [1, 2, 3], [2, 1, 3, 3], [1, 0, 2, 2], [0, 1, 2, 2],
    ]
    let ints = [Int.min, -5, -2, -1, 0, 1, 2, 3, 7, Int.max]
    let small = [-2, -1, 0, 1, 2, 3]
    var outcomes = (values: 0, errors: 0, gradients: 0)
    func attempt(_ label: String, _ body: () throws -> Any) {
      do {
        // A result is differentiated too, so that every VJP sees the same shapes.
        if let y = try body() as? Tensor, y.requiresGrad {
          try y.backward(Tensor.ones(y.shape))
          outcomes.gradients += 1
        }
        outcomes.values += 1
      } catch is TensorError {
        outcomes.errors += 1
      } catch {
        XCTFail("\(label): not a TensorError: \(error)")
      }
    }
    for shape in shapes {
      let x = try Tensor.uniform(shape, low: -1, high: 1, seed: 3).requiringGrad()
      for other in shapes {
        let y = try Tensor.uniform(other, low: 0.5, high: 1, seed: 4).requiringGrad()
        attempt("add") { try x + y }
        attempt("matmul") { try x.matmul(y) }
        attempt("where") { try Tensor.where(y, x, y) }
        attempt("concat") { try Tensor.concat([x, y], axis: 0) }
        attempt("stack") { try Tensor.stack([x, y], axis: -1) }
        attempt("gather") { try x.gather(axis: 0, indices: y) }
        attempt("reshape") { try x.reshaped(other) }
        attempt("expand") { try x.expanded(to: other) }
        attempt("linear") { try Tensor.linear(x, weight: y, bias: nil) }
        attempt("conv2d") { try Tensor.conv2d(x, weight: y, bias: nil) }
        attempt("crossEntropy") { try Tensor.crossEntropy(logits: x, targets: y) }
        attempt("batchNorm") { try Tensor.batchNorm(x, gamma: y, beta: y, eps: 1e-5).output }
      }
      for i in ints {
        attempt("sum") { try x.sum(axes: [i]) }
        attempt("max") { try x.max(axes: [i], keepDims: true) }
        attempt("argmax") { try x.argmax(axis: i) }
        attempt("softmax") { try x.logSoftmax(axis: i) }
        attempt("transpose") { try x.transposed(i, 0) }
        attempt("squeeze") { try x.squeezed(axis: i) }
        attempt("unsqueeze") { try x.unsqueezed(axis: i) }
        attempt("flatten") { try x.flattened(from: i) }
        attempt("permute") { try x.permuted([i] + Array(0..<Swift.max(0, x.rank - 1))) }
        attempt("slice") { try x.slice(axis: 0, start: i, end: -1, step: 1) }
        attempt("slice step") { try x.slice(axis: -1, start: 0, end: 1, step: i) }
        attempt("select") { try x.select(i, axis: 0) }
        attempt("indexSelect") { try x.indexSelect(axis: 0, indices: [i]) }
        attempt("sorted") { try x.sorted(axis: i).values }
        attempt("topk") { try x.topk(i).values }
        attempt("maxPool2d") { try x.maxPool2d(kernel: i, stride: i, padding: 1) }
        attempt("avgPool2d") { try x.avgPool2d(kernel: 2, stride: i, padding: i) }
        attempt("conv2d") {
          try Tensor.conv2d(x, weight: .zeros([1, 1, 1, 1]), bias: nil, stride: i, padding: i)
        }
        attempt("zeros") { try Tensor.zeros(shape + [i]) }
        attempt("reshape -1") { try x.reshaped([i, -1]) }
        attempt("expand") { try x.expanded(to: [i] + shape) }
      }
      for i in small {
        for j in small {
          attempt("slice range") { try x.slice(axis: -1, start: i, end: j, step: 2) }
          attempt("select axis") { try x.select(i, axis: j) }
          attempt("indexSelect axis") { try x.indexSelect(axis: j, indices: [i, i]) }
          attempt("topk axis") { try x.topk(i, axis: j, largest: false).values }
          attempt("variance axes") { try x.variance(axes: [i, j], unbiased: true) }
          attempt("concat") { try Tensor.concat([x, x], axis: i) }
          attempt("stack") { try Tensor.stack([x, x, x], axis: j) }
          attempt("maxPool2d") { try x.maxPool2d(kernel: i, stride: j, padding: 1) }
          attempt("avgPool2d") { try x.avgPool2d(kernel: j, stride: 1, padding: i) }
          attempt("conv2d kernel") {
            try Tensor.conv2d(
              x, weight: .ones([2, Swift.max(0, i), j, j]), bias: .zeros([2]), stride: 2,
              padding: 1)
          }
          attempt("expand -1") { try x.expanded(to: [i, -1] + shape.dropFirst()) }
        }
      }
      attempt("globalAvgPool") { try x.globalAvgPool() }
      attempt("backward") { try x.sum().backward() }
    }
    // The grid exercises both outcomes many times over.
    XCTAssertGreaterThan(outcomes.values, 100)
    XCTAssertGreaterThan(outcomes.errors, 100)
    XCTAssertGreaterThan(outcomes.gradients, 100)
  }
}
