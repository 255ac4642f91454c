import LLALActive
import LLALLanguage

/// An `experiment(...)` call as an export sees it: the checked experiment, not run, with
/// where each of its parts was written.
public struct CapturedExperiment {
  /// The experiment as `experiment(...)` would run it (the baseline added).
  public let experiment: Experiment
  /// The call's arguments: `arguments.error("strategies", …)` is a refusal at the
  /// argument, `arguments.range(name)` where a part was written.
  public let arguments: Arguments
  /// The file the call is in, for the line numbers the export's comments name.
  public let file: SourceFile?
  /// Each strategy as written (`entropy()`), in the experiment's order.
  public let strategySpellings: [String]
  /// Each strategy's score function written in the language, if it has one, in the
  /// experiment's order.
  public let scoreFunctions: [ScoreFunctionSource?]
}

/// A score function written in the language (`uncertainty(fn …)`, `score(fn …)`) and
/// what it is called with, in order.
public struct ScoreFunctionSource {
  /// What a score function receives.
  public enum Input: String {
    /// The candidates' class probabilities `[M, C]` (the outputs for a task without them).
    case probabilities
    /// The features `[M, D]` of the strategy's node.
    case features
    /// `none`: `score(fn (p, f) …)` without `features:`.
    case nothing
    /// The loss module's predicted losses `[M]`.
    case predictedLosses = "losses"
  }
  /// The function value (a closure over its declaration).
  public let function: Value
  /// Its arguments, in order.
  public let inputs: [Input]
}

/// What `experiment(...)` does while a script is exported (`llal export`,
/// `:export-torch`): it checks the experiment as usual, hands it to `handler` (which may
/// refuse it with a located error) and stops the script with `ExperimentCapture.Stop`
/// instead of running it.
public final class ExperimentCapture {
  /// The key of the capture in `Interpreter.libraryState`.
  static let key = "LLALDomain.ExperimentCapture"
  /// Called with the captured experiment; its errors are the call's errors.
  let handler: (CapturedExperiment) throws -> Void

  /// How `experiment(...)` ends the script once the experiment is captured.
  public struct Stop: Error, CustomStringConvertible {
    /// Says the script stopped at the captured experiment.
    public var description: String { "the script stopped at the exported experiment" }
  }

  private init(handler: @escaping (CapturedExperiment) throws -> Void) {
    self.handler = handler
  }

  /// Makes `experiment(...)` in `interpreter` call `handler` instead of running.
  public static func install(
    on interpreter: Interpreter, handler: @escaping (CapturedExperiment) throws -> Void
  ) {
    interpreter.libraryState[key] = ExperimentCapture(handler: handler)
  }

  /// Makes `experiment(...)` in `interpreter` run again.
  public static func remove(from interpreter: Interpreter) {
    interpreter.libraryState[key] = nil
  }

  /// The capture installed on `interpreter`, if any.
  static func installed(on interpreter: Interpreter) -> ExperimentCapture? {
    interpreter.libraryState[key] as? ExperimentCapture
  }
}
