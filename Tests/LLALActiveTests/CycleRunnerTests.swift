import LLALData
import LLALNN
import LLALTensor
import XCTest

@testable import LLALActive

/// End-to-end runs on small generated data, each a few seconds.
final class CycleRunnerTests: XCTestCase {
  /// Points in [−1, 1]²: class = x₀ > 0 where x₁ > 0 (clean); a seeded coin where x₁ < 0
  /// (noise, so the loss there stays high and is predictable from x₁).
  func halfNoisy(_ n: Int, seed: UInt64) throws -> Dataset {
    var g = RandomGenerator(seed: seed)
    var x: [Float] = [], y: [Int] = []
    for _ in 0..<n {
      let a = 2 * g.nextUniform() - 1, b = 2 * g.nextUniform() - 1
      x += [a, b]
      y.append(b > 0 ? (a > 0 ? 1 : 0) : g.nextInt(below: 2))
    }
    return try Dataset(x: try Tensor(shape: [n, 2], x), y: y, classCount: 2)
  }

  /// 2 → 32 (h1) → 32 (h2) → 2, optionally with dropout before the output.
  func mlp(dropout: Bool = false) throws -> ModelGraph {
    let g = try ModelGraph(name: "MLP", inputShape: [2])
    var h = try g.add(Linear(outFeatures: 32), g.input)
    h = try g.add(ReLU(), h, name: "h1")
    h = try g.add(Linear(outFeatures: 32), h)
    h = try g.add(ReLU(), h, name: "h2")
    if dropout { h = try g.add(Dropout(0.5), h, name: "drop") }
    try g.add(Linear(outFeatures: 2), h, name: "out")
    return g
  }

  func config(epochs: Int = 10) -> TrainingConfig {
    TrainingConfig(epochs: epochs, batchSize: 32, optimizer: .sgd(lr: 0.1, momentum: 0.9))
  }

  func experiment(
    _ strategies: [any QueryStrategy], seeds: [Int] = [0], cycles: Int = 2,
    initialization: CycleInitialization = .scratch, epochs: Int = 5
  ) throws -> Experiment {
    try Experiment(
      model: try mlp(), pool: try halfNoisy(200, seed: 1), test: try halfNoisy(100, seed: 2),
      strategies: strategies, budget: try LabelBudget(initial: 40, step: 20, cycles: cycles),
      training: CycleTraining(config(epochs: epochs), initialization: initialization),
      seeds: seeds)
  }

  /// Records without their timings, for comparing runs.
  func untimed(_ records: [CycleRecord]) -> [CycleRecord] {
    records.map {
      var r = $0
      r.trainSeconds = 0
      r.cycleSeconds = 0
      return r
    }
  }

  func testLearningLossRanksThePoolByLoss() throws {
    let pool = try halfNoisy(600, seed: 3)
    let model = try mlp()
    let ll = LearningLossStrategy(
      layout: try LossModuleLayout(
        model: model, tapNames: ["h1", "h2"], options: LossModuleOptions(width: 32)),
      training: try LearningLossConfig(detachAfter: 30))
    let learner = try GraphLearner(
      model: model, pool: pool, training: config(epochs: 40), lossModule: ll.lossModule)
    let session = try ActiveLearningSession(
      learner: learner, strategy: ll, budget: try LabelBudget(initial: 300, step: 50, cycles: 2),
      seed: 0)
    let record = try session.step()
    let ranking = try XCTUnwrap(record.lossModuleRankingAccuracy)
    XCTAssertGreaterThan(ranking, 0.7, "the module orders noisy above clean points")
    XCTAssertNotNil(record.lossModuleKendallTau)
    // The chosen points are the ones with the highest predicted loss: mostly noisy ones.
    let noisy = record.chosen.filter { pool.x.scalars[2 * $0 + 1] < 0 }.count
    XCTAssertGreaterThan(noisy, record.chosen.count * 7 / 10)
  }

  // The measuring pass's outputs stay with the session, for the points it measured: the
  // model's eval-mode outputs on the pool's unlabeled points before the step labels more.
  func testTheSessionKeepsTheOutputsOfItsPoolPass() throws {
    let learner = try GraphLearner(
      model: try mlp(), pool: try halfNoisy(120, seed: 4), training: config(epochs: 2))
    let session = try ActiveLearningSession(
      learner: learner, strategy: RandomStrategy(),
      budget: try LabelBudget(initial: 40, step: 20, cycles: 2), seed: 0)
    XCTAssertNil(session.lastPoolOutputs)
    let unlabeled = session.pool.unlabeled
    try session.step()
    let last = try XCTUnwrap(session.lastPoolOutputs)
    XCTAssertEqual(last.points, unlabeled)
    XCTAssertEqual(last.outputs.shape, [80, 2])
    let again = try learner.predict(.pool(unlabeled), nodes: [])
    XCTAssertEqual(last.outputs.scalars, again.outputs.scalars)
    XCTAssertNotEqual(session.pool.unlabeled, unlabeled)
  }

  func testSameSeedGivesIdenticalNumbers() throws {
    let e = try experiment([RandomStrategy(), EntropyStrategy()])
    let a = try e.run(), b = try e.run()
    XCTAssertEqual(untimed(a.records), untimed(b.records))
    XCTAssertEqual(a.records.count, 4)
    let other = try experiment([RandomStrategy(), EntropyStrategy()], seeds: [5]).run()
    XCTAssertNotEqual(untimed(other.records).map(\.chosen), untimed(a.records).map(\.chosen))
  }

  func testStrategiesArePairedWithinASeed() throws {
    let result = try experiment([RandomStrategy(), EntropyStrategy(), MarginStrategy()]).run()
    // Same initial labels and same initial weights: cycle 0 is the same model for all.
    let first = result.records.filter { $0.cycle == 0 }
    XCTAssertEqual(first.count, 3)
    XCTAssertEqual(Set(first.map(\.testAccuracy)).count, 1)
    XCTAssertEqual(Set(first.map(\.finalTrainLoss)).count, 1)
    // Entropy and margin coincide on two classes; random chooses otherwise.
    let chosen = Dictionary(uniqueKeysWithValues: first.map { ($0.strategy, Set($0.chosen)) })
    XCTAssertEqual(chosen["entropy"], chosen["margin"])
    XCTAssertNotEqual(chosen["entropy"], chosen["random"])
  }

  func testWarmKeepsTheWeightsAndScratchDrawsNewOnes() throws {
    // With no training at all, warm cycles evaluate the same weights; scratch cycles draw
    // new weights from seed·1000 + cycle.
    let warm = try experiment([RandomStrategy()], initialization: .warm, epochs: 0).run()
    let scratch = try experiment([RandomStrategy()], initialization: .scratch, epochs: 0).run()
    XCTAssertEqual(warm.records[0].testAccuracy, warm.records[1].testAccuracy)
    XCTAssertEqual(
      warm.records[0].entropyRankingAccuracy, scratch.records[0].entropyRankingAccuracy)
    XCTAssertNotEqual(
      scratch.records[0].entropyKendallTau, scratch.records[1].entropyKendallTau)
  }

  func testCancelledExperimentKeepsFinishedCycles() throws {
    let e = try experiment([RandomStrategy(), EntropyStrategy()], seeds: [0, 1], cycles: 3)
    let token = CancellationToken()
    var finished = 0
    let result = try e.run(cancellation: token) { event in
      if case .cycleFinished = event {
        finished += 1
        if finished == 4 { token.cancel() }
      }
    }
    XCTAssertTrue(result.cancelled)
    XCTAssertEqual(result.records.count, 4)
    XCTAssertEqual(result.records.map(\.cycle), [0, 1, 2, 0])
    XCTAssertEqual(result.summary("random")?.accuracyMean.count, 3)
  }

  func testEventsReportTrainingProgress() throws {
    var steps = 0, epochs = 0, started: [Int] = []
    _ = try experiment([RandomStrategy()], epochs: 2).run { event in
      switch event {
      case .cycleStarted(_, _, let cycle, let labeled):
        started.append(cycle)
        XCTAssertEqual(labeled, 40 + 20 * cycle)
      case .training(.step): steps += 1
      case .training(.epoch): epochs += 1
      case .cycleFinished: break
      }
    }
    XCTAssertEqual(started, [0, 1])
    XCTAssertEqual(epochs, 4)
    XCTAssertEqual(steps, 2 * 2 + 2 * 2)  // 40 and 60 labels in batches of 32
  }

  func testSessionStepQueryAndLabels() throws {
    let pool = try halfNoisy(200, seed: 1)
    let budget = try LabelBudget(initial: 30, step: 10, cycles: 3, subset: 50)
    let s = try ActiveLearningSession(
      model: try mlp(), pool: pool, strategy: EntropyStrategy(), budget: budget,
      training: CycleTraining(config(epochs: 3)), seed: 4)
    XCTAssertThrowsError(try s.query()) { XCTAssertTrue("\($0)".contains("run a step first")) }
    let r0 = try s.step()
    XCTAssertEqual(r0.labeled, 30)
    XCTAssertNil(r0.testAccuracy)
    XCTAssertEqual(s.pool.labeledCount, 40)
    XCTAssertEqual(s.pool.history.map(\.cycle), [0])
    let next = try s.query()
    XCTAssertEqual(next.indices.count, 10)
    XCTAssertTrue(next.indices.allSatisfy { !s.pool.isLabeled($0) })
    XCTAssertEqual(s.pool.labeledCount, 40, "query labels nothing")
    XCTAssertEqual(next.scores, next.scores.sorted(by: >))
    try s.run()
    XCTAssertTrue(s.isFinished)
    XCTAssertEqual(s.records.map(\.labeled), [30, 40, 50])
    XCTAssertEqual(s.records.last?.chosen, [])
    XCTAssertEqual(s.pool.labeledCount, 50)
    XCTAssertThrowsError(try s.step()) { XCTAssertTrue("\($0)".contains("done")) }
    XCTAssertGreaterThan(try XCTUnwrap(try s.evaluate(on: try halfNoisy(100, seed: 2)).accuracy), 0.5)
  }

  func testImpossibleBudgetFailsBeforeAnythingRuns() throws {
    let pool = try halfNoisy(50, seed: 1)
    XCTAssertThrowsError(
      try Experiment(
        model: try mlp(), pool: pool, test: pool, strategies: [RandomStrategy()],
        budget: try LabelBudget(initial: 20, step: 20, cycles: 3),
        training: CycleTraining(config()),
        seeds: [0])
    ) { XCTAssertTrue("\($0)".contains("60 labels exceed the pool of 50 points"), "\($0)") }
    XCTAssertThrowsError(try experiment([RandomStrategy(), RandomStrategy()]))
    XCTAssertThrowsError(try experiment([RandomStrategy()], seeds: []))
    XCTAssertThrowsError(try experiment([RandomStrategy()], seeds: [-1]))
  }

  /// Issue 14: an empty test set gave accuracy 0 every cycle; it is refused up front.
  func testAnEmptyEvaluationSetIsRefused() throws {
    let pool = try halfNoisy(50, seed: 1)
    let empty = try pool.subset([])
    let budget = try LabelBudget(initial: 10, step: 10, cycles: 2)
    let expected = "must hold at least one sample to evaluate on, found none"
    XCTAssertThrowsError(
      try Experiment(
        model: try mlp(), pool: pool, test: empty, strategies: [RandomStrategy()],
        budget: budget, training: CycleTraining(config()), seeds: [0])
    ) { XCTAssertEqual($0 as? FieldError, FieldError("Experiment.test", expected)) }
    XCTAssertThrowsError(
      try ActiveLearningSession(
        model: try mlp(), pool: pool, strategy: RandomStrategy(), budget: budget,
        training: CycleTraining(config(epochs: 1)), seed: 0, test: empty)
    ) { XCTAssertEqual($0 as? FieldError, FieldError("ActiveLearningSession.test", expected)) }
    let s = try ActiveLearningSession(
      model: try mlp(), pool: pool, strategy: RandomStrategy(), budget: budget,
      training: CycleTraining(config(epochs: 1)), seed: 0)
    try s.step()
    XCTAssertThrowsError(try s.evaluate(on: empty)) {
      XCTAssertEqual($0 as? FieldError, FieldError("ActiveLearningSession.evaluate.data", expected))
    }
  }

  func testGeometricStrategiesThroughTheModel() throws {
    let result = try experiment([
      CoreSetStrategy(node: "h2"), BADGEStrategy(),
      try DiversifyStrategy(EntropyStrategy(), node: "h1", method: .kmeansPlusPlus),
    ]).run()
    for r in result.records where r.cycle == 0 {
      XCTAssertEqual(r.chosen.count, 20, r.strategy)
      XCTAssertEqual(Set(r.chosen).count, 20, r.strategy)
    }
  }

  func testBALDThroughDropoutLeavesTheModelUntouched() throws {
    let pool = try halfNoisy(100, seed: 1)
    let model = try mlp(dropout: true)
    let learner = try GraphLearner(model: model, pool: pool, training: config(epochs: 3))
    _ = try learner.train(on: Array(0..<50), seed: 0, cancellation: nil, onEvent: nil)
    let before = model.parameters.map(\.tensor.scalars)
    let ctx = try QueryContext(
      model: learner, candidates: Array(50..<100), labeled: Array(0..<50), step: 5, seed: 9)
    let scores = try BALDStrategy(passes: 8).scores(ctx)
    XCTAssertTrue(scores.contains { $0 > 1e-3 }, "dropout passes disagree")
    XCTAssertEqual(model.parameters.map(\.tensor.scalars), before)
    let again = try BALDStrategy(passes: 8).scores(
      try QueryContext(
        model: learner, candidates: Array(50..<100), labeled: [], step: 5, seed: 9))
    XCTAssertEqual(scores, again, "seeded passes")
    // Without dropout the passes agree and BALD is zero.
    let plain = try GraphLearner(model: try mlp(), pool: pool, training: config(epochs: 1))
    let zero = try BALDStrategy(passes: 4).scores(
      try QueryContext(model: plain, candidates: Array(0..<20), labeled: [], step: 1, seed: 1))
    XCTAssertTrue(zero.allSatisfy { abs($0) < 1e-6 })
  }

  func testBALDLeavesTheRunningStatisticsUntouched() throws {
    // 2 → 32 → batchnorm → relu → dropout → 2: BALD's passes must normalise with the
    // trained running statistics and not move them (a train-mode pass would).
    let g = try ModelGraph(name: "BN", inputShape: [2])
    var h = try g.add(Linear(outFeatures: 32), g.input)
    h = try g.add(BatchNorm(), h, name: "bn")
    h = try g.add(ReLU(), h)
    h = try g.add(Dropout(0.5), h)
    try g.add(Linear(outFeatures: 2), h)
    let pool = try halfNoisy(100, seed: 1)
    let learner = try GraphLearner(model: g, pool: pool, training: config(epochs: 3))
    _ = try learner.train(on: Array(0..<50), seed: 0, cancellation: nil, onEvent: nil)
    let buffers = g.buffers.map(\.tensor.scalars)
    let parameters = g.parameters.map(\.tensor.scalars)
    XCTAssertNotEqual(buffers[0], [Float](repeating: 0, count: 32), "trained statistics")
    let eval = try learner.infer(Array(50..<100), InferenceRequest(logits: true)).logits
    let scores = try BALDStrategy(passes: 6).scores(
      try QueryContext(
        model: learner, candidates: Array(50..<100), labeled: [], step: 5, seed: 4))
    XCTAssertTrue(scores.contains { $0 > 1e-3 }, "dropout passes disagree")
    XCTAssertEqual(g.buffers.map(\.tensor.scalars), buffers)
    XCTAssertEqual(g.parameters.map(\.tensor.scalars), parameters)
    let after = try learner.infer(Array(50..<100), InferenceRequest(logits: true)).logits
    XCTAssertEqual(eval?.scalars, after?.scalars, "the eval-mode model is unchanged")
  }

  /// A small CNN over `[1, 8, 8]` images: conv → batchnorm → relu → gap → linear(2).
  func cnn() throws -> ModelGraph {
    let g = try ModelGraph(name: "CNN", inputShape: [1, 8, 8])
    var h = try g.add(Conv2d(outChannels: 4, kernel: 3, padding: 1, bias: false), g.input)
    h = try g.add(BatchNorm(), h)
    h = try g.add(ReLU(), h, name: "c")
    try g.add(Linear(outFeatures: 2), try g.add(GlobalAvgPool(), h))
    return g
  }

  func testLearnerAugmentsTrainingBatchesFromTheTrainingSeed() throws {
    // The learner's augmented training is the training loop's with the augmentation as
    // its hook: the same weights as a Trainer given the same closure and seed.
    let pool = try Datasets.patterns(count: 40, classes: 2, seed: 3)
    let flip = try Augmentation([.randomCrop(padding: 1), .horizontalFlip()])
    let learner = try GraphLearner(
      model: try cnn(), pool: pool, training: config(epochs: 2), augmentation: flip)
    try learner.reinitialize(seed: 5)
    _ = try learner.train(on: Array(0..<24), seed: 7, cancellation: nil, onEvent: nil)
    let byHand = try cnn()
    try byHand.initialize(seed: 5)
    var c = config(epochs: 2)
    c.seed = 7
    let data = try pool.subset(Array(0..<24))
    try Trainer(model: byHand, config: c).fit(
      x: data.x, labels: data.y, augment: { try flip.apply(to: $0, generator: &$1) })
    XCTAssertEqual(
      learner.model.parameters.map(\.tensor.scalars), byHand.parameters.map(\.tensor.scalars))
    // Without augmentation the weights differ.
    let plain = try GraphLearner(model: try cnn(), pool: pool, training: config(epochs: 2))
    try plain.reinitialize(seed: 5)
    _ = try plain.train(on: Array(0..<24), seed: 7, cancellation: nil, onEvent: nil)
    XCTAssertNotEqual(
      plain.model.parameters.map(\.tensor.scalars), byHand.parameters.map(\.tensor.scalars))
  }

  func testAugmentedExperimentIsPairedAndRepeats() throws {
    let pool = try Datasets.patterns(count: 60, classes: 2, seed: 1)
    let test = try Datasets.patterns(count: 20, classes: 2, seed: 2)
    func run(_ augmentation: Augmentation?) throws -> [CycleRecord] {
      let e = try Experiment(
        model: try cnn(), pool: pool, test: test,
        strategies: [RandomStrategy(), EntropyStrategy()],
        budget: try LabelBudget(initial: 12, step: 8, cycles: 2),
        training: CycleTraining(config(epochs: 2), augmentation: augmentation), seeds: [0])
      return untimed(try e.run().records)
    }
    let flip = try Augmentation([.horizontalFlip(probability: 0.5)])
    let augmented = try run(flip)
    XCTAssertEqual(augmented, try run(flip), "one seed repeats a run")
    // Cycle 0 of both strategies trains on the same labels from the same weights.
    let firsts = augmented.filter { $0.cycle == 0 }
    XCTAssertEqual(firsts.count, 2)
    XCTAssertEqual(firsts[0].finalTrainLoss, firsts[1].finalTrainLoss)
    XCTAssertEqual(firsts[0].testAccuracy, firsts[1].testAccuracy)
    let plain = try run(nil)
    XCTAssertNotEqual(plain[0].finalTrainLoss, augmented[0].finalTrainLoss)
  }

  func testAStrategyIsCheckedAgainstTheModelBeforeAnythingRuns() throws {
    let model = try mlp()
    try GraphLearner.check(CoreSetStrategy(node: "h2"), fits: model, field: "F")
    try GraphLearner.check(BADGEStrategy(), fits: model, field: "F")
    XCTAssertThrowsError(
      try GraphLearner.check(CoreSetStrategy(node: "h9"), fits: model, field: "F")
    ) {
      XCTAssertEqual(
        $0 as? FieldError,
        FieldError(
          "F", "core_set reads the features of 'h9', which this build of MLP does not have"))
    }
    let g = try ModelGraph(name: "Open", inputShape: [2])
    try g.add(ReLU(), try g.add(Linear(outFeatures: 2), g.input), name: "act")
    XCTAssertThrowsError(try GraphLearner.check(BADGEStrategy(), fits: g, field: "F")) {
      XCTAssertEqual(
        $0 as? FieldError,
        FieldError(
          "F",
          "badge needs the input of a last linear layer, but Open ends in relu(); give it "
            + "features: a node of Open"))
    }
  }

  func testLearningLossNeedsItsModuleAndTaps() throws {
    let pool = try halfNoisy(100, seed: 1)
    let learner = try GraphLearner(model: try mlp(), pool: pool, training: config())
    let layout = try LossModuleLayout(model: try mlp(), tapNames: ["h1"])
    XCTAssertThrowsError(
      try ActiveLearningSession(
        learner: learner, strategy: LearningLossStrategy(layout: layout),
        budget: try LabelBudget(initial: 10, step: 10, cycles: 2), seed: 0)
    ) { XCTAssertTrue("\($0)".contains("built without the loss module"), "\($0)") }
    // A layout resolved on another model does not fit this one.
    let other = try LossModuleLayout(model: try mlp(dropout: true), tapNames: ["drop"])
    XCTAssertThrowsError(
      try GraphLearner(
        model: try mlp(), pool: pool, training: config(),
        lossModule: LossModuleRequest(layout: other))
    ) { e in
      XCTAssertEqual(
        e as? FieldError,
        FieldError(
          "LossModuleLayout", "taps drop [32], but this build of MLP has out [2] there")
      )
    }
  }
}
