import LLALActive
import LLALLanguage

/// The `checkpoint:` and `resume:` arguments of `experiment` and `session`: a folder where every
/// finished cycle of every run is saved, and whether a second run of the script
/// continues it (`"resume"`, the default) or clears it and starts over (`"restart"`).
/// `llal run --resume` / `--restart` set the default through the interpreter's
/// `checkpointMode`; an explicit `resume:` wins.
enum CheckpointOption {
  /// `checkpoint: string|none = none`.
  static let folder = Builtin.Parameter(
    "checkpoint", ParamType.string.orNone, default: Value.none)
  /// `resume: "resume"|"restart"|none = none` (none: the front end's default).
  static let resume = Builtin.Parameter(
    "resume", ParamType.choice(CheckpointMode.self).orNone, default: Value.none)

  /// The checkpoint of `experiment` named by the call's `checkpoint:`, opened as
  /// `resume:` says (nil without one). `strategies` are the strategies' spellings, in
  /// the experiment's order. Each run that restores cycles writes one line to the
  /// interpreter's output saying what it skipped.
  static func open(
    _ args: Arguments, _ experiment: Experiment, strategies: [String]
  ) throws -> ExperimentCheckpoint? {
    guard
      let checkpoint = try open(args, { task in
        ExperimentDefinition(experiment, strategies: strategies, task: task)
      })
    else { return nil }
    let cycles = experiment.budget.cycles
    let output = args.interpreter.output
    let path = checkpoint.folder
    checkpoint.onRestore = { strategy, seed, done in
      let what = done == cycles ? "all \(cycles) cycles" : "cycles 1–\(done) of \(cycles)"
      output.write("checkpoint \(path): \(strategy), seed \(seed): skipped \(what), already done\n")
    }
    return checkpoint
  }

  /// The checkpoint named by the call's `checkpoint:`, opened as `resume:` says for the
  /// definition `define` makes from the task's spelling (nil without a checkpoint).
  static func open(
    _ args: Arguments, _ define: (_ task: String) -> ExperimentDefinition
  ) throws -> ExperimentCheckpoint? {
    guard !args.isNone(folder.name) else {
      guard args.isNone(resume.name) else {
        throw args.error(resume.name, "needs a checkpoint: folder to resume or restart")
      }
      return nil
    }
    let path = try args.string(folder.name)
    guard !path.isEmpty else { throw args.error(folder.name, "must name a folder, found \"\"") }
    let mode = try self.mode(args)
    let task =
      args.isNone("task") ? "classify()" : try args.host("task", as: TaskValue.self).written
    let definition = define(task)
    return try args.building(blaming: ["ExperimentCheckpoint": folder.name]) {
      try ExperimentCheckpoint(folder: path, definition: definition, mode: mode)
    }
  }

  /// `resume:` when given, else the front end's default, else resume.
  private static func mode(_ args: Arguments) throws -> CheckpointMode {
    if !args.isNone(resume.name) { return try args.choice(resume.name, of: CheckpointMode.self) }
    return args.interpreter.checkpointMode.flatMap(CheckpointMode.init(rawValue:)) ?? .resume
  }
}
