import Foundation
import LLALNN
import TestSupport
import XCTest

@testable import LLALActive

/// `RunCheckpoint.replay`: a session's saved cycles put back one at a time, and what it
/// refuses.
final class ReplayTests: XCTestCase {
  private typealias Fixture = CheckpointTests.Fixture

  /// Random and learning loss (a loss module) with seed 0, warm, as `CheckpointTests`.
  private func experiment() throws -> Experiment {
    let model = try Fixture.mlp()
    let ll = LearningLossStrategy(
      layout: try LossModuleLayout(
        model: model, tapNames: ["h1", "h2"], options: LossModuleOptions(width: 8)),
      training: try LearningLossConfig(detachAfter: 2))
    return try Experiment(
      model: model, pool: try Fixture.halfNoisy(160, seed: 1),
      test: try Fixture.halfNoisy(60, seed: 2), strategies: [RandomStrategy(), ll],
      budget: try LabelBudget(initial: 40, step: 20, cycles: 3),
      training: CycleTraining(Fixture.config(epochs: 3), initialization: .warm), seeds: [0])
  }

  private func initial(_ e: Experiment, seed: Int = 0) throws -> [Int] {
    try LabelPool.random(
      size: e.pool.count, labeled: e.budget.initial, seed: RunSeeds.initial(seed)
    ).labeled
  }

  func testReplayedCyclesThenARunOneGiveTheStraightRecordsAndWeights() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let e = try experiment()
    let strategy = e.strategies[1]
    var run = RunCheckpoint(root: dir.path("ck"), strategy: strategy.name, seed: 0)
    run.keepsEveryCycle = true
    let straight = try e.makeSession(strategy, seed: 0, initial: try initial(e))
    try straight.run()
    let first = try e.makeSession(strategy, seed: 0, initial: try initial(e))
    for _ in 0..<2 {
      try first.step()
      try run.save(first)
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: run.folder).sorted()
    XCTAssertEqual(
      names,
      ["cycle-0000.json", "cycle-0000.safetensors", "cycle-0001.json", "cycle-0001.safetensors"])

    let second = try e.makeSession(strategy, seed: 0, initial: try initial(e))
    XCTAssertEqual(try run.replay(into: second)?.cycle, 0)
    XCTAssertEqual(second.pool.history, Array(straight.pool.history.prefix(1)))
    XCTAssertEqual(try run.replay(into: second)?.cycle, 1)
    XCTAssertNil(try run.replay(into: second), "cycle 2 was not saved")
    try second.step()
    XCTAssertEqual(Fixture.untimed(second.records), Fixture.untimed(straight.records))
    let learner = try XCTUnwrap(second.learner as? GraphLearner)
    let other = try XCTUnwrap(straight.learner as? GraphLearner)
    func weights(_ l: GraphLearner) -> [[Float]] {
      Checkpoint.tensors(model: l.model, lossModule: l.lossModule).map(\.tensor.scalars)
    }
    XCTAssertEqual(weights(learner), weights(other))
  }

  func testAnExperimentsCheckpointKeepsTooFewWeightsToReplay() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let e = try experiment()
    let run = RunCheckpoint(root: dir.path("ck"), strategy: "random", seed: 0)
    let first = try e.makeSession(e.strategies[0], seed: 0, initial: try initial(e))
    for _ in 0..<2 {
      try first.step()
      try run.save(first)
    }
    let second = try e.makeSession(e.strategies[0], seed: 0, initial: try initial(e))
    XCTAssertThrowsError(try run.replay(into: second)) { error in
      XCTAssertEqual(
        "\(error)",
        "checkpoint \(run.folder)/cycle-0000.safetensors: is missing: this checkpoint keeps "
          + "only its last cycle's weights")
    }
  }

  func testAnotherPoolIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let e = try experiment()
    var run = RunCheckpoint(root: dir.path("ck"), strategy: "random", seed: 0)
    run.keepsEveryCycle = true
    let first = try e.makeSession(e.strategies[0], seed: 0, initial: try initial(e))
    try first.step()
    try run.save(first)
    let other = try e.makeSession(e.strategies[0], seed: 0, initial: try initial(e, seed: 5))
    XCTAssertThrowsError(try run.replay(into: other)) { error in
      XCTAssertEqual(
        "\(error)",
        "checkpoint \(run.folder): holds a run whose pool or initial labels differ from this "
          + "one's; pass resume: \"restart\" to start over")
    }
  }

  func testASessionsDefinitionSaysWhenItHasNoTestSet() throws {
    let e = try experiment()
    func definition(test: Bool) -> ExperimentDefinition {
      ExperimentDefinition(
        session: e.model, task: "classify()", strategy: ("random", "random()"),
        budget: e.budget, training: e.training, seed: 0, pool: e.pool,
        test: test ? e.test : nil)
    }
    XCTAssertEqual(
      definition(test: false).parts["data"]?.text, "pool [160, 2] samples, [160] targets, no test")
    XCTAssertEqual(definition(test: true).changes(from: definition(test: false)), ["data"])
    // An experiment of the same strategy and seed is the same definition.
    let one = try Experiment(
      model: e.model, pool: e.pool, test: e.test, strategies: [RandomStrategy()],
      budget: e.budget, training: e.training, seeds: [0])
    XCTAssertEqual(
      ExperimentDefinition(one, strategies: ["random()"], task: "classify()"),
      definition(test: true))
  }
}
