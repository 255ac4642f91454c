import ArgumentParser
import LLALBench

/// `llal bench SUITE`: benchmarks that print one JSON line per case.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Run a benchmark suite (engine, train, al-digits, parse).")

  @Argument(help: "The suite: engine, train, al-digits or parse.") var suite: String

  func run() throws {
    if suite == "train" { return try TrainBench.run { print($0) } }
    throw ValidationError("unknown benchmark suite '\(suite)'")
  }
}
