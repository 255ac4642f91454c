import LLALActive
import LLALLanguage

/// The checkpoint of a `session(..., checkpoint:)`: every cycle the session finishes is
/// saved in the folder (`RunCheckpoint`, keeping every cycle's weights), and a cycle that
/// was saved by an earlier run of the script is replayed from the folder instead of run
/// again, so `s.step()` means the same cycle in both runs.
final class SessionCheckpoint {
  /// The folder as written.
  let path: String
  /// The run's folder in it.
  let run: RunCheckpoint
  private let output: OutputSink

  /// The checkpoint of `session` in `checkpoint`'s folder, reporting to `output`.
  init(_ checkpoint: ExperimentCheckpoint, session: ActiveLearningSession, output: OutputSink) {
    path = checkpoint.folder
    var run = checkpoint.run(strategy: session.strategy.name, seed: session.seed)
    run.keepsEveryCycle = true
    self.run = run
    self.output = output
  }

  /// Runs the session's next cycle, or replays it when it was saved; then saves it.
  /// Returns the record and whether it was replayed.
  func step(
    _ session: ActiveLearningSession, onEvent: @escaping (ActiveLearningEvent) -> Void
  ) throws -> (record: CycleRecord, replayed: Bool) {
    if let record = try run.replay(into: session) { return (record, true) }
    let record = try session.step(onEvent: onEvent)
    try run.save(session)
    return (record, false)
  }

  /// Saves the annotator's answers `session` was just given (`s.label(...)`) with the
  /// cycle whose query they answer, so that a rerun checks it gets the same ones.
  func saveAnswers(_ session: ActiveLearningSession) throws {
    try run.save(session)
  }

  /// Writes what was skipped: `checkpoint runs/s: entropy, seed 0: skipped cycles 1–2 of 3,
  /// already done` for the replayed cycles `replayed` (counted from 0, consecutive).
  func noteSkipped(_ replayed: [Int], of session: ActiveLearningSession) {
    guard let first = replayed.first, let last = replayed.last else { return }
    let cycles = session.budget.cycles
    let what =
      first == last
      ? "cycle \(first + 1) of \(cycles)"
      : first == 0 && last == cycles - 1
        ? "all \(cycles) cycles" : "cycles \(first + 1)–\(last + 1) of \(cycles)"
    output.write(
      "checkpoint \(path): \(session.strategy.name), seed \(session.seed): skipped \(what), "
        + "already done\n")
  }
}
