import ArgumentParser
import Foundation
import LLALLanguage

/// The `llal` command line: a thin layer over the libraries. With no subcommand it
/// starts the REPL.
@main
struct LLAL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "llal",
    abstract: "A notebook-style language for active-learning research.",
    version: LLALVersion.string,
    subcommands: [
      REPLCommand.self, RunCommand.self, CheckCommand.self, NotebookCommand.self,
      ConvertCommand.self, BenchCommand.self, KernelCommand.self, JupyterCommand.self,
      ExportCommand.self,
    ],
    defaultSubcommand: REPLCommand.self
  )

  /// Parses and runs the command as `ParsableCommand.main()` does, then checks that
  /// standard output was written in full before exiting (`StandardStreams.finish`).
  static func main() {
    var status = ExitStatus.ok
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      status = exitCode(for: error).rawValue
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if status == ExitStatus.ok {
          print(message)
        } else {
          StandardStreams.writeError(message + "\n")
        }
      }
    }
    Foundation.exit(StandardStreams.finish(status))
  }
}

/// The version `llal --version` prints.
enum LLALVersion {
  static let string = "llal 0.1.0"
}

/// Process exit statuses (sysexits): part of the command line's API.
enum ExitStatus {
  static let ok: Int32 = 0
  static let usage: Int32 = 64
  static let scriptError: Int32 = 65
  static let runtimeError: Int32 = 70
  static let ioError: Int32 = 74

  /// The status for a program stopped by diagnostics of `phase`: the one mapping from
  /// what went wrong to an exit status. (A stop signal gives 128 + its number instead;
  /// see `BatchRun.conclude`.)
  static func of(_ phase: Diagnostic.Phase) -> Int32 {
    switch phase {
    case .parse, .check: return scriptError
    case .runtime, .interrupted: return runtimeError
    case .io: return ioError
    }
  }
}
