import ArgumentParser

/// `llal` / `llal repl`: the interactive REPL.
struct REPLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl", abstract: "Start the interactive REPL (the default).")

  func run() throws {
    print("\(LLALVersion.string) — the REPL is not built yet.")
  }
}
