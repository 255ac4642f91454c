import ArgumentParser
import LLALREPL

/// `llal` / `llal repl`: the interactive REPL.
struct REPLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl", abstract: "Start the interactive REPL (the default).")

  func run() throws {
    REPL.forProcess(version: LLALVersion.string).run()
  }
}
