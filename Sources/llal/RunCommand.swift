import ArgumentParser
import Foundation
import LLALLanguage

/// `llal run FILE`: runs every cell of a script and prints its output.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a .llal script or notebook file.")

  @Argument(help: "The .llal file (or Jupyter notebook, .ipynb) to run.") var file: String
  @Flag(name: .shortAndLong, help: "Print only what print() writes: no titles, no values.")
  var quiet = false
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Give a script parameter: param(\"epochs\", 200) reads --set epochs=2.",
      valueName: "name=value"))
  var settings: [String] = []

  func run() throws {
    let source = try ScriptFile.load(file)
    let interpreter = Interpreter()
    do {
      interpreter.parameters = try ScriptParameters.parse(settings)
    } catch {
      ScriptFile.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.usage)
    }
    let runner = ScriptRunner(interpreter: interpreter, quiet: quiet)
    do {
      try runner.run(source)
    } catch let error as LanguageError {
      throw ScriptFile.report(error)
    }
    for name in interpreter.parameters.keys.sorted()
    where !interpreter.parametersRead.contains(name) {
      ScriptFile.writeError(
        "llal: warning: --set \(name) was not read: the script has no param(\"\(name)\", ...)\n")
    }
  }
}

/// Reading a script and reporting its diagnostics, shared by `run` and `check`.
enum ScriptFile {
  /// The file at `path` (a Jupyter notebook as its percent-format text), or exit status
  /// 74 (I/O error) after saying why on stderr.
  static func load(_ path: String) throws -> SourceFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      writeError("llal: cannot read '\(path)': \(FileProblem.unreadable(path))\n")
      throw ExitCode(ExitStatus.ioError)
    }
    return try NotebookFiles.source(named: path, data: data)
  }

  /// Writes the diagnostics to stderr and gives the exit status for their phase:
  /// 65 for parse and check errors, 70 for runtime errors and interrupts.
  static func report(_ error: LanguageError) -> ExitCode {
    let renderer = DiagnosticRenderer(
      color: DiagnosticRenderer.colorByDefault(forFileDescriptor: 2))
    writeError(error.diagnostics.map(renderer.render).joined())
    switch error.phase {
    case .parse, .check: return ExitCode(ExitStatus.scriptError)
    case .runtime, .interrupted: return ExitCode(ExitStatus.runtimeError)
    }
  }

  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
