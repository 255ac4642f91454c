import LLALTensor
import TestSupport
import XCTest

@testable import LLALNN

/// TiDAL's training dynamics, the KL loss its head learns them with, and a head with
/// one output per class.
final class TrainingDynamicsTests: XCTestCase {
  func testRunningMeansPerSample() throws {
    var d = TrainingDynamics(count: 3, classes: 2)
    // Epoch 1: samples 2 and 0; epoch 2: sample 0 again.
    let first = try d.record(try Tensor(rows: [[0.2, 0.8], [0.6, 0.4]]), rows: [2, 0])
    assertClose(first.scalars, [0.2, 0.8, 0.6, 0.4])
    let second = try d.record(try Tensor(rows: [[1.0, 0.0]]), rows: [0])
    // (0.6 + 1.0)/2 = 0.8, (0.4 + 0)/2 = 0.2
    assertClose(second.scalars, [0.8, 0.2])
    assertClose(d.mean(0), [0.8, 0.2])
    assertClose(d.mean(1), [0, 0], "never recorded")
    XCTAssertThrowsError(try d.record(try Tensor(rows: [[0.5, 0.5]]), rows: [3])) {
      XCTAssertEqual("\($0)", "trainingDynamics: sample 3 is outside the 3 training samples")
    }
    XCTAssertThrowsError(try d.record(try Tensor(rows: [[1, 0, 0]]), rows: [0])) {
      XCTAssertEqual(
        "\($0)", "trainingDynamics: expects probabilities [1, 2] for 1 samples, got [1, 3]")
    }
  }

  func testKLDivergenceByHand() throws {
    // t = [½, ½], z = [0, ln 3]: softmax(z) = [¼, ¾];
    // KL = ½ ln(½/¼) + ½ ln(½/¾) = ½ ln 2 + ½ ln ⅔ = 0.1438410 (Python:
    // 0.5*math.log(2) + 0.5*math.log(2/3)). t = [1, 0] against itself (z = [0, −∞]-ish):
    // 0 · log 0 counts 0. ∂/∂z = (softmax(z) − t)/B = [−¼, ¼] for the first row.
    let z = try Tensor(rows: [[0, Float(log(3.0))], [20, -20]]).requiringGrad()
    let t = try Tensor(rows: [[0.5, 0.5], [1, 0]])
    let kl = try Losses.klDivergence(target: t, logits: z)
    // Row 2: −log softmax(z)₀ = log(1 + e^−40) ≈ 4e−18; mean over 2 rows.
    XCTAssertEqual(kl.item ?? .nan, 0.1438410 / 2, accuracy: 1e-6)
    try kl.backward()
    assertClose(Array(z.grad?.scalars.prefix(2) ?? []), [-0.125, 0.125], tolerance: 1e-6)
    XCTAssertThrowsError(try Losses.klDivergence(target: t, logits: try Tensor(rows: [[1, 2]]))) {
      XCTAssertEqual(
        "\($0)", "klDivergence: expects targets and logits of one shape [B, C], got [2, 2] and [1, 2]")
    }
  }

  func testHeadWithKLLossHasCorrectGradients() throws {
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input, name: "c")
    let v = try g.add(Linear(outFeatures: 4), try g.add(Flatten(), c), name: "v")
    let layout = try LossModuleLayout(
      model: g, taps: [c, v], options: LossModuleOptions(width: 5, hidden: 3), outputs: 4)
    let head = try LossPredictionModule(layout: layout, seed: 2)
    XCTAssertEqual(try head.forward([try Tensor.zeros([2, 3, 3, 3]), try Tensor.zeros([2, 4])]).shape, [2, 4])
    XCTAssertEqual(head.parameterCount, layout.parameterCount)
    XCTAssertTrue(layout.summary().contains("→ linear(4)  (16 params)"), layout.summary())
    let f1 = try Tensor.uniform([6, 3, 3, 3], low: -1, high: 1, seed: 1).requiringGrad()
    let f2 = try Tensor.uniform([6, 4], low: -1, high: 1, seed: 2).requiringGrad()
    let target = try Tensor.uniform([6, 4], low: 0.1, high: 1, seed: 3)
    let t = try target / target.sum(axes: [1], keepDims: true)
    let worst = try worstGradientError([f1, f2] + head.parameters.map(\.tensor)) {
      try Losses.klDivergence(target: t, logits: try head.forward([f1, f2]))
    }
    XCTAssertLessThan(worst.error, 2e-2, worst.at)
    XCTAssertThrowsError(
      try LossModuleLayout(model: g, taps: [v], options: LossModuleOptions(width: 2), outputs: 0)
    ) {
      XCTAssertEqual($0 as? FieldError, FieldError("LossModuleLayout.outputs", "must be positive, found 0"))
    }
  }

  func testATrainerRecordsEachSamplesSoftmaxAndLearnsIt() throws {
    // One epoch of one full batch, unshuffled: the dynamics are the softmax of the
    // model's outputs before the step, and the module loss is the KL to them.
    let g = try ModelGraph(inputShape: [2])
    let h = try g.add(ReLU(), try g.add(Linear(outFeatures: 6), g.input), name: "h")
    try g.add(Linear(outFeatures: 3), h)
    try g.initialize(seed: 4)
    let x = try Tensor.uniform([8, 2], low: -1, high: 1, seed: 5)
    let labels = [0, 1, 2, 0, 1, 2, 0, 1]
    let before = try withoutGrad { try g.forward(x, context: ForwardContext(mode: .eval)).output }
      .softmax(axis: 1)
    let head = try LossPredictionModule(
      layout: try LossModuleLayout(model: g, taps: [h], options: LossModuleOptions(width: 4), outputs: 3))
    let config = TrainingConfig(
      epochs: 1, batchSize: 8, optimizer: .sgd(lr: 0.1), shuffle: false)
    let trainer = try Trainer(
      model: g, lossModule: head,
      learningLoss: try LearningLossConfig(target: .trainingDynamics), config: config)
    let history = try trainer.fit(x: x, labels: labels)
    for i in 0..<8 {
      assertClose(
        trainer.dynamics?.mean(i) ?? [], Array(before.scalars[(3 * i)..<(3 * i + 3)]),
        tolerance: 1e-5, "sample \(i)")
    }
    XCTAssertNotNil(history[0].moduleLoss)
    // A step outside a fit has no rows to record.
    let loose = try Trainer(
      model: g, lossModule: head,
      learningLoss: try LearningLossConfig(target: .trainingDynamics), config: config)
    XCTAssertThrowsError(try loose.step(x: x, labels: labels, epoch: 0)) {
      XCTAssertEqual("\($0)", "the training-dynamics module needs the batch's rows of a fit")
    }
  }
}
