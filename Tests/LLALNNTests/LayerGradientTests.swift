import LLALTensor
import XCTest

@testable import LLALNN

/// Finite-difference checks of every layer's forward pass with respect to its inputs
/// and parameters, through the engine's tape.
final class LayerGradientTests: XCTestCase {
  /// Checks `layer` on a batch of `batch` samples of per-sample `shapes`. Inputs are
  /// drawn by `draw` (default: uniform in ±1 away from 0, so that ReLU-like kinks are not
  /// crossed by the perturbation).
  private func check(
    _ layer: any Layer, _ shapes: [[Int]], batch: Int = 3, mode: ForwardMode = .train,
    seed: UInt64 = 1, tolerance: Double = 2e-2, line: UInt = #line,
    draw: (([Int], inout RandomGenerator) throws -> Tensor)? = nil
  ) throws {
    var g = RandomGenerator(seed: seed)
    let inputs = try shapes.map { s in
      try draw?([batch] + s, &g) ?? awayFromZero([batch] + s, &g)
    }
    let specs = layer.parameterSpecs(shapes)
    let params = try specs.map { s in try awayFromZero(s.shape, &g) }
    let k = inputs.count
    let report = try GradientCheck.check(inputs + params) { xs in
      let buffers = try layer.bufferSpecs(shapes).map { s in
        try s.initializer.makeTensor(s.shape, generator: &g)
      }
      return try layer.forward(
        Array(xs[..<k]), parameters: Array(xs[k...]), buffers: buffers,
        context: ForwardContext(mode: mode, seed: 5))
    }
    XCTAssertLessThan(report.maxError, tolerance, "\(layer): \(report)", line: line)
  }

  /// Uniform values in ±[0.2, 1].
  private func awayFromZero(_ shape: [Int], _ g: inout RandomGenerator) throws -> Tensor {
    let t = try Tensor.zeros(shape)
    t.withUnsafeMutableBuffer { b in
      for i in b.indices { b[i] = (0.2 + 0.8 * g.nextUniform()) * (g.nextUniform() < 0.5 ? -1 : 1) }
    }
    return t
  }

  /// Distinct values 0.1 apart in a random order, so a max never changes hands under
  /// a 0.01 perturbation.
  private func distinct(_ shape: [Int], _ g: inout RandomGenerator) throws -> Tensor {
    let n = shape.reduce(1, *)
    return try Tensor(shape: shape, g.permutation(n).map { Float($0) * 0.1 - Float(n) * 0.05 })
  }

  func testLinear() throws {
    try check(Linear(outFeatures: 4), [[5]])
    try check(Linear(outFeatures: 2, bias: false), [[3]])
  }

  func testConv2d() throws {
    try check(Conv2d(outChannels: 3, kernel: 3, padding: 1), [[2, 5, 5]], batch: 2)
    try check(Conv2d(outChannels: 2, kernel: 3, stride: 2, bias: false), [[3, 6, 6]], batch: 2)
    try check(Conv2d(outChannels: 2, kernel: 1, stride: 2, bias: false), [[2, 4, 4]], batch: 2)
  }

  func testAnchorHeadThroughItsJoinedPlanes() throws {
    // 2 sizes × 2 offsets, 2 classes: rows of 3 logits and 4 offsets from two convolutions.
    try check(
      AnchorHead(sizes: [2, 3], offsets: [(-1, 0), (1, 0)], classes: 2), [[3, 3, 2]], batch: 2)
  }

  func testBatchNormInBothModes() throws {
    // Normalisation divides by a small batch's spread: looser bound for Float32 noise.
    try check(BatchNorm(), [[3, 2, 2]], batch: 4, tolerance: 5e-2)
    try check(BatchNorm(), [[4]], batch: 5, tolerance: 5e-2)
    try check(BatchNorm(), [[3, 2, 2]], batch: 2, mode: .eval)
  }

  func testActivationsPoolingAndShapes() throws {
    try check(ReLU(), [[2, 3, 3]])
    try check(MaxPool2d(kernel: 2), [[2, 4, 4]], draw: distinct)
    try check(MaxPool2d(kernel: 3, stride: 2, padding: 1), [[1, 5, 5]], draw: distinct)
    try check(AvgPool2d(kernel: 2), [[2, 4, 4]])
    try check(AvgPool2d(kernel: 3, stride: 2, padding: 1), [[1, 5, 5]])
    try check(GlobalAvgPool(), [[3, 2, 3]])
    try check(Flatten(), [[2, 2, 3]])
    try check(Upsample(factor: 2), [[2, 2, 3]])
  }

  func testDropoutWithAFixedMask() throws {
    try check(Dropout(0.5), [[4, 3]])
  }

  func testAddAndConcat() throws {
    try check(Add(), [[2, 3, 3], [2, 3, 3], [2, 3, 3]])
    try check(Concat(), [[2, 3, 3], [1, 3, 3]])
    try check(Concat(axis: -1), [[2, 3], [2, 1]])
  }

  func testWholeGraphWithResidualAndTaps() throws {
    // A small residual CNN; the output and a tap both feed L = Σ wᵢyᵢ, so gradients reach
    // the parameters from two places. Perturbations of 1e-3 keep the ReLU after
    // batch-norm on the same side of its kink.
    let g = try ModelGraph(inputShape: [2, 4, 4], seed: 3)
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input, name: "c")
    let r = try g.add(ReLU(), try g.add(BatchNorm(), c), name: "r")
    let s = try g.add(Conv2d(outChannels: 3, kernel: 1, bias: false), g.input)
    let sum = try g.add(Add(), inputs: [r, s], name: "sum")
    try g.add(Linear(outFeatures: 2), try g.add(GlobalAvgPool(), sum))
    let x = try Tensor.uniform([3, 2, 4, 4], low: -1, high: 1, seed: 4).requiringGrad()
    let wOut = try Tensor.uniform([3, 2], low: 0.5, high: 1.5, seed: 5)
    let wTap = try Tensor.uniform([3, 3, 4, 4], low: 0.5, high: 1.5, seed: 6)
    let worst = try worstGradientError([x] + g.parameters.map(\.tensor)) {
      let out = try g.forward(x, mode: .train, taps: [sum])
      return try (out.output * wOut).sum() + (out.taps[0] * wTap).sum()
    }
    XCTAssertLessThan(worst.error, 2e-2, worst.at)
  }
}
