import LLALTensor
import XCTest

@testable import LLALNN

/// The detection task as a whole: the anchors read from a built model, the head's row
/// layout, shape checks, loss targets, metrics, the per-image entropy and refusals.
final class DetectTaskTests: XCTestCase {
  /// A 16 × 16 input, a head on an 8 × 8 map (2 sizes × 2 offsets) and one on 4 × 4.
  private func detector(classes: Int = 2) throws -> ModelGraph {
    let g = try ModelGraph(name: "D", inputShape: [1, 16, 16], seed: 1)
    let a = try g.add(Conv2d(outChannels: 4, kernel: 3, stride: 2, padding: 1), g.input)
    let b = try g.add(Conv2d(outChannels: 4, kernel: 3, stride: 2, padding: 1), a)
    let ha = try g.add(
      AnchorHead(sizes: [3, 5], offsets: [(-1, 0), (1, 0)], classes: classes), a, name: "ha")
    let hb = try g.add(AnchorHead(sizes: [8], classes: classes), b, name: "hb")
    try g.add(Concat(axis: 0), inputs: [ha, hb])
    return g
  }

  func testAnchorsComeFromTheHeadsInConcatOrder() throws {
    let (anchors, classes) = try Anchors.of(try detector())
    XCTAssertEqual(classes, 2)
    XCTAssertEqual(anchors.count, 8 * 8 * 4 + 4 * 4)
    XCTAssertEqual(anchors.maps.map(\.strideX), [2, 4])
    // Cell (0, 1) of the 8 × 8 map, centre (3, 1): its first anchor is size 3 at dx −1.
    XCTAssertEqual(anchors.boxes[4], Box(cx: 2, cy: 1, w: 3, h: 3))
    // The 4 × 4 map follows: its first anchor is centred on (2, 2) with side 8.
    XCTAssertEqual(anchors.boxes[256], Box(cx: 2, cy: 2, w: 8, h: 8))
  }

  func testHeadRowsArePerCellThenPerAnchor() throws {
    // Row (y·W + x)·A + a holds class channels a·(C+1) … and box channels a·4 … of cell
    // (y, x): compare the layer's output with the two convolutions done by hand.
    let head = AnchorHead(sizes: [2, 3], classes: 1)
    let x = try Tensor.randn([1, 3, 2, 2], seed: 4)
    let w1 = try Tensor.randn([4, 3, 3, 3], seed: 5), b1 = try Tensor.randn([4], seed: 6)
    let w2 = try Tensor.randn([8, 3, 3, 3], seed: 7), b2 = try Tensor.randn([8], seed: 8)
    let out = try head.forward(
      [x], parameters: [w1, b1, w2, b2], buffers: [], context: ForwardContext(mode: .eval))
    XCTAssertEqual(out.shape, [1, 8, 6])
    let cls = try Tensor.conv2d(x, weight: w1, bias: b1, stride: 1, padding: 1).scalars
    let box = try Tensor.conv2d(x, weight: w2, bias: b2, stride: 1, padding: 1).scalars
    let o = out.scalars
    for cell in 0..<4 {
      for a in 0..<2 {
        let row = (cell * 2 + a) * 6
        for c in 0..<2 { XCTAssertEqual(o[row + c], cls[(a * 2 + c) * 4 + cell], accuracy: 1e-6) }
        for k in 0..<4 { XCTAssertEqual(o[row + 2 + k], box[(a * 4 + k) * 4 + cell], accuracy: 1e-6) }
      }
    }
  }

  func testAModelOfAnotherFormOrStrideIsRefused() throws {
    let g = try ModelGraph(name: "C", inputShape: [1, 8, 8])
    try g.add(Linear(outFeatures: 3), try g.add(Flatten(), g.input), name: "fc")
    XCTAssertThrowsError(try Anchors.of(g)) {
      XCTAssertEqual(
        "\($0)",
        "task detect needs a model whose output is anchors(...) or concat(axis: 0) of them; "
          + "C has linear(3) at 'fc'")
    }
    let odd = try ModelGraph(name: "O", inputShape: [1, 10, 10])
    let p = try odd.add(Conv2d(outChannels: 2, kernel: 3, stride: 3), odd.input)
    try odd.add(AnchorHead(sizes: [4], classes: 2), p, name: "h")
    XCTAssertThrowsError(try Anchors.of(odd)) {
      XCTAssertEqual(
        "\($0)", "task detect: the feature map of 'h' is 3 × 3, which does not divide the input's 10 × 10")
    }
  }

  func testShapeChecksAndSettings() throws {
    let (anchors, _) = try Anchors.of(try detector())
    let task = try DetectTask(anchors: anchors, classes: 2)
    XCTAssertNoThrow(try task.check(input: [1, 16, 16], output: [272, 7], target: [3, 5]))
    XCTAssertThrowsError(try task.check(input: [1, 16, 16], output: [272, 8], target: [3, 5])) {
      XCTAssertEqual(
        "\($0)",
        "task detect needs an output [272, 7] per image (per anchor 3 class logits and 4 "
          + "offsets), got [272, 8]")
    }
    XCTAssertThrowsError(try task.check(input: [1, 16, 16], output: [272, 7], target: [])) {
      XCTAssertEqual(
        "\($0)", "task detect needs boxes [M, 5] (class, x1, y1, x2, y2) per image as targets, got []")
    }
    XCTAssertThrowsError(try DetectTask(anchors: anchors, classes: 2, topK: 0)) {
      XCTAssertEqual("\($0)", "detect(top_k:) must be >= 1, got 0")
    }
    XCTAssertThrowsError(try DetectTask(anchors: anchors, classes: 2, variances: (0, 0.2))) {
      XCTAssertEqual("\($0)", "detect(variances:) must be two positive numbers, got [0.0, 0.2]")
    }
    XCTAssertThrowsError(try task.requireClassProbabilities(for: "bald()")) {
      XCTAssertEqual(
        "\($0)",
        "bald() needs class probabilities; task detect gives detections (of the probability "
          + "scores only entropy() is defined for it)")
    }
    XCTAssertNoThrow(try task.requireClassProbabilities(for: "entropy()"))
  }

  func testLossTargetsMetricsAndEntropyOfAPerfectDetector() throws {
    let grid = Anchors(maps: [
      .init(height: 2, width: 2, strideY: 4, strideX: 4, sizes: [4], offsets: [(0, 0)])
    ])
    let task = try DetectTask(anchors: grid, classes: 1)
    // Image 0: one object on anchor 0; image 1: none.
    let boxes = try Tensor(shape: [2, 1, 5], [0, 0, 0, 4, 4, -1, 0, 0, 0, 0])
    let targets = try task.lossTargets(boxes, input: [1, 8, 8])
    XCTAssertEqual(targets.shape, [2, 4, 5])
    XCTAssertEqual(stride(from: 0, to: 40, by: 5).map { targets.scalars[$0] }, [1, 0, 0, 0, 0, 0, 0, 0])
    // Logits that say "object" at anchor 0 of image 0 and "background" elsewhere, offsets 0.
    var out = [Float](repeating: 0, count: 2 * 4 * 6)
    for r in 0..<8 { out[r * 6] = r == 0 ? -20 : 20 }
    out[1] = 20
    let output = try Tensor(shape: [2, 4, 6], out)
    let m = try task.metrics(output: output, targets: boxes, input: [1, 8, 8])
    XCTAssertEqual(m, [TaskMetric("map", 1), TaskMetric("ap_c0", 1)])
    let loss = try task.perSampleLoss(output: output, lossTargets: targets).scalars
    XCTAssertLessThan(loss[0], 1e-5)
    XCTAssertLessThan(loss[1], 1e-5)
    // Entropy per image, the largest over its anchors: every anchor is confident (about
    // 4e-8 nats) in image 0; in image 1 one undecided anchor (equal logits) gives log 2.
    out[6 * 5] = 0
    out[6 * 5 + 1] = 0
    let h = try XCTUnwrap(task.sampleEntropy(output: try Tensor(shape: [2, 4, 6], out)))
    XCTAssertLessThan(h[0], 1e-5)
    XCTAssertEqual(h[1], log(2.0), accuracy: 1e-9)
  }

  func testATrainingStepOfTheSSDLiteIsItsMeanMultiboxLossAndLowersIt() throws {
    // `llal bench train`'s detect_b32 step on a hand-made batch: four images, one with
    // two objects, one with an object on the border, one with none.
    let built = try ReferenceModels.ssdLite()
    let (anchors, classes) = try Anchors.of(built.graph)
    XCTAssertEqual(anchors.count, 544)
    let task = try DetectTask(anchors: anchors, classes: classes)
    let boxes = try Tensor(
      shape: [4, 2, 5],
      [
        0, 4, 4, 12, 12, 2, 18, 20, 28, 30, 1, 0, 22, 10, 32, -1, 0, 0, 0, 0,
        -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 2, 10, 10, 17, 17, -1, 0, 0, 0, 0,
      ])
    let targets = try task.lossTargets(boxes, input: [1, 32, 32])
    let x = try Tensor.uniform([4, 1, 32, 32], low: 0, high: 1, seed: 3)
    let expected = try withoutGrad {
      let out = try built.graph.forward(x, context: ForwardContext(mode: .train)).output
      return try task.perSampleLoss(output: out, lossTargets: targets).mean().item ?? .nan
    }
    let trainer = try Trainer(
      model: built.graph, task: task,
      config: TrainingConfig(
        epochs: 1, batchSize: 4, optimizer: .sgd(lr: 0.01, momentum: 0.9, weightDecay: 5e-4)))
    let first = try trainer.step(x: x, lossTargets: targets, epoch: 0).loss
    XCTAssertEqual(first, expected, accuracy: 1e-5 * expected)
    var last = first
    for _ in 0..<5 { last = try trainer.step(x: x, lossTargets: targets, epoch: 0).loss }
    XCTAssertLessThan(last, 0.9 * first)
  }
}
