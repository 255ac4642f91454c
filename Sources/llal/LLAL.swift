import ArgumentParser

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
    ],
    defaultSubcommand: REPLCommand.self
  )
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
}
