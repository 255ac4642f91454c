import ArgumentParser
import Foundation
import LLALLanguage
import LLALTensor

/// What `llal run` and `llal notebook` share around running a program: stopping on
/// SIGINT and SIGTERM, stopping when standard output fails, and the exit status.
///
/// A signal only sets the engine's interrupt flag (`Interrupt.installStopHandlers`), so
/// the work stops at its next safe point (a loop iteration, a call, a training batch)
/// the way Ctrl-C stops it in the REPL, and the command ends normally from there:
/// `conclude` then reports the signal. A second signal ends the process at once.
enum BatchRun {
  /// Installs the signal handlers and makes a failed write to standard output stop the
  /// run as an interrupt would.
  static func start() {
    Interrupt.installStopHandlers()
    StandardStreams.output.onFailure = { Interrupt.request() }
  }

  /// Ends the command after its program ran (or stopped with `error`): a stop signal
  /// gives one line and status 128 + its number (130 for SIGINT, 143 for SIGTERM); then
  /// a failed standard output gives 74; then `error` gives its phase's status. Returns
  /// when there is nothing to report.
  static func conclude(_ error: LanguageError?) throws {
    if let signal = Interrupt.stopSignal {
      var line = "llal: stopped by \(Interrupt.name(of: signal))"
      if let error, error.phase == .interrupted, let d = error.diagnostics.first,
        let file = d.file, let location = d.location
      {
        line += " at \(file.name):\(location)"
      }
      StandardStreams.writeError(line + "\n")
      throw ExitCode(128 + signal)
    }
    if let failure = StandardStreams.output.failure {
      StandardStreams.writeError("llal: cannot write to standard output: \(failure)\n")
      throw ExitCode(ExitStatus.ioError)
    }
    if let error { throw ScriptFile.report(error) }
  }

  /// Where an experiment a signal stops saves its finished cycles, without the extension:
  /// `digits.partial` beside `digits.llal`; in the current folder for a script that is
  /// not a regular file (`/dev/stdin`).
  static func stoppedWorkPath(for script: String) -> String {
    let url = URL(fileURLWithPath: script)
    let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
    let stem = url.deletingPathExtension().lastPathComponent
    guard isFile, !stem.isEmpty else { return "llal.partial" }
    let folder = (script as NSString).deletingLastPathComponent
    return folder.isEmpty ? stem + ".partial" : folder + "/" + stem + ".partial"
  }

  /// Writes the notes of work a signal stopped but that kept what it finished (an
  /// experiment saying where its finished cycles are), one `llal: note:` line each.
  static func reportStops(_ interpreter: Interpreter) {
    for note in interpreter.takeStopNotes() { StandardStreams.writeError("llal: note: \(note)\n") }
  }
}
