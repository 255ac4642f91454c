import LLALDomain
import LLALLanguage

/// Exporting a script: run it until its `experiment(...)` call, capture the experiment
/// there (checked as llal checks it, not run), and make the PyTorch project.
public enum ScriptExport {
  /// Why a script did not export.
  public enum Failure: Error {
    /// The script failed before its experiment (a syntax, check, runtime or I/O error).
    case script(LanguageError)
    /// The experiment holds a construct with no PyTorch counterpart; the diagnostic
    /// points at the argument that brought it in.
    case refused(LanguageError)
    /// The script ran to its end without calling `experiment(...)`.
    case noExperiment
  }

  /// The export of the first experiment `source` runs in `interpreter` (which must have
  /// the domain library). What the script prints before it goes to `interpreter.output`.
  public static func export(_ source: SourceFile, in interpreter: Interpreter) throws
    -> TorchExport
  {
    var made: TorchExport?
    var refused = false
    ExperimentCapture.install(on: interpreter) { captured in
      do {
        made = try TorchExport(captured)
      } catch let refusal as ExportRefusal {
        refused = true
        throw captured.arguments.error(refusal.argument, refusal.message)
      } catch let refusal as ScoreFunctionRefusal {
        refused = true
        throw RuntimeError(refusal.message, range: refusal.range, file: refusal.file)
      }
    }
    defer { ExperimentCapture.remove(from: interpreter) }
    do {
      try ScriptRunner(interpreter: interpreter, quiet: true).run(source)
    } catch let error as LanguageError {
      if let made { return made }
      throw refused ? Failure.refused(error) : Failure.script(error)
    }
    if let made { return made }
    throw Failure.noExperiment
  }
}
