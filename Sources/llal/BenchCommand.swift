import ArgumentParser
import LLALBench

/// `llal bench SUITE`: benchmarks that print one JSON line per case, named and shaped as
/// the peer scripts' lines (`shared/peers/`), so the two outputs can be joined.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Run a benchmark suite, printing one JSON line per case.")

  @Argument(help: "The suite: \(BenchSuite.allCases.map(\.rawValue).joined(separator: ", ")).")
  var suite: BenchSuite

  @Option(help: "Comma-separated thread counts, run in this order.") var threads = "2,1"
  @Option(help: "Timed repetitions per case (the median is reported).") var reps = 7
  @Option(help: "Seconds each repetition lasts at least.") var minRepTime = 0.05
  @Option(help: "Only some cases (engine: gemm or ops; train: case names, comma-separated).")
  var only: String?
  @Flag(help: "Only the first few cases of each group.") var quick = false

  func run() throws {
    var options = BenchOptions()
    let counts = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
      throw ValidationError(
        "--threads wants positive integers separated by commas, got '\(threads)'")
    }
    options.threads = counts.compactMap { $0 }
    options.reps = reps
    options.minRepTime = minRepTime
    options.only = only
    options.quick = quick
    try suite.run(options) { line in print(line) }
  }
}

extension BenchSuite: ExpressibleByArgument {}
