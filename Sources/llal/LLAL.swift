import ArgumentParser
import LLALTensor

/// The `llal` command line: a thin layer over the libraries.
@main
struct LLAL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "llal",
    abstract: "A notebook-style language for active-learning research.",
    version: "llal 0.1.0"
  )

  func run() throws {
    print("llal 0.1.0")
  }
}
