import ArgumentParser

/// `llal run FILE`: runs every cell of a script and prints its output.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a .llal script or notebook file.")

  @Argument(help: "The .llal file to run.") var file: String

  func run() throws {
    throw ExitCode(ExitStatus.usage)
  }
}
