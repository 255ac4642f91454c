import ArgumentParser
import LLALDomain
import LLALLanguage

/// `llal check FILE`: parses and checks names and arities without running.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Parse and check a .llal file without running it.")

  @Argument(help: "The .llal file to check.") var file: String

  func run() throws {
    let source = try ScriptFile.load(file)
    do {
      let interpreter = Interpreter(
        output: StandardStreams.output, libraries: [DomainLibrary.self])
      try ScriptRunner(interpreter: interpreter).check(source)
    } catch let error as LanguageError {
      throw ScriptFile.report(error)
    }
  }
}
