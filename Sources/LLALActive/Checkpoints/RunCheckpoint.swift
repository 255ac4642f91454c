import Crypto
import Foundation
import LLALNN
import LLALTensor

/// The checkpoint of one run (a strategy with a seed): a folder with one
/// `cycle-NNNN.json` per finished cycle and the weights after the last one (after every
/// one with `keepsEveryCycle`).
///
/// A cycle is saved in three steps, each atomic: its weights (`cycle-NNNN.safetensors`),
/// then its state (`cycle-NNNN.json`, which names the weights), then the older weights
/// are removed (unless `keepsEveryCycle`). A kill at any point leaves the last saved
/// state and its weights.
public struct RunCheckpoint: Sendable {
  /// The run's folder.
  public let folder: String
  /// The strategy's name and the seed.
  public let strategy: String, seed: Int
  /// Whether every cycle's weights stay (a session's checkpoint, which `replay` steps
  /// through cycle by cycle) rather than only the last cycle's (an experiment's).
  public var keepsEveryCycle = false

  /// The checkpoint of `strategy` with `seed` under `root`: the folder
  /// `STRATEGY-seed-N` (characters other than letters, digits, `_`, `-` and `.` become `_`,
  /// and a short hash of the name then keeps two names apart).
  public init(root: String, strategy: String, seed: Int) {
    self.strategy = strategy
    self.seed = seed
    folder = root + "/" + Self.folderName(strategy: strategy, seed: seed)
  }

  /// `entropy-seed-0`; `my_name-1a2b3c4d-seed-0` for `my name`.
  static func folderName(strategy: String, seed: Int) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
    var name = String(strategy.map { allowed.contains($0) ? $0 : "_" })
    if name != strategy || name.hasPrefix(".") || name.isEmpty {
      let digest = SHA256.hash(data: Data(strategy.utf8)).prefix(4)
      name += "-" + digest.map { String(format: "%02x", $0) }.joined()
    }
    return "\(name)-seed-\(seed)"
  }

  /// Saves the cycle `session` finished last: its record, pool, next streams and the
  /// learner's weights (model and loss module).
  public func save(_ session: ActiveLearningSession) throws {
    guard let record = session.records.last else {
      throw ActiveLearningError("checkpoint", "no finished cycle to save")
    }
    let learner = try Self.graphLearner(session)
    let c = record.cycle
    try CheckpointFiles.makeFolder(folder)
    let weights = Self.stem(c) + ".safetensors"
    try Checkpoint.save(model: learner.model, lossModule: learner.lossModule, to: path(weights))
    let pool = session.pool
    let state = CycleState(
      strategy: strategy, seed: seed, cycle: c, poolSize: pool.size, initial: pool.initial,
      acquisitions: pool.history.map {
        CycleState.Chosen(cycle: $0.cycle, indices: $0.indices, scores: $0.scores.map(Double.init))
      },
      next: CycleState.Streams(seed: seed, cycle: c + 1), weights: weights,
      record: CycleRecordFile(record),
      given: session.labels == .annotator
        ? learner.givenLabels.sorted { $0.key < $1.key }.map {
          CycleState.Given(index: $0.key, label: $0.value)
        } : nil)
    try CheckpointFiles.write(state, to: path(Self.stem(c) + ".json"))
    // Every older weights file, also one a kill left behind between the two steps.
    for name in CheckpointFiles.names(in: folder)
    where !keepsEveryCycle && name.hasPrefix("cycle-") && name.hasSuffix(".safetensors")
      && name != weights
    {
      try CheckpointFiles.remove(path(name))
    }
  }

  /// Continues `session` (which has run nothing yet) from the last saved cycle: its
  /// records, labeled pool and weights. Returns how many cycles were restored (0 when
  /// none was saved). A state of another run, a pool of another size or initial set,
  /// streams that differ from this build's, or missing cycles are `CheckpointError`s.
  @discardableResult
  public func restore(into session: ActiveLearningSession) throws -> Int {
    guard session.cycle == 0 else {
      throw ActiveLearningError("checkpoint", "the session has already run cycles")
    }
    guard let last = lastSavedCycle() else { return 0 }
    let states = try (0...last).map { c in try state(c) }
    let final = states[last]
    let pool = try final.pool()
    guard pool.size == session.pool.size, pool.initial == session.pool.initial else {
      throw CheckpointError(
        path: folder,
        "holds a run whose pool or initial labels differ from this one's; pass "
          + "resume: \"restart\" to start over")
    }
    guard final.next == CycleState.Streams(seed: seed, cycle: last + 1) else {
      throw CheckpointError(
        path: path(Self.stem(last) + ".json"),
        "was written by a build of llal whose random streams differ, so the run cannot "
          + "continue identically; pass resume: \"restart\" to start over")
    }
    let learner = try Self.graphLearner(session)
    try Checkpoint.load(
      into: learner.model, lossModule: learner.lossModule, from: path(final.weights))
    try session.resume(records: states.map(\.record.record), pool: pool)
    return last + 1
  }

  /// Replays the saved cycle `session.cycle` into `session` as if it had just run it: the
  /// session gets its record, the pool after its query and the weights after its training.
  /// With an annotator the step labeled nothing: the session then waits for the answers
  /// again, which the script gives as it did (`label(from:)`, which saves them here).
  /// Returns the record, or nil when that cycle was not saved (the session then runs it).
  /// A state of another run or pool, answers that differ from the ones the checkpoint
  /// trained on, streams that differ from this build's, or weights that were not kept
  /// (`keepsEveryCycle`) are `CheckpointError`s.
  public func replay(into session: ActiveLearningSession) throws -> CycleRecord? {
    let c = session.cycle
    guard let last = lastSavedCycle(), c <= last else { return nil }
    let saved = try state(c)
    let annotated = session.labels == .annotator
    let pool = try saved.pool(before: annotated ? c : nil)
    guard pool.size == session.pool.size, pool.initial == session.pool.initial,
      pool.history.filter({ $0.cycle < c }) == session.pool.history
    else {
      throw CheckpointError(
        path: folder,
        "holds a run whose pool or initial labels differ from this one's; pass "
          + "resume: \"restart\" to start over")
    }
    guard saved.next == CycleState.Streams(seed: seed, cycle: c + 1) else {
      throw CheckpointError(
        path: path(Self.stem(c) + ".json"),
        "was written by a build of llal whose random streams differ, so the run cannot "
          + "continue identically; pass resume: \"restart\" to start over")
    }
    let weights = path(saved.weights)
    guard FileManager.default.fileExists(atPath: weights) else {
      throw CheckpointError(
        path: weights, "is missing: this checkpoint keeps only its last cycle's weights")
    }
    let learner = try Self.graphLearner(session)
    if annotated {
      // The answers this cycle trained on: those to the queries of earlier cycles.
      let asked = Set(pool.labeled)
      let trainedOn = Dictionary(
        uniqueKeysWithValues: (saved.given ?? []).filter { asked.contains($0.index) }.map {
          ($0.index, $0.label)
        })
      guard trainedOn == learner.givenLabels else {
        throw CheckpointError(
          path: path(Self.stem(c) + ".json"),
          "holds an annotator's answers that differ from the ones given in this run; pass "
            + "resume: \"restart\" to start over")
      }
    }
    try Checkpoint.load(into: learner.model, lossModule: learner.lossModule, from: weights)
    var record = saved.record.record
    if annotated { record.chosen = [] }  // the step chose nothing; label(from:) does
    try session.resume(records: session.records + [record], pool: pool)
    return record
  }

  /// The last cycle whose state was saved, if any.
  func lastSavedCycle() -> Int? {
    CheckpointFiles.names(in: folder).compactMap { name -> Int? in
      guard name.hasPrefix("cycle-"), name.hasSuffix(".json") else { return nil }
      return Int(name.dropFirst(6).dropLast(5))
    }.max()
  }

  /// The saved state of cycle `c`, checked to belong to this run.
  private func state(_ c: Int) throws -> CycleState {
    let file = path(Self.stem(c) + ".json")
    guard FileManager.default.fileExists(atPath: file) else {
      throw CheckpointError(path: file, "is missing, but a later cycle was saved")
    }
    let s = try CheckpointFiles.read(CycleState.self, from: file)
    guard s.format == CycleState.formatName, s.strategy == strategy, s.seed == seed,
      s.cycle == c, s.record.cycle == c
    else {
      throw CheckpointError(
        path: file, "holds cycle \(s.cycle) of \(s.strategy), seed \(s.seed), not cycle \(c) "
          + "of \(strategy), seed \(seed)")
    }
    return s
  }

  private func path(_ name: String) -> String { folder + "/" + name }

  /// `cycle-0003`.
  private static func stem(_ cycle: Int) -> String {
    "cycle-" + String(repeating: "0", count: max(0, 4 - String(cycle).count)) + String(cycle)
  }

  static func graphLearner(_ session: ActiveLearningSession) throws -> GraphLearner {
    guard let learner = session.learner as? GraphLearner else {
      throw ActiveLearningError(
        "checkpoint", "only a learner over a model graph has weights to save")
    }
    return learner
  }
}
