import LLALTensor
import XCTest

@testable import LLALNN

final class GraphTests: XCTestCase {
  func testDigitsCNNShapesAndParameterCountsMatchThePeers() throws {
    let m = try ReferenceModels.digitsCNN()
    let g = m.graph
    XCTAssertEqual(try g.outputShape(of: g.id(named: "f1")), [16, 8, 8])
    XCTAssertEqual(try g.outputShape(of: g.id(named: "f2")), [32, 4, 4])
    XCTAssertEqual(g.outputShape, [10])
    // conv1 16·1·9, bn1 2·16, conv2 32·16·9, bn2 2·32, fc 32·10 + 10 (PyTorch: 5178).
    XCTAssertEqual(try g.node(g.id(named: "conv1")).parameterCount, 144)
    XCTAssertEqual(try g.node(g.id(named: "conv2")).parameterCount, 4608)
    XCTAssertEqual(g.parameterCount, 5178)
    XCTAssertEqual(m.taps.map { g.nodes[$0.index].name }, ["f1", "f2"])
  }

  func testReferenceModelParameterCountsMatchThePeers() throws {
    // sum(p.numel() for p in model.parameters()) in shared/peers/models.py
    XCTAssertEqual(try ReferenceModels.mlp().graph.parameterCount, 85002)
    let r = try ReferenceModels.resNet18(width: 16)
    XCTAssertEqual(r.graph.parameterCount, 701_466)
    XCTAssertEqual(
      r.taps.map { r.graph.nodes[$0.index].outputShape },
      [[16, 32, 32], [32, 16, 16], [64, 8, 8], [128, 4, 4]])
    // LossNet((16, 32)) and LossNet((16, 32, 64, 128)) with width 128.
    let d = try ReferenceModels.digitsCNN()
    XCTAssertEqual(try LossPredictionModule(model: d.graph, taps: d.taps).parameterCount, 6657)
    XCTAssertEqual(try LossPredictionModule(model: r.graph, taps: r.taps).parameterCount, 31745)
  }

  // The pose peer's HourglassLite: conv1 16·1·9, bn1 2·16, conv2 32·16·9, bn2 2·32,
  // conv3 64·32·9, bn3 2·64, conv4 32·64·9, bn4 2·32, head 3·32 + 3 = 42003 by hand;
  // LossNet((32, 64, 32), 128): (32 + 64 + 32)·128 + 3·128 + 3·128 + 1 = 17153.
  func testHourglassLiteUpsamplesAndAddsTheSkipConnection() throws {
    let m = try ReferenceModels.hourglassLite()
    let g = m.graph
    XCTAssertEqual(m.taps.map { g.nodes[$0.index].name }, ["t1", "t2", "t3"])
    XCTAssertEqual(
      m.taps.map { g.nodes[$0.index].outputShape }, [[32, 16, 16], [64, 8, 8], [32, 16, 16]])
    XCTAssertEqual(g.outputShape, [3, 16, 16])
    XCTAssertEqual(g.parameterCount, 42003)
    XCTAssertEqual(try LossPredictionModule(model: g, taps: m.taps).parameterCount, 17153)
    let out = try g.forward(try Tensor.uniform([2, 1, 32, 32], seed: 1), mode: .eval)
    XCTAssertEqual(out.output.shape, [2, 3, 16, 16])
  }

  func testUpsampleShapesAndErrors() throws {
    let g = try ModelGraph(inputShape: [2, 3, 5])
    XCTAssertEqual(try g.outputShape(of: g.add(Upsample(factor: 3), g.input)), [2, 9, 15])
    XCTAssertThrowsError(try g.add(Upsample(factor: 0), g.input, name: "u")) { e in
      XCTAssertEqual("\(e)", "node 'u' (upsample(0)): Upsample.factor must be at least 1, found 0")
    }
    XCTAssertThrowsError(try g.add(Upsample(factor: 1 << 20), g.input, name: "big")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'big' (upsample(1048576)): its output [2, 3145728, 5242880] per sample exceeds "
          + "the limit of 1073741824 elements")
    }
    let v = try ModelGraph(inputShape: [4])
    XCTAssertThrowsError(try v.add(Upsample(factor: 2), v.input, name: "u")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'u' (upsample(2)): expects an image [channels, height, width] per sample, got [4]")
    }
  }

  func testParameterNamesFollowPyTorchStateDict() throws {
    let names = try ReferenceModels.resNet18().graph.parameters.map(\.name)
    XCTAssertEqual(
      Array(names.prefix(6)),
      [
        "conv1.weight", "bn1.weight", "bn1.bias", "layers.0.0.conv1.weight",
        "layers.0.0.bn1.weight", "layers.0.0.bn1.bias",
      ])
    XCTAssertTrue(names.contains("layers.1.0.shortcut.0.weight"))
    XCTAssertFalse(names.contains("layers.0.0.shortcut.0.weight"))
    XCTAssertEqual(names.last, "fc.bias")
    let buffers = try ReferenceModels.digitsCNN().graph.buffers.map(\.name)
    XCTAssertEqual(
      buffers, ["bn1.running_mean", "bn1.running_var", "bn2.running_mean", "bn2.running_var"])
  }

  func testShapeMismatchNamesTheNodeAndBothShapes() throws {
    let g = try ModelGraph(inputShape: [1, 8, 8])
    let a = try g.add(Conv2d(outChannels: 16, kernel: 3, padding: 1), g.input, name: "a")
    let b = try g.add(Conv2d(outChannels: 32, kernel: 3, stride: 2, padding: 1), a, name: "b")
    XCTAssertThrowsError(try g.add(Add(), inputs: [a, b], name: "sum")) { e in
      XCTAssertEqual("\(e)", "node 'sum' (add()): input shapes [16, 8, 8] and [32, 4, 4] differ")
      XCTAssertEqual((e as? ModelError)?.node, "sum")
    }
    XCTAssertThrowsError(try g.add(Linear(outFeatures: 10), b, name: "fc")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'fc' (linear(10)): expects a feature vector [features] per sample, got "
          + "[32, 4, 4] (use flatten() or gap() first)")
    }
    let f = try g.add(Flatten(), b)
    XCTAssertEqual(try g.outputShape(of: f), [512])
    XCTAssertThrowsError(try g.add(Linear(outFeatures: 10, inFeatures: 64), f, name: "fc")) { e in
      XCTAssertEqual("\(e)", "node 'fc' (linear(10)): expects input [64], got [512]")
    }
    XCTAssertThrowsError(try g.add(Conv2d(outChannels: 4, kernel: 3), f, name: "c")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'c' (conv2d(4, 3)): expects an image [channels, height, width] per sample, "
          + "got [512]")
    }
    XCTAssertThrowsError(try g.add(Conv2d(outChannels: 4, kernel: 9), b, name: "big")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'big' (conv2d(4, 9)): a 9×9 window with padding 0 does not fit input [32, 4, 4]")
    }
    XCTAssertThrowsError(try g.add(Concat(), inputs: [a, b], name: "cat")) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'cat' (concat()): input shapes [16, 8, 8] and [32, 4, 4] differ outside axis 0")
    }
  }

  /// Issue 14: sizes beyond `SizeLimit.maximum` made the shape arithmetic overflow (a
  /// trap); each is refused by the layer, naming its field, before any arithmetic.
  func testLayerSizesAreCheckedBeforeArithmetic() throws {
    let g = try ModelGraph(inputShape: [1, 8, 8])
    func refused(_ layer: any Layer, _ message: String, line: UInt = #line) {
      XCTAssertThrowsError(try g.add(layer, g.input, name: "n"), line: line) { e in
        XCTAssertEqual("\(e)", "node 'n' (\(layer)): " + message, line: line)
      }
    }
    refused(
      Conv2d(outChannels: 4, kernel: 3, padding: 4_611_686_018_427_387_904),
      "Conv2d.padding must be at most 1073741824, found 4611686018427387904")
    refused(
      Conv2d(outChannels: 4, kernel: 3, stride: 0), "Conv2d.stride must be at least 1, found 0")
    refused(Conv2d(outChannels: 0, kernel: 3), "Conv2d.outChannels must be at least 1, found 0")
    refused(
      Conv2d(outChannels: 4, kernel: Int.max),
      "Conv2d.kernel must be at most 1073741824, found 9223372036854775807")
    refused(
      MaxPool2d(kernel: Int.max, padding: 4_611_686_018_427_387_904),
      "MaxPool2d.kernel must be at most 1073741824, found 9223372036854775807")
    refused(AvgPool2d(kernel: 2, padding: -1), "AvgPool2d.padding must not be negative, found -1")
    refused(
      MaxPool2d(kernel: 3, padding: 2),
      "MaxPool2d.padding must be at most half the kernel 3, found 2")
    // The largest padding allowed keeps the output within the limit or says it does not.
    refused(
      Conv2d(outChannels: 4, kernel: 1, padding: 1 << 30),
      "its output [4, 2147483656, 2147483656] per sample exceeds the limit of 1073741824 "
        + "elements")
    // A kernel whose weight would overflow `Int` is refused when the weight is allocated.
    let wide = try ModelGraph(inputShape: [1 << 20, 1, 1])
    XCTAssertThrowsError(
      try wide.add(Conv2d(outChannels: 1, kernel: 1 << 20, padding: 1 << 19), wide.input)
    ) { e in
      XCTAssertTrue("\(e)".contains("exceeds the limit of 1073741824 elements"), "\(e)")
    }
  }

  func testBuildErrorsForNamesArityAndSettings() throws {
    let g = try ModelGraph(inputShape: [4])
    let h = try g.add(Linear(outFeatures: 3), g.input, name: "h")
    XCTAssertThrowsError(try g.add(ReLU(), h, name: "h")) { e in
      XCTAssertEqual("\(e)", "node 'h' (relu()): a node with this name already exists")
    }
    XCTAssertThrowsError(try g.add(Add(), inputs: [h], name: "s")) { e in
      XCTAssertEqual("\(e)", "node 's' (add()): takes at least 2 input(s), got 1")
    }
    XCTAssertThrowsError(try g.add(ReLU(), NodeID(9), name: "r")) { e in
      XCTAssertEqual("\(e)", "node 'r' (relu()): input node #9 does not exist")
    }
    XCTAssertThrowsError(try g.add(Dropout(1.5), h, name: "d")) { e in
      XCTAssertEqual(
        "\(e)", "node 'd' (dropout(1.5)): the probability must lie in [0, 1), got 1.5")
    }
    XCTAssertThrowsError(try g.add(Linear(outFeatures: 0), h, name: "z")) { e in
      XCTAssertEqual("\(e)", "node 'z' (linear(0)): Linear.outFeatures must be at least 1, found 0")
    }
    XCTAssertThrowsError(try g.id(named: "nope")) { e in
      XCTAssertEqual("\(e)", "model has no node named 'nope' (nodes: x, h)")
    }
    XCTAssertThrowsError(try ModelGraph(inputShape: [0, 3])) { e in
      XCTAssertEqual(
        "\(e)", "node 'x' (input): the input shape must have positive dimensions, got [0, 3]")
    }
  }

  func testPoolingConcatAndAutoNames() throws {
    let g = try ModelGraph(inputShape: [3, 9, 9])
    let m = try g.add(MaxPool2d(kernel: 2), g.input)
    let a = try g.add(AvgPool2d(kernel: 3, stride: 2, padding: 1), g.input)
    XCTAssertEqual(try g.outputShape(of: m), [3, 4, 4])
    XCTAssertEqual(try g.outputShape(of: a), [3, 5, 5])
    let c = try g.add(Concat(), inputs: [m, try g.add(MaxPool2d(kernel: 2), g.input)])
    XCTAssertEqual(try g.outputShape(of: c), [6, 4, 4])
    XCTAssertEqual(
      g.nodes.map(\.name), ["x", "maxpool_1", "avgpool_1", "maxpool_2", "concat_1"])
    XCTAssertEqual(try g.outputShape(of: g.add(GlobalAvgPool(), c)), [6])
    XCTAssertEqual(g.output, NodeID(5))
  }

  func testSummaryTable() throws {
    let g = try ModelGraph(name: "Tiny", inputShape: [1, 4, 4])
    let c = try g.add(
      Conv2d(outChannels: 2, kernel: 3, padding: 1, bias: false), g.input, name: "c1")
    let r = try g.add(ReLU(), c, name: "r")
    let s = try g.add(Add(), inputs: [c, r], name: "res")
    let p = try g.add(GlobalAvgPool(), s, name: "pool")
    try g.add(Linear(outFeatures: 10), p, name: "fc")
    XCTAssertEqual(
      g.summary().description,
      """
      Tiny
      node   layer                              output     params
      x      input                              [1, 4, 4]       0
      c1     conv2d(2, 3, pad: 1, bias: false)  [2, 4, 4]      18
      r      relu()                             [2, 4, 4]       0
      res    add() ← c1, r                      [2, 4, 4]       0
      pool   gap()                              [2]             0
      fc     linear(10)                         [10]           30
      total                                                    48
      """)
    XCTAssertEqual(g.summary().rows[3].inputs, ["c1", "r"])
  }

  func testInitializationFollowsPyTorchDefaultsAndIsSeeded() throws {
    let g = try ModelGraph(inputShape: [3, 8, 8], seed: 3)
    let c = try g.add(Conv2d(outChannels: 64, kernel: 3), g.input)
    let bn = try g.add(BatchNorm(), c)
    let f = try g.add(Linear(outFeatures: 50), try g.add(GlobalAvgPool(), bn))
    let w = g.nodes[c.index].parameters[0].scalars
    let bound = 1 / Float(27).squareRoot()  // fan-in 3·3·3
    XCTAssertLessThanOrEqual(w.map(abs).max() ?? 0, bound)
    XCTAssertGreaterThan(w.map(abs).max() ?? 0, 0.95 * bound)
    XCTAssertEqual(g.nodes[c.index].parameters[1].scalars, [Float](repeating: 0, count: 64))
    XCTAssertEqual(g.nodes[bn.index].parameters[0].scalars, [Float](repeating: 1, count: 64))
    XCTAssertEqual(g.nodes[bn.index].buffers[1].scalars, [Float](repeating: 1, count: 64))
    let fw = g.nodes[f.index].parameters[0].scalars
    XCTAssertLessThanOrEqual(fw.map(abs).max() ?? 0, 1 / Float(64).squareRoot())
    XCTAssertTrue(g.parameters.allSatisfy { $0.tensor.requiresGrad })

    // Same seed, same values; initialize(seed:) redraws in place and can restore them.
    let first = g.parameters.map(\.tensor.scalars)
    let tensors = g.parameters.map(\.tensor)
    try g.initialize(seed: 4)
    XCTAssertNotEqual(g.parameters.map(\.tensor.scalars), first)
    try g.initialize(seed: 3)
    XCTAssertEqual(g.parameters.map(\.tensor.scalars), first)
    XCTAssertTrue(zip(tensors, g.parameters).allSatisfy { $0 === $1.tensor })
  }

  func testCopyIsIndependent() throws {
    let g = try ReferenceModels.digitsCNN(seed: 1).graph
    let h = try g.copy()
    XCTAssertEqual(h.parameters.map(\.name), g.parameters.map(\.name))
    XCTAssertEqual(h.parameters.map(\.tensor.scalars), g.parameters.map(\.tensor.scalars))
    h.parameters[0].tensor.withUnsafeMutableBuffer { $0[0] += 1 }
    XCTAssertNotEqual(h.parameters[0].tensor.scalars, g.parameters[0].tensor.scalars)
  }

  func testRenameAndSetOutput() throws {
    let g = try ModelGraph(inputShape: [2])
    let a = try g.add(Linear(outFeatures: 2), g.input)
    try g.rename(a, to: "hidden")
    XCTAssertEqual(g.parameters.map(\.name), ["hidden.weight", "hidden.bias"])
    let b = try g.add(ReLU(), a)
    try g.setOutput(a)
    try g.add(ReLU(), b)
    XCTAssertEqual(g.output, a)
    XCTAssertThrowsError(try g.rename(b, to: "hidden"))
  }
}
