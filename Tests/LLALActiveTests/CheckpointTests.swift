import Foundation
import LLALData
import LLALNN
import LLALTensor
import TestSupport
import XCTest

@testable import LLALActive

/// Checkpointed experiments: every finished cycle saved, a stopped run resumed to the
/// same records as a run that went straight through, a changed definition refused.
final class CheckpointTests: XCTestCase {
  /// The data, model and training of `CycleRunnerTests`, at a smaller size.
  enum Fixture {
    static func halfNoisy(_ n: Int, seed: UInt64) throws -> Dataset {
      var g = RandomGenerator(seed: seed)
      var x: [Float] = [], y: [Int] = []
      for _ in 0..<n {
        let a = 2 * g.nextUniform() - 1, b = 2 * g.nextUniform() - 1
        x += [a, b]
        y.append(b > 0 ? (a > 0 ? 1 : 0) : g.nextInt(below: 2))
      }
      return try Dataset(x: try Tensor(shape: [n, 2], x), y: y, classCount: 2)
    }

    static func mlp() throws -> ModelGraph {
      let g = try ModelGraph(name: "MLP", inputShape: [2])
      var h = try g.add(Linear(outFeatures: 16), g.input)
      h = try g.add(ReLU(), h, name: "h1")
      h = try g.add(Linear(outFeatures: 16), h)
      h = try g.add(ReLU(), h, name: "h2")
      try g.add(Linear(outFeatures: 2), h, name: "out")
      return g
    }

    static func config(epochs: Int) -> TrainingConfig {
      TrainingConfig(epochs: epochs, batchSize: 16, optimizer: .sgd(lr: 0.1, momentum: 0.9))
    }

    static func untimed(_ records: [CycleRecord]) -> [CycleRecord] {
      records.map {
        var r = $0
        r.trainSeconds = 0
        r.cycleSeconds = 0
        return r
      }
    }
  }

  /// Random and learning loss (a loss module, so its weights are saved too), 2 seeds.
  func experiment(
    cycles: Int = 3, seeds: [Int] = [0, 1], initialization: CycleInitialization = .warm,
    stop: StabilizingPredictions? = nil, initial: (any QueryStrategy)? = nil
  ) throws -> Experiment {
    let model = try Fixture.mlp()
    let ll = LearningLossStrategy(
      layout: try LossModuleLayout(
        model: model, tapNames: ["h1", "h2"], options: LossModuleOptions(width: 8)),
      training: try LearningLossConfig(detachAfter: 2))
    return try Experiment(
      model: model, pool: try Fixture.halfNoisy(160, seed: 1),
      test: try Fixture.halfNoisy(60, seed: 2), strategies: [RandomStrategy(), ll],
      budget: try LabelBudget(initial: 40, step: 20, cycles: cycles, stop: stop),
      training: CycleTraining(Fixture.config(epochs: 3), initialization: initialization),
      seeds: seeds, initial: initial)
  }

  func open(_ e: Experiment, _ folder: String, _ mode: CheckpointMode = .resume) throws
    -> ExperimentCheckpoint
  {
    try ExperimentCheckpoint(folder: folder, definition: ExperimentDefinition(e), mode: mode)
  }

  /// Runs `e` with a checkpoint in `folder`, cancelled after `stopAfter` new cycles.
  func run(_ e: Experiment, _ folder: String, stopAfter: Int? = nil) throws
    -> (result: ExperimentResult, restored: [String])
  {
    let checkpoint = try open(e, folder)
    var restored: [String] = []
    checkpoint.onRestore = { restored.append("\($0) \($1): \($2)") }
    let token = CancellationToken()
    var finished = 0
    let result = try e.run(checkpoint: checkpoint, cancellation: token) { event in
      if case .cycleFinished = event {
        finished += 1
        if finished == stopAfter { token.cancel() }
      }
    }
    return (result, restored)
  }

  func testStoppedRunsResumeToTheRecordsOfAStraightRun() throws {
    for initialization in CycleInitialization.allCases {
      let dir = try TemporaryDirectory()
      defer { dir.remove() }
      let straight = try experiment(initialization: initialization).run()
      let folder = dir.path("runs/digits")
      // Stopped in the second run's second cycle, then again in the fourth run.
      let first = try run(try experiment(initialization: initialization), folder, stopAfter: 4)
      XCTAssertTrue(first.result.cancelled)
      XCTAssertEqual(first.result.records.count, 4)
      let second = try run(try experiment(initialization: initialization), folder, stopAfter: 5)
      XCTAssertEqual(second.restored, ["random 0: 3", "learning_loss 0: 1"])
      XCTAssertEqual(second.result.records.count, 9)
      let third = try run(try experiment(initialization: initialization), folder)
      XCTAssertEqual(
        third.restored, ["random 0: 3", "learning_loss 0: 3", "random 1: 3"])
      XCTAssertFalse(third.result.cancelled)
      XCTAssertEqual(
        Fixture.untimed(third.result.records), Fixture.untimed(straight.records),
        "\(initialization)")
      // A finished experiment run again restores everything and trains nothing.
      let again = try run(try experiment(initialization: initialization), folder)
      XCTAssertEqual(again.restored.count, 4)
      XCTAssertEqual(again.result.records, third.result.records)
    }
  }

  func testAStoppingRuleAndChosenFirstLabelsResumeExactly() throws {
    // The κ of the first resumed cycle compares with predictions recomputed from the
    // restored weights; the first labels are chosen again, identically.
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let make = {
      try self.experiment(
        seeds: [0], initialization: .scratch,
        stop: try StabilizingPredictions(window: 1, agreement: 0.5, size: 40),
        initial: try TypiClustStrategy(features: .inputs))
    }
    let straight = try make().run()
    XCTAssertEqual(
      straight.records.map { $0.stopKappa == nil }, [true, false, false, true, false, false])
    let folder = dir.path("stop")
    XCTAssertTrue(try run(try make(), folder, stopAfter: 2).result.cancelled)
    let resumed = try run(try make(), folder)
    XCTAssertEqual(resumed.restored, ["random 0: 2"])
    XCTAssertEqual(Fixture.untimed(resumed.result.records), Fixture.untimed(straight.records))
  }

  func testEachRunKeepsItsCycleStatesAndTheLastWeights() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let folder = dir.path("ck")
    _ = try run(try experiment(cycles: 2, seeds: [0]), folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    XCTAssertEqual(names, ["learning_loss-seed-0", "manifest.json", "random-seed-0"])
    let run = folder + "/learning_loss-seed-0"
    let files = try FileManager.default.contentsOfDirectory(atPath: run).sorted()
    XCTAssertEqual(files, ["cycle-0000.json", "cycle-0001.json", "cycle-0001.safetensors"])
    let weights = try SafeTensors.read(from: run + "/cycle-0001.safetensors")
    XCTAssertTrue(weights.tensors.contains { $0.name.hasPrefix(Checkpoint.lossModulePrefix) })
  }

  func testAChangedDefinitionIsRefusedNamingWhatChanged() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let folder = dir.path("ck")
    _ = try run(try experiment(cycles: 2, seeds: [0]), folder)
    XCTAssertThrowsError(try open(try experiment(cycles: 3, seeds: [0, 1]), folder)) { error in
      XCTAssertEqual(
        "\(error)",
        "ExperimentCheckpoint names \(folder), a checkpoint of another experiment: the budget "
          + "and seeds changed; pass resume: \"restart\" to start over")
    }
    XCTAssertThrowsError(
      try open(try experiment(cycles: 2, seeds: [0], initialization: .scratch), folder)
    ) { error in XCTAssertTrue("\(error)".contains("the optimizer changed"), "\(error)") }
    var other = try experiment(cycles: 2, seeds: [0])
    other = try Experiment(
      model: other.model, pool: try Fixture.halfNoisy(160, seed: 9), test: other.test,
      strategies: other.strategies, budget: other.budget, training: other.training, seeds: [0])
    XCTAssertThrowsError(try open(other, folder)) { error in
      XCTAssertTrue("\(error)".contains("the data changed"), "\(error)")
    }
    // Restart clears the runs and writes the new manifest.
    let changed = try experiment(cycles: 3, seeds: [0, 1])
    _ = try open(changed, folder, .restart)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["manifest.json"])
    XCTAssertNoThrow(try open(changed, folder))
  }

  func testAFolderOfSomethingElseIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.createDirectory(
      atPath: dir.path("data"), withIntermediateDirectories: true)
    try dir.write("data/x.csv", text: "1,2\n")
    XCTAssertThrowsError(try open(try experiment(), dir.path("data"))) { error in
      XCTAssertEqual(
        "\(error)",
        "ExperimentCheckpoint names \(dir.path("data")), which holds files but no "
          + "manifest.json, so it is not a checkpoint folder; give a new or empty folder")
    }
  }

  /// A run of two cycles stopped after the first, in `dir`: the experiment, its folder, the
  /// first cycle's file and text, and the text's entry of the next cycle's model seed.
  private func savedFirstCycle(in dir: TemporaryDirectory) throws
    -> (experiment: Experiment, folder: String, file: String, text: String, modelSeed: String)
  {
    let folder = dir.path("ck")
    let e = try experiment(cycles: 2, seeds: [0])
    _ = try run(e, folder, stopAfter: 1)
    let file = folder + "/random-seed-0/cycle-0000.json"
    let text = try String(contentsOfFile: file, encoding: .utf8)
    return (e, folder, file, text, "\"model\" : \(RunSeeds.model(0, 1))")
  }

  func testStreamsOfAnotherBuildAreRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let saved = try savedFirstCycle(in: dir)
    try saved.text.replacingOccurrences(of: saved.modelSeed, with: "\"model\" : 7")
      .write(toFile: saved.file, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try run(saved.experiment, saved.folder)) { error in
      XCTAssertEqual(
        "\(error)",
        "checkpoint \(saved.file): was written by a build of llal whose random streams differ, "
          + "so the run cannot continue identically; pass resume: \"restart\" to start over")
    }
  }

  func testAMalformedCycleFileNamesTheField() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let saved = try savedFirstCycle(in: dir)
    func replacingSeed(with entry: String) -> String {
      saved.text.replacingOccurrences(of: saved.modelSeed, with: entry)
    }
    let notJSON = "it is not valid JSON, or a number in it does not fit its field"
    let cases: [(String, String)] = [
      (saved.text.replacingOccurrences(of: saved.modelSeed + ",", with: ""),
       "next.model is missing"),
      (replacingSeed(with: "\"model\" : \"x\""), "next.model must be a whole number"),
      (replacingSeed(with: "\"model\" : null"), "next.model must be a whole number, found null"),
      (replacingSeed(with: "\"model\" : -1"), notJSON),
      (String(saved.text.prefix(40)), notJSON),
    ]
    for (contents, reason) in cases {
      XCTAssertNotEqual(contents, saved.text, reason)
      try contents.write(toFile: saved.file, atomically: true, encoding: .utf8)
      XCTAssertThrowsError(try run(saved.experiment, saved.folder)) { error in
        XCTAssertEqual(
          "\(error)",
          "checkpoint \(saved.file): is not a checkpoint file of this version: \(reason)")
      }
    }
  }

  func testRecordsKeepEveryBitThroughTheFile() throws {
    var r = CycleRecord(
      strategy: "e", seed: 1, cycle: 2, labeled: 3, testAccuracy: 0.1 + 0.2,
      finalTrainLoss: .nan, trainSeconds: 1e-310, cycleSeconds: .infinity, chosen: [4, 5])
    r.otherMetrics = [TaskMetric("r2", -.infinity)]
    r.entropyKendallTau = 1 / 3
    r.log = [
      EpochSummary(
        epoch: 0, epochs: 1, loss: 2.0 / 3, classificationLoss: 0.7, moduleLoss: nil,
        accuracy: 0.5, learningRate: Float(0.1).nextUp, detached: true)
    ]
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try CheckpointFiles.write(CycleRecordFile(r), to: dir.path("r.json"))
    let back = try CheckpointFiles.read(CycleRecordFile.self, from: dir.path("r.json")).record
    XCTAssertEqual(back.testAccuracy?.bitPattern, r.testAccuracy?.bitPattern)
    XCTAssertTrue(back.finalTrainLoss.isNaN)
    XCTAssertEqual(back.trainSeconds.bitPattern, r.trainSeconds.bitPattern)
    XCTAssertEqual(back.log, r.log)
    XCTAssertEqual(back.otherMetrics, r.otherMetrics)
    XCTAssertEqual(back.entropyKendallTau, r.entropyKendallTau)
    XCTAssertEqual(back.cycleSeconds, .infinity)
  }

  func testFolderNamesKeepStrategiesApart() {
    XCTAssertEqual(RunCheckpoint.folderName(strategy: "entropy", seed: 2), "entropy-seed-2")
    let a = RunCheckpoint.folderName(strategy: "my name", seed: 0)
    let b = RunCheckpoint.folderName(strategy: "my_name", seed: 0)
    XCTAssertNotEqual(a, b)
    XCTAssertTrue(a.hasPrefix("my_name-") && a.hasSuffix("-seed-0"), a)
    XCTAssertFalse(RunCheckpoint.folderName(strategy: "../x", seed: 0).contains("/"))
  }
}
