import ArgumentParser

/// `llal notebook FILE -o OUT.html`: runs a notebook file and writes one HTML page.
struct NotebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook", abstract: "Run a notebook file and render it as an HTML page.")

  @Argument(help: "The .llal notebook file.") var file: String
  @Option(name: .shortAndLong, help: "Where to write the HTML page.") var output: String

  func run() throws {
    throw ExitCode(ExitStatus.usage)
  }
}
