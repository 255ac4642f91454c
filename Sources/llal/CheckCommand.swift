import ArgumentParser
import LLALLanguage

/// `llal check FILE`: parses and checks names and arities without running.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Parse and check a .llal file without running it.")

  @Argument(help: "The .llal file to check.") var file: String

  func run() throws {
    let source = try ScriptFile.load(file)
    do {
      try ScriptRunner(interpreter: Interpreter(output: StandardStreams.output)).check(source)
    } catch let error as LanguageError {
      throw ScriptFile.report(error)
    }
  }
}
