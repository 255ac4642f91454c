import LLALNN

/// Which cycles' weights an experiment keeps in memory for later questions
/// (`r.run(strategy, seed).cycle(k).predict(data)`).
public enum WeightKeeping: String, Sendable, Equatable, CaseIterable {
  /// Every cycle of every run: parameters × cycles × runs × 4 bytes.
  case all
  /// Each run's last cycle only: parameters × runs × 4 bytes.
  case last
  /// None.
  case none
}

/// The weights of an experiment's runs after each cycle's training, with the unlabeled
/// pool as it stood then (after that cycle's query was labeled, as a session's `pool`
/// is after the same steps). `Experiment.run(archive:)` fills it as the runs go.
public final class ModelArchive {
  /// One kept cycle of one run.
  public struct Kept: Sendable {
    /// The cycle, from 0.
    public let cycle: Int
    /// The weights after the cycle's training.
    public let weights: WeightSnapshot
    /// The pool indices still unlabeled after the cycle.
    public let unlabeled: [Int]
  }

  /// Which cycles are kept.
  public let keeping: WeightKeeping
  private var runs: [String: [Kept]] = [:]

  /// An empty archive keeping `keeping`.
  public init(keeping: WeightKeeping) { self.keeping = keeping }

  /// Keeps the finished cycle of `session` (its learner's current weights), as `keeping`
  /// says; a learner that is not a `GraphLearner` has no weights to keep.
  public func keep(_ session: ActiveLearningSession) {
    guard keeping != .none, let learner = session.learner as? GraphLearner,
      let record = session.records.last
    else { return }
    let kept = Kept(
      cycle: record.cycle,
      weights: WeightSnapshot(model: learner.model, lossModule: learner.lossModule),
      unlabeled: session.pool.unlabeled)
    let key = Self.key(session.strategy.name, session.seed)
    runs[key] = keeping == .last ? [kept] : (runs[key] ?? []) + [kept]
  }

  /// The kept cycle `cycle` (from 0) of the run of `strategy` with `seed`, if kept.
  public func kept(strategy: String, seed: Int, cycle: Int) -> Kept? {
    runs[Self.key(strategy, seed)]?.first { $0.cycle == cycle }
  }

  /// The cycles (from 0) kept of the run of `strategy` with `seed`.
  public func cycles(strategy: String, seed: Int) -> [Int] {
    runs[Self.key(strategy, seed)]?.map(\.cycle) ?? []
  }

  /// The bytes every kept snapshot takes.
  public var byteCount: Int {
    runs.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.weights.byteCount } }
  }

  private static func key(_ strategy: String, _ seed: Int) -> String { "\(seed)\u{1}\(strategy)" }
}
