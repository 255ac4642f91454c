import LLALTensor
import XCTest

@testable import LLALNN

final class TrainingTests: XCTestCase {
  /// Four classes of 1×8×8 images, each a bright 2-pixel bar (top, bottom, left, right)
  /// under Gaussian noise of standard deviation 0.3.
  private func bars(_ n: Int, seed: UInt64) throws -> (x: Tensor, labels: [Int]) {
    var g = RandomGenerator(seed: seed)
    let labels = (0..<n).map { _ in g.nextInt(below: 4) }
    let x = try Tensor.normal([n, 1, 8, 8], std: 0.3, generator: &g)
    x.withUnsafeMutableBuffer { b in
      for (i, y) in labels.enumerated() {
        for k in 0..<8 {
          for band in 0..<2 {
            let (r, c) =
              switch y {
              case 0: (1 + band, k)
              case 1: (5 + band, k)
              case 2: (k, 1 + band)
              default: (k, 5 + band)
              }
            b[i * 64 + r * 8 + c] += 1.5
          }
        }
      }
    }
    return (x, labels)
  }

  func testCNNWithLossModuleLearnsASeparableImageTask() throws {
    let train = try bars(256, seed: 1)
    let test = try bars(128, seed: 2)
    let m = try ReferenceModels.digitsCNN(classes: 4, seed: 0)
    let module = try LossPredictionModule(model: m.graph, taps: m.taps, width: 32)
    let trainer = try Trainer(
      model: m.graph, lossModule: module, learningLoss: try LearningLossConfig(detachAfter: 3),
      config: TrainingConfig(
        epochs: 4, batchSize: 32,
        optimizer: .sgd(lr: 0.1, momentum: 0.9, weightDecay: 5e-4),
        schedule: .multiStep(milestones: [3]), seed: 0))
    var stepEvents: [StepProgress] = []
    let history = try trainer.fit(
      x: train.x, labels: train.labels,
      onEvent: { event in
        if case .step(let s) = event { stepEvents.append(s) }
      })
    XCTAssertEqual(history.count, 4)
    XCTAssertEqual(stepEvents.count, 4 * 8)
    XCTAssertEqual(stepEvents.last?.learningRate ?? 0, 0.01, accuracy: 1e-7)
    XCTAssertEqual(history.map(\.detached), [false, false, false, true])
    XCTAssertLessThan(history[3].classificationLoss, 0.5 * history[0].classificationLoss)
    XCTAssertNotNil(history[0].moduleLoss)
    let e = try m.graph.evaluate(test.x, labels: test.labels, batchSize: 50, lossModule: module)
    XCTAssertGreaterThan(try XCTUnwrap(e.accuracy), 0.9, "chance is 0.25")
    XCTAssertEqual(e.losses.count, 128)
    XCTAssertEqual(e.predictedLosses?.count, 128)
  }

  func testSameSeedSameModelAndCancellationResumes() throws {
    let data = try bars(64, seed: 3)
    func run(stopAt: Int?) throws -> (ModelGraph, Trainer) {
      let g = try ReferenceModels.digitsCNN(classes: 4, seed: 5).graph
      let t = try Trainer(
        model: g, config: TrainingConfig(epochs: 2, batchSize: 16, seed: 9))
      let token = CancellationToken()
      var steps = 0
      do {
        try t.fit(x: data.x, labels: data.labels, cancellation: token) { event in
          if case .step = event {
            steps += 1
            if steps == stopAt { token.cancel() }
          }
        }
      } catch let stop as Interrupt.Stopped {
        XCTAssertEqual(stop.site, stopAt == 6 ? "epoch 2, batch 3" : "epoch 2, batch 1")
        XCTAssertEqual(t.history.count, 1)
        XCTAssertEqual(steps, stopAt)
      }
      return (g, t)
    }
    let (a, _) = try run(stopAt: nil)
    let (b, _) = try run(stopAt: nil)
    XCTAssertEqual(a.parameters.map(\.tensor.scalars), b.parameters.map(\.tensor.scalars))
    XCTAssertEqual(a.buffers.map(\.tensor.scalars), b.buffers.map(\.tensor.scalars))
    let (c, stopped) = try run(stopAt: 6)
    XCTAssertEqual(stopped.history.count, 1)
    try stopped.fit(x: data.x, labels: data.labels)  // resumes with epoch 2
    XCTAssertEqual(stopped.history.map(\.epoch), [0, 1])
    // Steps 5–6 of epoch 2 ran twice, so the weights differ from the uninterrupted run.
    XCTAssertNotEqual(c.parameters.map(\.tensor.scalars), a.parameters.map(\.tensor.scalars))
    // Stopped at the epoch boundary (before epoch 2's first batch) and resumed, the run
    // repeats the uninterrupted one exactly.
    let (d, boundary) = try run(stopAt: 4)
    XCTAssertEqual(boundary.history.count, 1)
    try boundary.fit(x: data.x, labels: data.labels)
    XCTAssertEqual(d.parameters.map(\.tensor.scalars), a.parameters.map(\.tensor.scalars))
  }

  func testDetachAfterStopsTheModuleGradientReachingTheTarget() throws {
    // One step on the same batch, from the same weights: with the module before
    // `detachAfter` the target's gradients differ from plain CE training; from that
    // epoch on they are exactly those of plain CE training, while the module still
    // learns.
    let data = try bars(32, seed: 4)
    func gradients(module: Bool, epoch: Int) throws -> ([[Float]], [Float]?) {
      let m = try ReferenceModels.digitsCNN(classes: 4, seed: 2)
      let lm = module ? try LossPredictionModule(model: m.graph, taps: m.taps, seed: 3) : nil
      let t = try Trainer(
        model: m.graph, lossModule: lm, learningLoss: try LearningLossConfig(detachAfter: 5),
        config: TrainingConfig(epochs: 10, batchSize: 32))
      try t.step(x: data.x, labels: data.labels, epoch: epoch)
      return (
        m.graph.parameters.map { $0.tensor.grad?.scalars ?? [] },
        lm?.parameters[0].tensor.grad?.scalars
      )
    }
    let plain = try gradients(module: false, epoch: 5).0
    let joint = try gradients(module: true, epoch: 4)
    let detached = try gradients(module: true, epoch: 5)
    XCTAssertNotEqual(joint.0, plain)
    XCTAssertEqual(detached.0, plain)
    XCTAssertNotNil(detached.1)
    XCTAssertTrue(detached.1?.contains { $0 != 0 } ?? false)
  }

  func testInferenceMatchesEvaluationAndIsBatchIndependent() throws {
    let data = try bars(23, seed: 5)
    let m = try ReferenceModels.digitsCNN(classes: 4, seed: 1)
    let module = try LossPredictionModule(model: m.graph, taps: m.taps, width: 16)
    // A few train steps so that the running statistics are not the initial ones.
    let t = try Trainer(
      model: m.graph, lossModule: module, config: TrainingConfig(epochs: 1, batchSize: 8))
    try t.fit(x: data.x, labels: data.labels)
    let f2 = try m.graph.id(named: "f2")
    let small = try m.graph.infer(data.x, batchSize: 5, features: [f2], lossModule: module)
    let whole = try m.graph.infer(data.x, batchSize: 100, features: [f2], lossModule: module)
    let probabilities = try XCTUnwrap(small.probabilities)
    XCTAssertEqual(probabilities.shape, [23, 4])
    XCTAssertEqual(small.outputs.shape, [23, 4])
    XCTAssertEqual(small.features[0].shape, [23, 32, 4, 4])
    XCTAssertEqual(small.predictedLosses?.shape, [23])
    for (a, b) in [
      (probabilities, try XCTUnwrap(whole.probabilities)), (small.features[0], whole.features[0]),
    ] {
      for (u, v) in zip(a.scalars, b.scalars) { XCTAssertEqual(u, v, accuracy: 1e-5) }
    }
    let p = probabilities.scalars
    for i in 0..<23 { XCTAssertEqual(p[(4 * i)..<(4 * i + 4)].reduce(0, +), 1, accuracy: 1e-5) }
    let e = try m.graph.evaluate(data.x, labels: data.labels, batchSize: 7, lossModule: module)
    XCTAssertEqual(e.predictions, try probabilities.argmax(axis: 1).scalars.map { Int($0) })
    for (u, v) in zip(e.predictedLosses ?? [], small.predictedLosses?.scalars ?? []) {
      XCTAssertEqual(u, v, accuracy: 1e-5)
    }
    // Cross-entropy is −log of the label's probability.
    for i in 0..<23 {
      XCTAssertEqual(e.losses[i], -Foundation.log(p[4 * i + data.labels[i]]), accuracy: 1e-4)
    }
  }

  /// Issue 14: a learning rate of 1e30 made the loss NaN and training went on; the step
  /// whose loss is not finite stops training, names where, and leaves the weights finite.
  func testALossThatIsNotFiniteStopsTrainingBeforeTheUpdate() throws {
    let data = try bars(32, seed: 3)
    let g = try ReferenceModels.digitsCNN(classes: 4).graph
    let t = try Trainer(
      model: g, config: TrainingConfig(epochs: 2, batchSize: 8, optimizer: .sgd(lr: 1e30)))
    var steps = 0
    XCTAssertThrowsError(
      try t.fit(x: data.x, labels: data.labels) { if case .step = $0 { steps += 1 } }
    ) { e in
      let d = e as? TrainingDiverged
      XCTAssertEqual(d?.loss.isNaN, true)
      XCTAssertEqual(d?.learningRate, 1e30)
      XCTAssertEqual(d?.epoch, 0)
      XCTAssertEqual(d?.step, 1)
      XCTAssertEqual(
        "\(e)",
        "training diverged at epoch 1, step 2: the loss is nan (learning rate 1e+30); lower the "
          + "learning rate")
    }
    XCTAssertEqual(steps, 1, "the first step's loss was finite")
    XCTAssertTrue(g.parameters.allSatisfy { $0.tensor.scalars.allSatisfy(\.isFinite) })
    // A step run by hand names its epoch only.
    XCTAssertThrowsError(try t.step(x: data.x, labels: data.labels, epoch: 4)) { e in
      XCTAssertEqual((e as? TrainingDiverged)?.position, "epoch 5")
    }
  }

  func testAugmentationHookAndDataErrors() throws {
    let data = try bars(40, seed: 6)
    let g = try ReferenceModels.digitsCNN(classes: 4).graph
    let t = try Trainer(model: g, config: TrainingConfig(epochs: 1, batchSize: 16, dropLast: true))
    var shapes: [[Int]] = []
    try t.fit(
      x: data.x, labels: data.labels,
      augment: { x, rng in
        shapes.append(x.shape)
        _ = rng.nextUniform()
        return try x * -1
      })
    XCTAssertEqual(shapes, [[16, 1, 8, 8], [16, 1, 8, 8]])
    // Without dropLast the short batch is used, unless it holds a single sample.
    for (n, expected) in [(40, [16, 16, 8]), (33, [16, 16])] {
      var sizes: [Int] = []
      let t = try Trainer(model: g, config: TrainingConfig(epochs: 1, batchSize: 16))
      try t.fit(
        x: try data.x.slice(axis: 0, start: 0, end: n), labels: Array(data.labels.prefix(n)),
        augment: { x, _ in
          sizes.append(x.shape[0])
          return x
        })
      XCTAssertEqual(sizes, expected)
    }
    let fresh = try Trainer(model: g, config: TrainingConfig(epochs: 1, batchSize: 16))
    XCTAssertThrowsError(try fresh.fit(x: data.x, labels: Array(data.labels.dropLast()))) { e in
      XCTAssertEqual("\(e)", "training data [40, 1, 8, 8] and targets [39] do not match")
    }
    var bad = data.labels
    bad[7] = 4
    XCTAssertThrowsError(try fresh.fit(x: data.x, labels: bad)) { e in
      XCTAssertEqual("\(e)", "label 4 at index 7 is out of range for a model with 4 classes")
    }
    XCTAssertThrowsError(try Trainer(model: g, config: TrainingConfig(epochs: 1, batchSize: 0)))
  }
}
