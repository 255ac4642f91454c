import Crypto
import Foundation
import LLALData
import LLALNN
import LLALTensor

/// What an experiment is, part by part, as a checkpoint's manifest records it: each part
/// a readable text and the SHA-256 of what defines it. Two runs whose parts all hash the
/// same run the same cycles, so the second may continue the first's checkpoint.
///
/// The parts are `model` (its summary, every parameter's and buffer's name and shape),
/// `task`, `strategies` (their spellings, in order), `budget`, `optimizer` (the training
/// loop's settings, `init:` and the augmentation), `seeds` and `data` (the bytes and
/// shapes of the pool's and the test set's samples and targets).
public struct ExperimentDefinition: Equatable, Sendable {
  /// The parts' names, in the order the manifest lists them.
  public static let partNames = [
    "model", "task", "strategies", "budget", "optimizer", "seeds", "data",
  ]

  /// One part: a readable text and the hash that is compared.
  public struct Part: Codable, Equatable, Sendable {
    /// What a reader sees (the data part shows shapes; its hash covers the bytes).
    public var text: String
    /// The lowercase hexadecimal SHA-256 compared on resume.
    public var sha256: String
  }

  /// The parts by name (every name of `partNames`).
  public var parts: [String: Part]

  /// The definition of `experiment`. `strategies` and `task` are how the caller wrote them
  /// (the language passes each call's spelling, `entropy() |> diversify(pool: 10)`), one
  /// per strategy; without them the library's own descriptions stand in.
  public init(_ experiment: Experiment, strategies: [String]? = nil, task: String? = nil) {
    let e = experiment
    self.init(
      model: e.model, task: task ?? String(reflecting: e.task),
      strategies: zip(e.strategies, strategies ?? e.strategies.map { String(reflecting: $0) })
        .map { ($0.name, $1) },
      budget: e.budget, initialStrategy: e.initialStrategy, training: e.training, seeds: e.seeds,
      pool: e.pool, test: e.test)
  }

  /// The definition of a session (`ActiveLearningSession`) of `strategy`, named and
  /// spelled as the caller wrote it, training `model` on `pool` with `seed`; its data
  /// part says when there is no test set.
  public init(
    session model: ModelGraph, task: String, strategy: (name: String, spelled: String),
    budget: LabelBudget, initialStrategy: (any QueryStrategy)? = nil, training: CycleTraining,
    seed: Int, pool: Dataset, test: Dataset?
  ) {
    self.init(
      model: model, task: task, strategies: [strategy], budget: budget,
      initialStrategy: initialStrategy, training: training, seeds: [seed], pool: pool, test: test)
  }

  private init(
    model: ModelGraph, task: String, strategies: [(name: String, spelled: String)],
    budget b: LabelBudget, initialStrategy: (any QueryStrategy)?, training: CycleTraining,
    seeds: [Int], pool: Dataset, test: Dataset?
  ) {
    parts = [:]
    parts["model"] = Self.text(Self.modelText(model))
    parts["task"] = Self.text(task)
    parts["strategies"] = Self.text(
      strategies.map { "\($0.name) = \($0.spelled)" }.joined(separator: "\n"))
    var budget = "initial: \(b.initial), step: \(b.step), cycles: \(b.cycles), subset: \(b.subset)"
    // Added only when set, so that the manifests of plain budgets stay as they were.
    if let chooser = initialStrategy {
      budget += ", initial labels: \(chooser.name) \(String(reflecting: chooser))"
    }
    if let stop = b.stop { budget += ", stop: \(stop)" }
    parts["budget"] = Self.text(budget)
    // The loop's own seed is replaced every cycle, so it is not part of the definition.
    var training = training
    training.config.seed = 0
    parts["optimizer"] = Self.text(String(reflecting: training))
    parts["seeds"] = Self.text(seeds.map(String.init).joined(separator: ", "))
    var hash = SHA256()
    Self.feed(pool, into: &hash)
    if let test { Self.feed(test, into: &hash) }
    parts["data"] = Part(
      text: "pool \(Self.shape(pool)), " + (test.map { "test \(Self.shape($0))" } ?? "no test"),
      sha256: Self.hex(hash))
  }

  /// A definition with the given parts (read back from a manifest).
  init(parts: [String: Part]) { self.parts = parts }

  /// The names of the parts that differ from `other`, in `partNames` order.
  public func changes(from other: ExperimentDefinition) -> [String] {
    Self.partNames.filter { parts[$0] != other.parts[$0] }
  }

  /// The model's summary table and every tensor's name and shape.
  private static func modelText(_ model: ModelGraph) -> String {
    let tensors = (model.parameters + model.buffers).map {
      "\($0.name) \(describeShape($0.tensor.shape))"
    }
    return ([model.summary().description] + tensors).joined(separator: "\n")
  }

  /// `[N, …] samples, [N, …] targets`.
  private static func shape(_ d: Dataset) -> String {
    "\(describeShape(d.x.shape)) samples, \(describeShape(d.targetTensor.shape)) targets"
  }

  /// Hashes the shapes, class count and bytes of `d`'s samples and targets.
  private static func feed(_ d: Dataset, into hash: inout SHA256) {
    let y = d.targetTensor
    let header = "\(d.x.shape) \(y.shape) \(d.classCount);"
    hash.update(data: Data(header.utf8))
    for t in [d.x, y] {
      hash.update(
        bufferPointer: UnsafeRawBufferPointer(
          start: t.storage.base, count: t.count * MemoryLayout<Float>.size))
    }
  }

  private static func text(_ s: String) -> Part {
    Part(text: s, sha256: hex(SHA256.hash(data: Data(s.utf8))))
  }

  private static func hex(_ hash: SHA256) -> String { hex(hash.finalize()) }

  private static func hex(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
  }
}
