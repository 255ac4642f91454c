import ArgumentParser
import LLALLanguage
import LLALTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
      var line = "llal: stopped by \(name(of: signal))"
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

  /// `SIGINT`, `SIGTERM`, or `signal N`.
  static func name(of signal: Int32) -> String {
    switch signal {
    case SIGINT: return "SIGINT"
    case SIGTERM: return "SIGTERM"
    default: return "signal \(signal)"
    }
  }
}
