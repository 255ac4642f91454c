import ArgumentParser
import LLALBench
import LLALTensor

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
  @Option(
    help:
      "Only some cases (engine: gemm, ops or operation cases such as conv3x3_c64_h8_s2; train: case names; comma-separated)."
  )
  var only: String?
  @Flag(help: "Only the first few cases of each group (al-*: one seed, 3 cycles of 10 epochs).")
  var quick = false
  @Option(help: "train: timed steps per case (default 30, 5 with --quick), as train_step.py's --steps.")
  var steps: Int?
  @Option(help: "al-pose, al-detect: the folder holding train_x.npy, train_y.npy, test_x.npy, test_y.npy.")
  var data: String?
  @Option(help: "al-*: comma-separated strategies instead of the peer's.") var strategies: String?
  @Option(help: "al-*: comma-separated seeds instead of the peer's.") var seeds: String?
  @Option(help: "al-*: cycles per run instead of the peer's.") var cycles: Int?
  @Option(help: "al-*: epochs per cycle instead of the peer's.") var epochs: Int?
  @Option(help: "al-*: initial random labels instead of the peer's.") var initial: Int?
  @Option(help: "al-*: labels added per cycle instead of the peer's.") var budget: Int?

  /// Usage errors (exit 64, with the bench usage) before anything runs.
  func validate() throws {
    let options = try benchOptions()
    do {
      try suite.check(options)
    } catch let error as BenchUsageError {
      throw ValidationError(error.description)
    }
  }

  func run() throws {
    let options = try benchOptions()
    do {
      try suite.run(options) { line in print(line) }
    } catch let error as any IOErrorReporting where error.isIOError {
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.ioError)
    } catch {
      // Malformed data, an unknown strategy, a protocol the model or budget refuses.
      StandardStreams.writeError("llal: \(error)\n")
      throw ExitCode(ExitStatus.runtimeError)
    }
  }

  /// The options as given; malformed values are usage errors.
  private func benchOptions() throws -> BenchOptions {
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
    if let steps, steps < 1 { throw ValidationError("--steps must be >= 1, got \(steps)") }
    options.steps = steps
    options.data = data
    options.protocolFlags = try protocolFlags()
    return options
  }

  /// The `al-*` protocol options as given; malformed values are usage errors.
  private func protocolFlags() throws -> ProtocolFlags {
    var flags = ProtocolFlags()
    if let strategies {
      let names = strategies.split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
      guard names.allSatisfy({ !$0.isEmpty }) else {
        throw ValidationError("--strategies wants names separated by commas, got '\(strategies)'")
      }
      flags.strategies = names
    }
    if let seeds {
      let values = seeds.split(separator: ",", omittingEmptySubsequences: false)
        .map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
        throw ValidationError(
          "--seeds wants non-negative integers separated by commas, got '\(seeds)'")
      }
      flags.seeds = values.compactMap { $0 }
    }
    let counts = [
      ("--cycles", cycles), ("--epochs", epochs), ("--initial", initial), ("--budget", budget),
    ]
    for (name, value) in counts {
      if let value, value < 1 { throw ValidationError("\(name) must be >= 1, got \(value)") }
    }
    flags.cycles = cycles
    flags.epochs = epochs
    flags.initial = initial
    flags.step = budget
    return flags
  }
}

extension BenchSuite: ExpressibleByArgument {}
