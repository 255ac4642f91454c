import LLALTensor
import XCTest

@testable import LLALNN

final class ForwardTests: XCTestCase {
  func testBatchNormTrainAndEvalAgainstPyTorch() throws {
    // Per channel over N·H·W = 4 values: channel 0 {1, 3, 5, 7}, mean 4, biased variance
    // 5, unbiased 20/3; channel 1 {0, 0, 2, 2}, mean 1, variance 1, unbiased 4/3.
    // After one train step with momentum 0.1: running mean (0.4, 0.1), running variance
    // (0.9 + 0.1·20/3, 0.9 + 0.1·4/3). Expected values from torch.nn.BatchNorm2d(2).
    let g = try ModelGraph(inputShape: [2, 1, 2])
    let bn = try g.add(BatchNorm(), g.input)
    let x = try Tensor(shape: [2, 2, 1, 2], [1, 3, 0, 0, 5, 7, 2, 2])
    let train = try g.forward(x, mode: .train).output.scalars
    let expectedTrain: [Float] = [
      -1.3416394, -0.4472131, -0.999995, -0.999995, 0.4472131,
      1.3416394, 0.999995, 0.999995,
    ]
    for (a, b) in zip(train, expectedTrain) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    let buffers = g.nodes[bn.index].buffers
    XCTAssertEqual(buffers[0].scalars[0], 0.4, accuracy: 1e-6)
    XCTAssertEqual(buffers[0].scalars[1], 0.1, accuracy: 1e-6)
    XCTAssertEqual(buffers[1].scalars[0], 1.5666666, accuracy: 1e-6)
    XCTAssertEqual(buffers[1].scalars[1], 1.0333333, accuracy: 1e-6)
    let eval = try g.forward(x, mode: .eval).output.scalars
    let expectedEval: [Float] = [
      0.47935975, 2.0772257, -0.0983734, -0.0983734, 3.6750913,
      5.272957, 1.8690946, 1.8690946,
    ]
    for (a, b) in zip(eval, expectedEval) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    // Eval mode leaves the running statistics alone.
    XCTAssertEqual(buffers[0].scalars[0], 0.4, accuracy: 1e-6)
    // One value per channel cannot be normalised in train mode.
    let vector = try ModelGraph(inputShape: [2])
    try vector.add(BatchNorm(), vector.input)
    XCTAssertThrowsError(try vector.forward(try Tensor.zeros([1, 2]), mode: .train)) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'batchnorm_1' (batchnorm()): needs more than one value per channel in train "
          + "mode, got input [1, 2]")
    }
  }

  func testTapsAreReturnedInOrderAndInputShapeIsChecked() throws {
    let m = try ReferenceModels.digitsCNN()
    let x = try Tensor.randn([5, 1, 8, 8], seed: 1)
    let r = try m.graph.forward(x, mode: .eval, taps: [m.taps[1], m.taps[0], m.graph.input])
    XCTAssertEqual(r.output.shape, [5, 10])
    XCTAssertEqual(r.taps.map(\.shape), [[5, 32, 4, 4], [5, 16, 8, 8], [5, 1, 8, 8]])
    XCTAssertTrue(r.taps[2] === x)
    XCTAssertThrowsError(try m.graph.forward(try Tensor.zeros([5, 8, 8]), mode: .eval)) { e in
      XCTAssertEqual("\(e)", "node 'x' (input): expects a batch [N, 1, 8, 8], got [5, 8, 8]")
    }
  }

  func testDropoutIsSeededInTrainModeAndIdentityInEval() throws {
    let g = try ModelGraph(inputShape: [1000])
    try g.add(Dropout(0.25), g.input)
    let x = try Tensor.ones([2, 1000])
    let a = try g.forward(x, context: ForwardContext(mode: .train, seed: 7)).output.scalars
    let b = try g.forward(x, context: ForwardContext(mode: .train, seed: 7)).output.scalars
    XCTAssertEqual(a, b)
    XCTAssertEqual(Set(a), [0, Float(1) / 0.75])
    let dropped = a.filter { $0 == 0 }.count
    XCTAssertGreaterThan(dropped, 400)
    XCTAssertLessThan(dropped, 600)
    XCTAssertEqual(try g.forward(x, mode: .eval).output.scalars, x.scalars)
  }

  func testMonteCarloDropoutKeepsDropoutAndRunningStatistics() throws {
    // x → batchnorm → dropout(0.5). In Monte-Carlo dropout mode batch-norm normalises
    // with the running statistics (as in eval) and leaves them alone, while dropout
    // draws the same seeded masks as in train mode.
    let g = try ModelGraph(inputShape: [6])
    let bn = try g.add(BatchNorm(), g.input)
    try g.add(Dropout(0.5), bn)
    let x = try Tensor.uniform([4, 6], low: -2, high: 2, seed: 3)
    _ = try g.forward(x, mode: .train)  // moves the running statistics off 0 and 1
    let buffers = g.nodes[bn.index].buffers
    let before = buffers.map(\.scalars)
    let normalized = try BatchNorm().forward(
      [x], parameters: g.nodes[bn.index].parameters, buffers: buffers,
      context: ForwardContext(mode: .eval)
    ).scalars
    let a = try g.forward(x, context: ForwardContext(mode: .monteCarloDropout, seed: 5))
    XCTAssertEqual(buffers.map(\.scalars), before, "running statistics untouched")
    let dropout = try ModelGraph(inputShape: [6])
    try dropout.add(Dropout(0.5), dropout.input)
    let mask = try dropout.forward(
      try Tensor.ones([4, 6]), context: ForwardContext(mode: .train, seed: 5)
    ).output.scalars
    XCTAssertEqual(
      a.output.scalars, zip(normalized, mask).map { $0 * ($1 == 0 ? 0 : 2) },
      "eval-mode batch-norm times train mode's mask for the same seed")
    XCTAssertTrue(mask.contains(0) && mask.contains(2))
    let b = try g.forward(x, context: ForwardContext(mode: .monteCarloDropout, seed: 5))
    XCTAssertEqual(a.output.scalars, b.output.scalars, "seeded")
    let other = try g.forward(x, context: ForwardContext(mode: .monteCarloDropout, seed: 6))
    XCTAssertNotEqual(a.output.scalars, other.output.scalars)
    XCTAssertTrue(ForwardContext(mode: .monteCarloDropout).dropoutActive)
    XCTAssertFalse(ForwardContext(mode: .monteCarloDropout).isTraining)
  }

  /// Records a weak reference to each output it produces.
  private final class Probe: Layer, @unchecked Sendable {
    weak var last: Tensor?
    var kind: String { "probe" }
    var description: String { "probe()" }
    func outputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }
    func forward(
      _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
    ) throws -> Tensor {
      let out = try inputs[0] * 2
      last = out
      return out
    }
  }

  func testIntermediateValuesAreFreedAfterTheirLastUse() throws {
    let probe = Probe()
    let g = try ModelGraph(inputShape: [4])
    let p = try g.add(probe, g.input, name: "p")
    try g.add(ReLU(), p)
    let x = try Tensor.randn([3, 4], seed: 1)
    // Without gradients nothing else holds the probe's output once ReLU has read it.
    let r = try withoutGrad { try g.forward(x, mode: .eval) }
    XCTAssertNil(probe.last)
    // Tapped, it is kept for the caller.
    let tapped = try withoutGrad { try g.forward(x, mode: .eval, taps: [p]) }
    XCTAssertNotNil(probe.last)
    XCTAssertTrue(tapped.taps[0] === probe.last)
    XCTAssertEqual(r.output.shape, [3, 4])
  }

  // A ReLU that is a batch norm's only reader runs inside the batch norm's pass
  // (`ReLUFusing`): the same output and gradients as the two ops one after the other, in
  // train and eval mode. A tapped batch norm keeps its own value and is not fused.
  func testABatchNormReadOnlyByAReLURunsFusedWithTheSameResults() throws {
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let conv = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input)
    let bn = try g.add(BatchNorm(), conv)
    let relu = try g.add(ReLU(), bn)
    try g.add(Linear(outFeatures: 2), try g.add(GlobalAvgPool(), relu))
    let x = try Tensor.randn([4, 2, 3, 3], seed: 1)
    let seed = try Tensor.randn([4, 2], seed: 2)
    let params = g.nodes.flatMap(\.parameters)
    let (w, b) = (params[0], params[1])
    let (gamma, beta) = (params[2], params[3])
    let (fw, fb) = (params[4], params[5])
    for mode in [ForwardMode.train, .eval] {
      for t in params { t.zeroGrad() }
      let (runningMean, runningVar) = (g.nodes[bn.index].buffers[0], g.nodes[bn.index].buffers[1])
      let statistics = (runningMean.scalars, runningVar.scalars)
      // By hand, unfused, with the statistics the graph will use.
      let h = try Tensor.conv2d(x, weight: w, bias: b, padding: 1)
      let normal =
        mode == .train
        ? try Tensor.batchNorm(h, gamma: gamma, beta: beta, eps: 1e-5).output
        : try Tensor.batchNormInference(
          h, mean: runningMean, variance: runningVar, gamma: gamma, beta: beta, eps: 1e-5)
      let expected = try Tensor.linear(normal.relu().globalAvgPool(), weight: fw, bias: fb)
      try expected.backward(seed)
      let expectedGrads = params.map { $0.grad?.scalars }
      for t in params { t.zeroGrad() }
      let out = try g.forward(x, mode: mode).output
      try out.backward(seed)
      XCTAssertEqual(out.scalars, expected.scalars, "\(mode)")
      XCTAssertEqual(params.map { $0.grad?.scalars }, expectedGrads, "\(mode)")
      if mode == .train {  // the graph's pass updated the running statistics once more
        XCTAssertNotEqual(runningMean.scalars, statistics.0)
      }
    }
    let tapped = try withoutGrad { try g.forward(x, mode: .eval, taps: [bn, relu]) }
    XCTAssertTrue(tapped.taps[0].scalars.contains { $0 < 0 }, "the batch norm's own value")
    XCTAssertEqual(tapped.taps[1].scalars, try tapped.taps[0].relu().scalars)
  }

  // A ReLU that is a linear layer's only reader runs in the layer's product
  // (`Tensor.linear(…, relu: true)`): the same output and gradients as the two ops one
  // after the other. A tapped linear layer keeps its own value.
  func testALinearLayerReadOnlyByAReLURunsFusedWithTheSameResults() throws {
    let built = try ReferenceModels.mlp(sizes: [5, 7, 3])
    let g = built.graph
    let x = try Tensor.randn([4, 5], seed: 1)
    let seed = try Tensor.randn([4, 3], seed: 2)
    let params = g.nodes.flatMap(\.parameters)
    let hidden = try Tensor.linear(x, weight: params[0], bias: params[1]).relu()
    let expected = try Tensor.linear(hidden, weight: params[2], bias: params[3])
    try expected.backward(seed)
    let expectedGrads = params.map { $0.grad?.scalars }
    for t in params { t.zeroGrad() }
    let out = try g.forward(x, mode: .train).output
    try out.backward(seed)
    XCTAssertEqual(out.scalars, expected.scalars)
    XCTAssertEqual(params.map { $0.grad?.scalars }, expectedGrads)
    let layer = g.nodes.first { $0.name == "layers.0" }!.id
    let tapped = try withoutGrad { try g.forward(x, mode: .eval, taps: [layer]) }
    XCTAssertTrue(tapped.taps[0].scalars.contains { $0 < 0 }, "the layer's own value")
  }

  // The same for a residual sum read only by a ReLU (`Tensor.addReLU`); the block's first
  // ReLU fuses into its batch norm, the skip path reads the input directly.
  func testAResidualAddReadOnlyByAReLURunsFusedWithTheSameResults() throws {
    let g = try ModelGraph(inputShape: [2, 4, 4])
    let conv = try g.add(Conv2d(outChannels: 2, kernel: 3, padding: 1, bias: false), g.input)
    let inner = try g.add(ReLU(), try g.add(BatchNorm(), conv))
    let sum = try g.add(Add(), inputs: [inner, g.input])
    try g.add(Linear(outFeatures: 3), try g.add(GlobalAvgPool(), try g.add(ReLU(), sum)))
    let x = try Tensor.randn([3, 2, 4, 4], seed: 3).requiringGrad()
    let seed = try Tensor.randn([3, 3], seed: 4)
    let params = g.nodes.flatMap(\.parameters)
    let h = try Tensor.batchNorm(
      Tensor.conv2d(x, weight: params[0], bias: nil, padding: 1), gamma: params[1],
      beta: params[2], eps: 1e-5
    ).output.relu()
    let expected = try Tensor.linear(
      (h + x).relu().globalAvgPool(), weight: params[3], bias: params[4])
    try expected.backward(seed)
    let expectedGrads = ([x] + params).map { $0.grad?.scalars }
    for t in [x] + params { t.zeroGrad() }
    let out = try g.forward(x, mode: .train).output
    try out.backward(seed)
    XCTAssertEqual(out.scalars, expected.scalars)
    XCTAssertEqual(([x] + params).map { $0.grad?.scalars }, expectedGrads)
    let tapped = try withoutGrad { try g.forward(x, mode: .eval, taps: [sum]) }
    XCTAssertTrue(tapped.taps[0].scalars.contains { $0 < 0 }, "the sum's own value")
  }
}
