import LLALActive
import LLALLanguage
import LLALTensor

/// What an experiment stopped early does with its finished cycles.
///
/// In the REPL (Ctrl-C) the results value keeps them and the session goes on. In a batch
/// run (`llal run`, `llal notebook`) a stop signal ends the script, so the value would be
/// lost: the finished cycles are saved to the interpreter's `stoppedWorkPath` + `.json`
/// (the results JSON, with `"cancelled": true`), a note says where, and the experiment
/// call stops the script there. The statements after it do not run, so the script's own
/// `r.save(...)` never overwrites the results of a finished run with a partial one.
enum StoppedExperiment {
  /// Notes `result`, which stopped early at `position` (`entropy, seed 1, cycle 3`) if
  /// known, and the `checkpoint` folder that keeps its cycles, if any; in a batch run
  /// saves it and throws `Interrupt.Stopped`.
  static func keep(
    _ result: ExperimentResult, position: String?, checkpoint: String? = nil, _ args: Arguments
  ) throws {
    let finished = result.records.count
    let cycles = counted(finished, "finished cycle")
    let resumable =
      checkpoint.map { "; checkpoint \($0) keeps them for a run that resumes" } ?? ""
    let place = position.map { " in \($0)" } ?? ""
    guard let signal = Interrupt.stopSignal, let stem = args.interpreter.stoppedWorkPath else {
      args.interpreter.noteStop(
        "experiment stopped by Ctrl-C\(place); its results keep the \(cycles)\(resumable)")
      return
    }
    let by = "experiment stopped by \(Interrupt.name(of: signal))\(place)"
    let path = stem + ".json"
    do {
      try result.save(to: path)
      args.interpreter.noteStop("\(by); its \(cycles) saved in \(path)\(resumable)")
    } catch {
      args.interpreter.noteStop("\(by); its \(cycles) could not be saved in \(path): \(error)")
    }
    throw Interrupt.Stopped(site: position ?? "experiment")
  }
}
