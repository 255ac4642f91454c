import Foundation
import XCTest

@testable import LLALTensor

/// The single list of the engine's finite-difference gradient checks: every public
/// differentiable operation, in each of its forms (broadcasting, ranks, optional
/// operands, inputs that do not require gradients), and compositions of them that
/// exercise how `backward()` orders and accumulates gradients.
///
/// `testTableCoversEveryPrimitiveAndOperation` fails when a primitive is added to the
/// engine's list (`Primitive`, which every `TapeOp` must be in) without a case here.
final class GradientCoverageTests: XCTestCase {
  /// One differentiable computation under a finite-difference check.
  struct Case {
    /// The public API exercised, in the form a reader would call it.
    let name: String
    let inputs: [Tensor]
    var epsilon: Float = 1e-2
    // NOTE: tighter than the per-operation files' 2e-2: every case here stays below
    // 1e-3, and 5e-3 still catches a 1% error in a gradient of order one.
    var tolerance: Double = 5e-3
    let f: ([Tensor]) throws -> Tensor
  }

  /// Distinct values `0.1·k + 0.05` (k in `-n/2 ..< n/2`) in a seeded order: no ties
  /// (max, sorting and pooling stay differentiable) and none within 0.05 of a multiple
  /// of 0.1, so `x ± ε` never crosses the kink of relu, abs or clamp at such a point.
  static func distinct(_ shape: [Int], seed: UInt64) throws -> Tensor {
    let n = shape.reduce(1, *)
    var g = RandomGenerator(seed: seed)
    return try Tensor(shape: shape, g.permutation(n).map { Float($0 - n / 2) * 0.1 + 0.05 })
  }

  /// Values in [0.5, 2): safe for log, sqrt, division and fractional powers.
  static func positive(_ shape: [Int], seed: UInt64) throws -> Tensor {
    try Tensor.uniform(shape, low: 0.5, high: 2, seed: seed)
  }

  /// Values in [-1, 1).
  static func signed(_ shape: [Int], seed: UInt64) throws -> Tensor {
    try Tensor.uniform(shape, low: -1, high: 1, seed: seed)
  }

  // MARK: the table

  static func operationCases() throws -> [Case] {
    let x = try distinct([2, 3], seed: 1)
    let y = try positive([2, 3], seed: 2)
    let row = try positive([3], seed: 3)
    let col = try signed([2, 1], seed: 4)
    let x3 = try distinct([2, 3, 4], seed: 5)
    // Every element of `away` differs from the matching one of x by at least 0.05.
    let away = try distinct([2, 3], seed: 6) + 0.05
    let condition = try Tensor.uniform([2, 3], seed: 7).gt(0.5)
    let constant = try positive([2, 3], seed: 8)
    let img = try distinct([2, 2, 5, 5], seed: 9)
    let kernel = try signed([3, 2, 3, 3], seed: 10)
    let bias = try signed([3], seed: 11)
    return [
      // Arithmetic, with and without broadcasting, and with a constant operand.
      Case(name: "a + b", inputs: [x, y]) { try $0[0] + $0[1] },
      Case(name: "a + b broadcast [2, 3] + [3]", inputs: [x, row]) { try $0[0] + $0[1] },
      Case(name: "a - b", inputs: [x, y]) { try $0[0] - $0[1] },
      Case(name: "a - b broadcast [2, 1] - [3]", inputs: [col, row]) { try $0[0] - $0[1] },
      Case(name: "a * b", inputs: [x, y]) { try $0[0] * $0[1] },
      Case(name: "a * b broadcast [3] * [2, 1]", inputs: [row, col]) { try $0[0] * $0[1] },
      Case(name: "a * b with a rank-0 b", inputs: [x, .scalar(1.5)]) { try $0[0] * $0[1] },
      Case(name: "a / b", inputs: [x, y]) { try $0[0] / $0[1] },
      Case(name: "a / b broadcast [2, 3] / [3]", inputs: [x, row]) { try $0[0] / $0[1] },
      Case(name: "a / constant, constant / b", inputs: [x, y]) {
        try $0[0] / constant + constant / $0[1]
      },
      Case(name: "-a", inputs: [x]) { -$0[0] },
      Case(name: "a + 2, 2 - a, a * 3, 3 / a", inputs: [y]) {
        try ($0[0] + 2) * (2 - $0[0]) + $0[0] * 3 + 3 / $0[0]
      },
      // Unary functions and powers.
      Case(name: "exp()", inputs: [x]) { try $0[0].exp() },
      Case(name: "log()", inputs: [y]) { try $0[0].log() },
      Case(name: "sqrt()", inputs: [y]) { try $0[0].sqrt() },
      Case(name: "abs()", inputs: [x]) { try $0[0].abs() },
      Case(name: "tanh()", inputs: [x]) { try $0[0].tanh() },
      Case(name: "sigmoid()", inputs: [x]) { try $0[0].sigmoid() },
      Case(name: "relu()", inputs: [x]) { try $0[0].relu() },
      Case(name: "square()", inputs: [x]) { try $0[0].square() },
      Case(name: "pow(3)", inputs: [x]) { try $0[0].pow(3) },
      Case(name: "pow(2)", inputs: [x]) { try $0[0].pow(2) },
      Case(name: "pow(1)", inputs: [x]) { try $0[0].pow(1) },
      // x⁰ = 1 is constant; the product keeps the check from passing vacuously.
      Case(name: "pow(0)", inputs: [x]) { try $0[0].pow(0) * $0[0] },
      Case(name: "pow(0.5)", inputs: [y]) { try $0[0].pow(0.5) },
      Case(name: "pow(-1.5)", inputs: [y]) { try $0[0].pow(-1.5) },
      Case(name: "clamp(min:max:)", inputs: [x]) { try $0[0].clamp(min: -0.3, max: 0.4) },
      Case(name: "clamp(min:)", inputs: [x]) { try $0[0].clamp(min: 0) },
      Case(name: "clamp(max:)", inputs: [x]) { try $0[0].clamp(max: 0.2) },
      Case(name: "pow(tensor) broadcast [2, 3] ** [3]", inputs: [y, try signed([3], seed: 12)]) {
        try $0[0].pow($0[1])
      },
      Case(name: "pow(tensor) [3] ** [2, 1]", inputs: [row, col]) { try $0[0].pow($0[1]) },
      Case(name: "pow(tensor), exponent only", inputs: [x]) { try constant.pow($0[0]) },
      Case(name: "pow(tensor), base only", inputs: [y]) { try $0[0].pow(x) },
      // Binary extrema and selection.
      Case(name: "maximum", inputs: [x, away]) { try $0[0].maximum($0[1]) },
      Case(name: "minimum", inputs: [x, away]) { try $0[0].minimum($0[1]) },
      Case(
        name: "maximum broadcast [2, 3], [2, 1]",
        inputs: [x, try distinct([2, 1], seed: 13) + 0.05]
      ) {
        try $0[0].maximum($0[1])
      },
      Case(name: "minimum broadcast [3], [2, 3]", inputs: [try distinct([3], seed: 14) + 0.05, x]) {
        try $0[0].minimum($0[1])
      },
      // Away from the jumps: y ∈ [0.5, 2], x / y never a whole number within ε.
      Case(name: "remainder", inputs: [try Tensor(shape: [2, 3], [2.3, -1.7, 0.4, 3.9, -2.6, 1.1]), y]) {
        try $0[0].remainder($0[1])
      },
      Case(name: "Tensor.where", inputs: [x, y]) { try Tensor.where(condition, $0[0], $0[1]) },
      // x + 0.02 stays at least 0.03 from relu's kink: x is 0.05 away from multiples of 0.1.
      Case(name: "Tensor.addReLU", inputs: [x, try Tensor.full([2, 3], 0.02)]) {
        try Tensor.addReLU($0[0], $0[1])
      },
      Case(name: "Tensor.where broadcast [3] condition, [2, 1] and [3]", inputs: [col, row]) {
        try Tensor.where(Tensor([1, 0, 1]), $0[0], $0[1])
      },
      Case(name: "Tensor.where, b only", inputs: [y]) { try Tensor.where(condition, x, $0[0]) },
      // Reductions.
      Case(name: "sum()", inputs: [x3]) { try $0[0].sum() },
      Case(name: "sum(axes: [1], keepDims: true)", inputs: [x3]) {
        try $0[0].sum(axes: [1], keepDims: true)
      },
      Case(name: "sum(axes: [0, 2])", inputs: [x3]) { try $0[0].sum(axes: [0, 2]) },
      Case(name: "mean()", inputs: [x3]) { try $0[0].mean() },
      Case(name: "mean(axes: [-1])", inputs: [x3]) { try $0[0].mean(axes: [-1]) },
      Case(name: "max()", inputs: [x3]) { try $0[0].max() },
      Case(name: "max(axes: [1], keepDims: true)", inputs: [x3]) {
        try $0[0].max(axes: [1], keepDims: true)
      },
      Case(name: "min(axes: [0, 2])", inputs: [x3]) { try $0[0].min(axes: [0, 2]) },
      Case(name: "variance(axes: [0])", inputs: [x3]) { try $0[0].variance(axes: [0]) },
      Case(name: "variance(unbiased: true)", inputs: [x3]) { try $0[0].variance(unbiased: true) },
      // Softmax and cross-entropy.
      Case(name: "softmax()", inputs: [x3]) { try $0[0].softmax() },
      Case(name: "softmax(axis: 0)", inputs: [x3]) { try $0[0].softmax(axis: 0) },
      Case(name: "softmax() of a vector", inputs: [row]) { try $0[0].softmax() },
      Case(name: "logSoftmax(axis: 1)", inputs: [x3]) { try $0[0].logSoftmax(axis: 1) },
      Case(name: "crossEntropy(logits:targets: [Int]) per sample", inputs: [x]) {
        try Tensor.crossEntropy(logits: $0[0], targets: [2, 0])
      },
      Case(name: "crossEntropy(logits:targets: Tensor).mean()", inputs: [x3]) {
        try Tensor.crossEntropy(
          logits: $0[0].reshaped([6, 4]), targets: Tensor([0, 3, 1, 1, 2, 3])
        )
        .mean()
      },
      // Shape operations.
      Case(name: "reshaped([4, -1])", inputs: [x3]) { try $0[0].reshaped([4, -1]) },
      Case(name: "reshaped([]) of one element", inputs: [.scalar(0.7)]) {
        try $0[0].reshaped([1, 1]).reshaped([]) * $0[0]
      },
      Case(name: "permuted([2, 0, 1])", inputs: [x3]) { try $0[0].permuted([2, 0, 1]) },
      Case(name: "transposed()", inputs: [x3]) { try $0[0].transposed() },
      Case(name: "transposed(0, 2)", inputs: [x3]) { try $0[0].transposed(0, 2) },
      Case(name: "squeezed(axis:)", inputs: [try distinct([2, 1, 3], seed: 15)]) {
        try $0[0].squeezed(axis: 1)
      },
      Case(name: "unsqueezed(axis: -1)", inputs: [x]) { try $0[0].unsqueezed(axis: -1) },
      Case(name: "flattened()", inputs: [x3]) { try $0[0].flattened() },
      Case(name: "flattened(from: 0)", inputs: [x3]) { try $0[0].flattened(from: 0) },
      Case(name: "expanded(to:) with new axes and -1", inputs: [col]) {
        try $0[0].expanded(to: [2, -1, 3])
      },
      // A product makes each gradient depend on the values, so misrouting shows.
      Case(name: "permuted * permuted", inputs: [x3]) {
        try $0[0].permuted([1, 2, 0]) * $0[0].permuted([1, 2, 0])
      },
      // Slicing and joining.
      Case(name: "slice(axis: 1, step: 2)", inputs: [x3]) {
        try $0[0].slice(axis: 1, start: 0, end: 3, step: 2)
      },
      Case(name: "slice(axis: -1) negative bounds", inputs: [x3]) {
        try $0[0].slice(axis: -1, start: -3, end: -1)
      },
      Case(name: "select(-1, axis: 0)", inputs: [x3]) { try $0[0].select(-1, axis: 0) },
      Case(name: "Tensor.concat with a repeated input", inputs: [x, y]) {
        try Tensor.concat([$0[0], $0[1], $0[0]], axis: 1)
      },
      Case(name: "Tensor.concat with a constant", inputs: [x]) {
        try Tensor.concat([constant, $0[0]], axis: 0)
      },
      Case(name: "Tensor.stack(axis: 0)", inputs: [x, y]) {
        try Tensor.stack([$0[0], $0[1]], axis: 0)
      },
      Case(name: "Tensor.stack(axis: -1)", inputs: [x, y]) {
        try Tensor.stack([$0[1], $0[0]], axis: -1)
      },
      // Indexing and sorting.
      Case(name: "gather(axis: 1) with repeats", inputs: [x]) {
        try $0[0].gather(axis: 1, indices: try Tensor(rows: [[2, 2, 0], [1, 0, 1]]))
      },
      Case(name: "gather(axis: 2) of a 3-D tensor", inputs: [x3]) {
        try $0[0].gather(axis: 2, indices: try Tensor.full([2, 2, 3], 3))
      },
      Case(name: "indexSelect(axis: 0) with repeats", inputs: [x3]) {
        try $0[0].indexSelect(axis: 0, indices: [1, 0, 1])
      },
      Case(name: "sorted().values", inputs: [x3]) { try $0[0].sorted().values },
      Case(name: "sorted(axis: 0, descending: true).values", inputs: [x3]) {
        try $0[0].sorted(axis: 0, descending: true).values
      },
      Case(name: "topk(2).values", inputs: [x3]) { try $0[0].topk(2).values },
      Case(name: "topk(3, axis: 1, largest: false).values", inputs: [x3]) {
        try $0[0].topk(3, axis: 1, largest: false).values
      },
      // Linear algebra.
      Case(name: "matmul 2-D", inputs: [x, try signed([3, 4], seed: 16)]) {
        try $0[0].matmul($0[1])
      },
      Case(name: "matmul 1-D · 1-D", inputs: [row, try signed([3], seed: 17)]) {
        try $0[0].matmul($0[1])
      },
      Case(name: "matmul 1-D · 2-D", inputs: [row, try signed([3, 2], seed: 18)]) {
        try $0[0].matmul($0[1])
      },
      Case(name: "matmul 2-D · 1-D", inputs: [x, row]) { try $0[0].matmul($0[1]) },
      Case(name: "matmul batched", inputs: [x3, try signed([2, 4, 2], seed: 19)]) {
        try $0[0].matmul($0[1])
      },
      Case(
        name: "matmul broadcast batch [2, 1, 3, 4] · [3, 4, 2]",
        inputs: [try signed([2, 1, 3, 4], seed: 20), try signed([3, 4, 2], seed: 21)]
      ) {
        try $0[0].matmul($0[1])
      },
      Case(name: "matmul 2-D shared across a batch", inputs: [x, try signed([2, 3, 2], seed: 22)]) {
        try $0[0].matmul($0[1])
      },
      Case(name: "matmul, right operand only", inputs: [try signed([3, 2], seed: 23)]) {
        try x3.transposed().matmul($0[0])
      },
      Case(
        name: "Tensor.linear with bias",
        inputs: [x, try signed([4, 3], seed: 24), try signed([4], seed: 25)]
      ) {
        try Tensor.linear($0[0], weight: $0[1], bias: $0[2])
      },
      Case(name: "Tensor.linear without bias", inputs: [x, try signed([4, 3], seed: 26)]) {
        try Tensor.linear($0[0], weight: $0[1], bias: nil)
      },
      Case(
        name: "Tensor.linear of a 3-D input",
        inputs: [x3, try signed([2, 4], seed: 27), try signed([2], seed: 28)]
      ) {
        try Tensor.linear($0[0], weight: $0[1], bias: $0[2])
      },
      Case(name: "Tensor.linear of a vector", inputs: [row, try signed([2, 3], seed: 37)]) {
        try Tensor.linear($0[0], weight: $0[1], bias: nil)
      },
      Case(name: "Tensor.linear, bias only", inputs: [try signed([4], seed: 29)]) {
        try Tensor.linear(x, weight: try signed([4, 3], seed: 30), bias: $0[0])
      },
      // Images.
      Case(name: "Tensor.conv2d stride 1 padding 1 with bias", inputs: [img, kernel, bias]) {
        try Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], padding: 1)
      },
      Case(name: "Tensor.conv2d stride 2 without bias", inputs: [img, kernel]) {
        try Tensor.conv2d($0[0], weight: $0[1], bias: nil, stride: 2)
      },
      // Stride 1 with padding beyond k − 1 takes the col2im path for the input gradient.
      Case(
        name: "Tensor.conv2d stride 1 padding 3",
        inputs: [img, try signed([1, 2, 2, 2], seed: 31)]
      ) {
        try Tensor.conv2d($0[0], weight: $0[1], bias: nil, padding: 3)
      },
      Case(name: "Tensor.conv2d 1x1 kernel", inputs: [img, try signed([2, 2, 1, 1], seed: 32)]) {
        try Tensor.conv2d($0[0], weight: $0[1], bias: nil)
      },
      Case(name: "Tensor.conv2d, weight and bias only", inputs: [kernel, bias]) {
        try Tensor.conv2d(img, weight: $0[0], bias: $0[1], stride: 2, padding: 1)
      },
      Case(name: "Tensor.conv2d, input and bias only", inputs: [img, bias]) {
        try Tensor.conv2d($0[0], weight: kernel, bias: $0[1])
      },
      Case(name: "maxPool2d(kernel: 2)", inputs: [img]) { try $0[0].maxPool2d(kernel: 2) },
      Case(name: "maxPool2d(kernel: 3, stride: 2, padding: 1)", inputs: [img]) {
        try $0[0].maxPool2d(kernel: 3, stride: 2, padding: 1)
      },
      Case(name: "avgPool2d(kernel: 2, stride: 1)", inputs: [img]) {
        try $0[0].avgPool2d(kernel: 2, stride: 1)
      },
      Case(name: "avgPool2d(kernel: 3, stride: 2, padding: 1)", inputs: [img]) {
        try $0[0].avgPool2d(kernel: 3, stride: 2, padding: 1)
      },
      Case(name: "globalAvgPool()", inputs: [img]) { try $0[0].globalAvgPool() },
      Case(
        name: "Tensor.batchNorm of [N, C]",
        inputs: [try signed([5, 3], seed: 33), try y.select(0, axis: 0), row]
      ) {
        try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5).output
      },
      Case(
        name: "Tensor.batchNorm of [N, C, H, W]",
        inputs: [try signed([2, 3, 2, 3], seed: 34), row, bias]
      ) {
        try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5).output
      },
      Case(
        name: "Tensor.batchNorm(relu: true) of [N, C]",
        inputs: [try signed([5, 3], seed: 33), try y.select(0, axis: 0), row]
      ) {
        try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5, relu: true).output
      },
      Case(
        name: "Tensor.batchNorm(relu: true) of [N, C, H, W]",
        inputs: [try signed([2, 3, 2, 3], seed: 34), row, bias]
      ) {
        try Tensor.batchNorm($0[0], gamma: $0[1], beta: $0[2], eps: 1e-5, relu: true).output
      },
      Case(name: "Tensor.batchNorm, gamma and beta only", inputs: [row, bias]) {
        try Tensor.batchNorm(x3, gamma: $0[0], beta: $0[1], eps: 1e-5).output
      },
      Case(
        name: "Tensor.batchNormInference",
        inputs: [
          try signed([2, 3, 2, 2], seed: 35), bias, row, try y.select(1, axis: 0),
          try signed([3], seed: 36),
        ]
      ) {
        try Tensor.batchNormInference(
          $0[0], mean: $0[1], variance: $0[2], gamma: $0[3], beta: $0[4], eps: 1e-5)
      },
      Case(
        name: "Tensor.batchNormInference(relu: true)",
        inputs: [
          try signed([2, 3, 2, 2], seed: 35), bias, row, try y.select(1, axis: 0),
          try signed([3], seed: 36),
        ]
      ) {
        try Tensor.batchNormInference(
          $0[0], mean: $0[1], variance: $0[2], gamma: $0[3], beta: $0[4], eps: 1e-5, relu: true)
      },
      Case(name: "Tensor.batchNormInference, input only", inputs: [x]) {
        try Tensor.batchNormInference(
          $0[0], mean: bias, variance: row, gamma: row, beta: bias, eps: 1e-5)
      },
      Case(name: "upsampleNearest(factor: 2)", inputs: [img]) {
        try $0[0].upsampleNearest(factor: 2)
      },
      Case(
        name: "upsampleNearest(factor: 3) of a 2x3 image",
        inputs: [try distinct([1, 2, 2, 3], seed: 61)]
      ) {
        try $0[0].upsampleNearest(factor: 3)
      },
      // Losses of the regression and heatmap tasks.
      Case(name: "huber(delta: 0.5)", inputs: [x3]) { try $0[0].huber(delta: 0.5) },
      Case(name: "smoothL1(beta: 0.3)", inputs: [x3]) { try $0[0].smoothL1(beta: 0.3) },
      Case(
        name: "Tensor.binaryCrossEntropy, logits and targets",
        inputs: [try distinct([2, 3], seed: 62) * 20, try Tensor.uniform([2, 3], seed: 63)]
      ) {
        try Tensor.binaryCrossEntropy(logits: $0[0], targets: $0[1])
      },
      Case(name: "Tensor.binaryCrossEntropy, logits only", inputs: [x]) {
        try Tensor.binaryCrossEntropy(logits: $0[0], targets: try condition.gt(0.5))
      },
      Case(name: "Tensor.perSampleMSE", inputs: [x3, try signed([2, 3, 4], seed: 64)]) {
        try Tensor.perSampleMSE($0[0], $0[1])
      },
      Case(name: "Tensor.perSampleMSE, prediction only, [B]", inputs: [row]) {
        try Tensor.perSampleMSE($0[0], Tensor([0.5, -1, 2]))
      },
      Case(name: "meanPerSample()", inputs: [x3]) { try $0[0].meanPerSample() },
      // The detection task's loss: image 0 with anchors 1 and 4 positive (its 4 background
      // anchors all mined), image 1 without objects (3 mined); offsets a multiple of
      // 0.1 away from the inputs' 0.05s, so that no smooth-L1 kink is within ε.
      Case(
        name: "Tensor.multiboxLoss",
        inputs: [try distinct([2, 6, 7], seed: 65)]
      ) {
        let t: [Float] = [
          0, 0, 0, 0, 0, 1, 0.3, -1.5, 0.2, 2.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          2, -0.4, 0.1, 1.7, -0.2, 0, 0, 0, 0, 0,
        ] + [Float](repeating: 0, count: 30)
        return try Tensor.multiboxLoss(output: $0[0], targets: Tensor(shape: [2, 6, 5], t))
      },
    ]
  }

  /// Compositions: gradients from many operations must be ordered and summed correctly.
  static func chainCases() throws -> [Case] {
    let images = try signed([2, 2, 6, 6], seed: 40)
    let convW = try signed([3, 2, 3, 3], seed: 41)
    let convB = try signed([3], seed: 42)
    let gamma = try positive([3], seed: 43)
    let beta = try signed([3], seed: 44)
    let fcW = try signed([4, 3], seed: 45)
    let fcB = try signed([4], seed: 46)
    let features = try signed([4, 3], seed: 47)
    let w1 = try signed([5, 3], seed: 48)
    let b1 = try signed([5], seed: 49)
    let w2 = try signed([3, 5], seed: 50)
    let b2 = try signed([3], seed: 51)
    let batch = try signed([4, 2, 4, 4], seed: 52)
    let llConv = try signed([3, 2, 3, 3], seed: 53)
    let llClassifier = try signed([3, 3], seed: 54)
    let llHidden = try signed([2, 3], seed: 55)
    let llOut = try signed([1, 2], seed: 56)
    return [
      Case(
        name:
          "conv2d → batchNorm → relu → maxPool2d → globalAvgPool → linear → crossEntropy.mean()",
        inputs: [images, convW, convB, gamma, beta, fcW, fcB], epsilon: 1e-3
      ) { t in
        let conv = try Tensor.conv2d(t[0], weight: t[1], bias: t[2], padding: 1)
        let normal = try Tensor.batchNorm(conv, gamma: t[3], beta: t[4], eps: 1e-5).output
        let pooled = try normal.relu().maxPool2d(kernel: 2).globalAvgPool()
        let logits = try Tensor.linear(pooled, weight: t[5], bias: t[6])
        return try Tensor.crossEntropy(logits: logits, targets: [1, 3]).mean()
      },
      // Weight decay uses each weight twice: in its layer and in the penalty.
      Case(
        name: "MLP: linear → tanh → matmul + bias → crossEntropy + weight decay",
        inputs: [features, w1, b1, w2, b2]
      ) { t in
        let hidden = try Tensor.linear(t[0], weight: t[1], bias: t[2]).tanh()
        let logits = try hidden.matmul(t[3].transposed()) + t[4]
        let data = try Tensor.crossEntropy(logits: logits, targets: [0, 2, 1, 2]).mean()
        return try data + (t[1].square().sum() + t[3].square().sum()) * 0.01
      },
      // Learning Loss for Active Learning: a backbone's per-sample losses are the
      // detached targets of a loss-prediction head on the same features; the ranking
      // loss compares pairs (first half against the reversed second half) by sign.
      Case(
        name: "learning loss: backbone crossEntropy + ranking loss of predicted losses",
        inputs: [batch, llConv, llClassifier, llHidden, llOut], epsilon: 1e-3
      ) { t in
        let featureMap = try Tensor.conv2d(t[0], weight: t[1], bias: nil, padding: 1).relu()
        let pooled = try featureMap.globalAvgPool()
        let logits = try Tensor.linear(pooled, weight: t[2], bias: nil)
        let targetLoss = try Tensor.crossEntropy(logits: logits, targets: [0, 2, 1, 2])
        let hidden = try Tensor.linear(pooled, weight: t[3], bias: nil).relu()
        let predicted = try Tensor.linear(hidden, weight: t[4], bias: nil).reshaped([4])
        let flip = [3, 2, 1, 0]
        let first = { (v: Tensor) in try v.slice(axis: 0, start: 0, end: 2) }
        let predDiff = try first(predicted) - first(predicted.indexSelect(axis: 0, indices: flip))
        let target = targetLoss.detached()
        let targetDiff = try first(target) - first(target.indexSelect(axis: 0, indices: flip))
        let sign = try targetDiff.gt(0) * 2 - 1
        let ranking = try ((1 - sign * predDiff).clamp(min: 0)).sum() / 2
        return try targetLoss.mean() + ranking
      },
      // Scaled dot-product attention: batched matmuls, a transpose and a softmax.
      Case(
        name: "attention: softmax(q·kᵀ / 2)·v",
        inputs: [
          try signed([2, 3, 4], seed: 57), try signed([2, 3, 4], seed: 58),
          try signed([2, 3, 2], seed: 59),
        ]
      ) { t in
        try (t[0].matmul(t[1].transposed()) / 2).softmax().matmul(t[2]).square().sum()
      },
      // Normalisation by hand: x feeds the mean, the variance and the difference.
      Case(
        name: "(x − mean) / sqrt(variance + ε) along rows", inputs: [try signed([3, 4], seed: 60)]
      ) { t in
        let centred = try t[0] - t[0].mean(axes: [1], keepDims: true)
        let spread = try (t[0].variance(axes: [1], keepDims: true) + 1e-3).sqrt()
        return try (centred / spread) * Tensor([1, 2, 3, 4])
      },
    ]
  }

  // MARK: checks

  func testEveryOperationMatchesFiniteDifferences() throws {
    for c in try Self.operationCases() {
      let report = try GradientCheck.check(c.inputs, epsilon: c.epsilon, c.f)
      XCTAssertLessThan(report.maxError, c.tolerance, "\(c.name): \(report)")
    }
  }

  func testCompositionsMatchFiniteDifferences() throws {
    for c in try Self.chainCases() {
      let report = try GradientCheck.check(c.inputs, epsilon: c.epsilon, c.f)
      XCTAssertLessThan(report.maxError, c.tolerance, "\(c.name): \(report)")
    }
  }

  /// The list of primitives is consistent: each case names a different type, and that
  /// type's entry names the case back. (That every `TapeOp` has an entry at all is the
  /// compiler's check; see `Primitive`.)
  func testEachPrimitiveNamesItsOwnType() {
    for p in Primitive.allCases {
      XCTAssertEqual(
        p.opType.primitive, p, "\(p.opType) is listed under .\(p), its entry differs")
    }
    let types = Set(Primitive.allCases.map { ObjectIdentifier($0.opType) })
    XCTAssertEqual(types.count, Primitive.allCases.count, "a type listed under two cases")
  }

  /// Every primitive, and every operation name the engine records, appears in some case;
  /// every recorded operation is the type its primitive lists; and no case passes
  /// vacuously (each records its operations and sends a non-zero gradient to an input).
  func testTableCoversEveryPrimitiveAndOperation() throws {
    var primitives = Set<Primitive>()
    var names = Set<String>()
    for c in try Self.operationCases() + Self.chainCases() {
      let leaves = c.inputs.map { $0.detached().requiringGrad() }
      let y = try c.f(leaves)
      XCTAssertTrue(y.requiresGrad, "\(c.name) records nothing")
      for node in Self.nodes(reachableFrom: y) {
        let type = Swift.type(of: node.op)
        guard let primitive = type.primitive, primitive.opType == type else {
          XCTFail("\(c.name) records \(type), which the list of primitives does not name")
          continue
        }
        primitives.insert(primitive)
        names.insert(node.op.name)
      }
      // Random weights: with ones, some gradients vanish identically (Σ softmax = 1).
      try y.backward(Tensor.uniform(y.shape, low: 0.5, high: 1.5, seed: 1))
      let nonZero = leaves.contains { $0.grad?.scalars.contains { $0 != 0 } ?? false }
      XCTAssertTrue(nonZero, "\(c.name): every gradient is zero")
    }
    XCTAssertEqual(
      Set(Primitive.allCases).subtracting(primitives).map(\.rawValue).sorted(), [],
      "primitives without a case")
    let operations: Set<String> = [
      "add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "abs", "tanh", "sigmoid",
      "relu", "square", "pow", "clamp", "maximum", "minimum", "remainder", "where", "addReLU",
      "sum", "mean", "max",
      "min", "variance", "softmax", "logSoftmax", "crossEntropy", "reshape", "permute",
      "expand", "slice", "select", "concat", "stack", "gather", "indexSelect", "matmul",
      "linear", "conv2d", "maxPool2d", "avgPool2d", "globalAvgPool", "batchNorm",
      "batchNormInference", "batchNorm+relu", "batchNormInference+relu", "upsampleNearest",
      "huber", "binaryCrossEntropy", "perSampleMSE", "multiboxLoss",
    ]
    XCTAssertEqual(operations.subtracting(names).sorted(), [], "operations without a case")
    XCTAssertEqual(names.subtracting(operations).sorted(), [], "unlisted operations recorded")
  }

  /// The nodes recorded on the way to `t`.
  static func nodes(reachableFrom t: Tensor) -> [TapeNode] {
    var result: [TapeNode] = []
    var seen = Set<ObjectIdentifier>()
    var stack = [t]
    while let u = stack.popLast() {
      guard seen.insert(ObjectIdentifier(u)).inserted, let node = u.node else { continue }
      result.append(node)
      stack.append(contentsOf: node.inputs)
    }
    return result
  }
}
