import ArgumentParser
import LLALDomain
import LLALLanguage

/// `llal run FILE`: runs every cell of a script and prints its output.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a .llal script or notebook file.",
    discussion: """
      FILE may be a pipe or a terminal, such as /dev/stdin. The exit status is 0 when the \
      script ran, 64 for a bad command line, 65 for a syntax or check error, 70 for a \
      runtime error, 74 when a file (the script, a data file, standard output) cannot be \
      read or written, and 130 or 143 when SIGINT or SIGTERM stopped it.
      """)

  @Argument(help: "The .llal file (or Jupyter notebook, .ipynb) to run.") var file: String
  @Flag(name: .shortAndLong, help: "Print only what print() writes: no titles, no values.")
  var quiet = false
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Give a script parameter: param(\"epochs\", 200) reads --set epochs=2.",
      valueName: "name=value"))
  var settings: [String] = []
  @Flag(
    help: ArgumentHelp(
      "Experiments with a checkpoint: folder continue after its finished cycles (the default).")
  )
  var resume = false
  @Flag(help: "Experiments with a checkpoint: folder clear it and start over.")
  var restart = false

  func run() throws {
    if resume && restart {
      StandardStreams.writeError("llal: --resume and --restart exclude each other\n")
      throw ExitCode(ExitStatus.usage)
    }
    BatchRun.start()
    let source = try ScriptFile.load(file)
    let interpreter = Interpreter(output: StandardStreams.output, libraries: [DomainLibrary.self])
    interpreter.stoppedWorkPath = BatchRun.stoppedWorkPath(for: file)
    interpreter.checkpointMode = restart ? "restart" : resume ? "resume" : nil
    // A name the script has no param for is refused before anything runs (a script that
    // does not parse reports that when it runs).
    var names: ParameterNames?
    do {
      interpreter.parameters = try ScriptParameters.parse(settings)
      if !settings.isEmpty, let cells = try? ScriptRunner.parseCells(source) {
        names = ParameterNames(cells.map(\.program))
        try names?.check(interpreter.parameters.keys)
      }
    } catch {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.usage)
    }
    let runner = ScriptRunner(interpreter: interpreter, quiet: quiet)
    var failure: LanguageError?
    do {
      try runner.run(source)
    } catch let error as LanguageError {
      failure = error
    }
    for warning in interpreter.takeWarnings() {
      StandardStreams.writeError("llal: warning: \(warning)\n")
    }
    BatchRun.reportStops(interpreter)
    try BatchRun.conclude(failure)
    for warning in names?.unread(interpreter.parameters.keys, read: interpreter.parametersRead)
      ?? []
    {
      StandardStreams.writeError("llal: warning: \(warning)\n")
    }
  }
}
