import Foundation
import LLALNN
import LLALTensor

#if canImport(Glibc)
  import Glibc
#endif

/// `llal bench train`: the training step of `shared/peers/train_step.py`, case for case.
///
/// A step is forward, per-sample cross-entropy (plus λ = 1 times the margin ranking loss
/// of the loss prediction module in the `_lpm_` cases), zero-grad, backward and an SGD
/// step (lr 0.1, momentum 0.9, weight decay 5e-4), on fixed synthetic data. Each case
/// runs in a fresh child process (so that peak RSS is per case), at each thread count,
/// and prints one JSON line with the peer's fields: median/min/p90 ms per step over the
/// timed steps, the eval-mode inference median, the final loss, the resident memory at
/// start and its peak.
public enum TrainBench {
  /// The cases, named as the peer names them (`digits_cnn_lpm_b128` is llal's addition;
  /// the peer runs it when asked with `--cases`).
  public static let cases = [
    "mlp_b128", "digits_cnn_b128", "digits_cnn_b32", "digits_cnn_lpm_b32",
    "digits_cnn_lpm_b128", "resnet18w16_b128", "resnet18w16_lpm_b128",
  ]

  /// What to run.
  public struct Options: Sendable {
    /// Thread counts, each case at each (the peer's `--threads 2,1`).
    public var threads: [Int] = [2, 1]
    /// The cases to run (all by default).
    public var cases: [String] = TrainBench.cases
    /// Timed steps per case.
    public var steps = 30
    /// Untimed steps first.
    public var warmup = 5

    /// The peer's defaults.
    public init() {}
  }

  /// The environment variable through which the parent hands a child its one case.
  static let childVariable = "LLAL_TRAIN_BENCH_CHILD"

  /// Runs every case at every thread count, each in a child process running this same
  /// command, handing each JSON line to `emit`. In a child, runs its one case instead.
  public static func run(_ options: Options = Options(), emit: (String) -> Void) throws {
    if let spec = ProcessInfo.processInfo.environment[childVariable] {
      emit(try runChild(spec))
      return
    }
    for c in options.cases where !cases.contains(c) {
      throw TensorError(
        "bench train", "unknown case '\(c)' (cases: \(cases.joined(separator: ", ")))")
    }
    let cpus = ProcessInfo.processInfo.activeProcessorCount
    emit(#"{"bench": "train_step", "meta": {"lib": "llal", "ncpu": \#(cpus)}}"#)
    for t in options.threads {
      for c in options.cases {
        emit(try spawn("\(c)@\(t)@\(options.steps)@\(options.warmup)"))
      }
    }
  }

  /// Runs this executable again with the same arguments and `spec` in the environment,
  /// returning its output line (or an error line when it failed).
  private static func spawn(_ spec: String) throws -> String {
    let p = Process()
    #if os(Linux)
      p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    #else
      p.executableURL = Bundle.main.executableURL
    #endif
    p.arguments = Array(CommandLine.arguments.dropFirst())
    p.environment = ProcessInfo.processInfo.environment.merging([childVariable: spec]) { $1 }
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard p.terminationStatus == 0, !text.isEmpty else {
      return #"{"error": "child failed", "case": "\#(spec)", "rc": \#(p.terminationStatus)}"#
    }
    return text
  }

  /// One case at one thread count: `case@threads@steps@warmup`.
  private static func runChild(_ spec: String) throws -> String {
    let parts = spec.split(separator: "@").map(String.init)
    guard parts.count == 4, let threads = Int(parts[1]), let steps = Int(parts[2]),
      let warmup = Int(parts[3]), let batch = Int(parts[0].split(separator: "_b").last ?? "")
    else { throw TensorError("bench train", "bad child specification '\(spec)'") }
    let name = parts[0]
    Parallel.threadCount = threads
    let rssAtStart = currentRSSMegabytes()

    let built: ReferenceModels.Built
    let sampleShape: [Int]
    if name.hasPrefix("mlp") {
      built = try ReferenceModels.mlp()
      sampleShape = [64]
    } else if name.hasPrefix("digits_cnn") {
      built = try ReferenceModels.digitsCNN()
      sampleShape = [1, 8, 8]
    } else {
      built = try ReferenceModels.resNet18(width: 16)
      sampleShape = [3, 32, 32]
    }
    let module =
      name.contains("_lpm_")
      ? try LossPredictionModule(model: built.graph, taps: built.taps, width: 128) : nil
    let trainer = try Trainer(
      model: built.graph, lossModule: module,
      learningLoss: LearningLossConfig(margin: 1, weight: 1, pairing: .halves),
      config: TrainingConfig(
        epochs: 1, batchSize: batch, optimizer: .sgd(lr: 0.1, momentum: 0.9, weightDecay: 5e-4)))
    var g = RandomGenerator(seed: 1)
    let x = try Tensor.normal([batch] + sampleShape, generator: &g)
    let labels = (0..<batch).map { _ in g.nextInt(below: 10) }

    let clock = ContinuousClock()
    for _ in 0..<warmup { try trainer.step(x: x, labels: labels, epoch: 0) }
    var times: [Double] = []
    var lastLoss = Float.nan
    for _ in 0..<steps {
      let d = try clock.measure { lastLoss = try trainer.step(x: x, labels: labels, epoch: 0).loss }
      times.append(seconds(d))
    }
    let context = ForwardContext(mode: .eval)
    var inference: [Double] = []
    for i in 0..<(2 + max(5, steps / 3)) {
      let d = try clock.measure {
        try withoutGrad {
          let r = try built.graph.forward(x, context: context, taps: module?.taps ?? [])
          if let module { _ = try module.forward(r.taps) }
        }
      }
      if i >= 2 { inference.append(seconds(d)) }
    }
    let parameters = built.graph.parameterCount + (module?.parameterCount ?? 0)
    let fields: [(String, String)] = [
      ("bench", #""train_step""#), ("case", "\"\(name)\""), ("threads", "\(threads)"),
      ("steps", "\(steps)"), ("warmup", "\(warmup)"),
      ("median_ms", ms(percentile(times, 0.5))), ("min_ms", ms(times.min() ?? 0)),
      ("p90_ms", ms(percentile(times, 0.9))), ("lib", #""llal""#), ("batch", "\(batch)"),
      ("params", "\(parameters)"), ("infer_median_ms", ms(percentile(inference, 0.5))),
      ("final_loss", String(format: "%.4f", lastLoss)),
      ("rss_after_import_mb", String(format: "%.1f", rssAtStart)),
      ("peak_rss_mb", String(format: "%.1f", peakRSSMegabytes())),
    ]
    return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// The peer's percentile: the element at rank round(q·(n − 1)) of the sorted values.
  private static func percentile(_ xs: [Double], _ q: Double) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return 0 }
    return s[min(s.count - 1, Int((q * Double(s.count - 1)).rounded()))]
  }

  private static func ms(_ seconds: Double) -> String { String(format: "%.3f", seconds * 1e3) }

  private static func seconds(_ d: Duration) -> Double {
    let (s, atto) = d.components
    return Double(s) + Double(atto) * 1e-18
  }

  /// The process's peak resident set size (ru_maxrss, KiB on Linux) in MB.
  private static func peakRSSMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
  }

  /// The current resident set size (VmRSS) in MB, or 0 where /proc is missing.
  private static func currentRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return 0
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
      return kb / 1024
    }
    return 0
  }
}
