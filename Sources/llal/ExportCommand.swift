import ArgumentParser
import Foundation
import LLALDomain
import LLALExport
import LLALLanguage

/// `llal export FILE -o DIR`: the script's experiment as a PyTorch project.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a script's experiment as a PyTorch project (docs/scale.md).",
    discussion: """
      Runs FILE up to its experiment(...) call, which is checked but not run, and writes \
      model.py, experiment.py, strategies.py, metrics.py, scores.py, data/, jobs.txt, \
      requirements.txt and README.md into DIR. The exit status is 0 when the project was \
      written, 64 for a bad command line, 65 when the script has an error or its \
      experiment holds something the export refuses, 70 when the script fails before \
      its experiment or defines none, and 74 when a file cannot be read or written.
      """)

  @Argument(help: "The .llal file (or Jupyter notebook, .ipynb) whose experiment to export.")
  var file: String
  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("The folder to write the project into.", valueName: "DIR"))
  var output: String
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("Give a script parameter, as for llal run.", valueName: "name=value"))
  var settings: [String] = []
  @Flag(
    help: ArgumentHelp(
      "Also write llal's numbers for the parity tests into DIR/parity (docs/scale.md)."))
  var parityFixture = false

  func run() throws {
    let source = try ScriptFile.load(file)
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    do {
      interpreter.parameters = try ScriptParameters.parse(settings)
      if !settings.isEmpty, let cells = try? ScriptRunner.parseCells(source) {
        try ParameterNames(cells.map(\.program)).check(interpreter.parameters.keys)
      }
    } catch {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.usage)
    }
    let export: TorchExport
    do {
      export = try ScriptExport.export(source, in: interpreter)
    } catch ScriptExport.Failure.script(let error) {
      throw ScriptFile.report(error)
    } catch ScriptExport.Failure.refused(let error) {
      _ = ScriptFile.report(error)
      throw ExitCode(ExitStatus.scriptError)
    } catch ScriptExport.Failure.noExperiment {
      StandardStreams.writeError(
        "llal: \(file) ran to its end without calling experiment(...); nothing to export\n")
      throw ExitCode(ExitStatus.runtimeError)
    }
    do {
      try export.write(to: output)
      if parityFixture {
        let folder = (output as NSString).appendingPathComponent("parity")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ParityFixture(export.experiment).write(to: folder)
      }
    } catch {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.ioError)
    }
    StandardStreams.output.write(
      "exported \(export.jobs.count) jobs to \(output) (see \(output)/README.md)\n")
  }
}
