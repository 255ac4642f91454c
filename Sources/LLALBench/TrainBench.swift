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
/// step (lr 0.1, momentum 0.9, weight decay 5e-4), on fixed synthetic data. The `pose_`
/// cases (llal's addition, with `bench/train_step_pose.py` as their PyTorch side) train
/// the pose peer's hourglass-lite as `al-pose` does: per-sample heatmap MSE, Adam 1e-3.
/// The `detect_` cases (with `bench/train_step_detect.py`) train the detection peer's
/// SSD-lite as `al-detect` does: multibox loss, SGD lr 0.01 (`TrainBenchCase`). Each case
/// runs in a fresh child process (so that peak RSS is per case), at each thread count,
/// and prints one JSON line with the peer's fields: median/min/p90 ms per step over the
/// timed steps, the eval-mode inference median, the final loss, the resident memory at
/// start and its peak; and llal's `first_loss`, the loss of the first warm-up step
/// (before any update), so that a line shows the step learning.
public enum TrainBench {
  /// The cases, named as the peer names them (`digits_cnn_lpm_b128` is llal's addition;
  /// the peer runs it when asked with `--cases`).
  public static let cases = [
    "mlp_b128", "digits_cnn_b128", "digits_cnn_b32", "digits_cnn_lpm_b32",
    "digits_cnn_lpm_b128", "resnet18w16_b128", "resnet18w16_lpm_b128", "pose_b32",
    "pose_lpm_b32", "detect_b32", "detect_lpm_b32",
  ]

  /// The output fields in the peer's order, with how each is typed.
  static let fields: [(name: String, kind: Character)] = [
    ("bench", "s"), ("case", "s"), ("threads", "i"), ("steps", "i"), ("warmup", "i"),
    ("median_ms", "d"), ("min_ms", "d"), ("p90_ms", "d"), ("lib", "s"), ("batch", "i"),
    ("params", "i"), ("infer_median_ms", "d"), ("final_loss", "d"), ("first_loss", "d"),
    ("rss_after_import_mb", "d"), ("peak_rss_mb", "d"),
  ]

  /// The environment variable through which the parent hands a child its one case.
  static let childVariable = "LLAL_TRAIN_BENCH_CHILD"

  /// Runs the cases (all, or the comma-separated names in `options.only`) at each of
  /// `options.threads`, each in a child process running this same command, handing each
  /// line to `emit`. 30 timed steps after 5 warm-up steps, as the peer; `quick`: 5 after 1.
  /// In a child, runs its one case and prints its line instead.
  public static func run(_ options: BenchOptions, emit: (JSONLine) -> Void) throws {
    if let spec = ProcessInfo.processInfo.environment[childVariable] {
      print(try runChild(spec).text)
      return
    }
    let chosen = options.only.map { $0.split(separator: ",").map(String.init) } ?? cases
    for c in chosen where !cases.contains(c) {
      throw TensorError(
        "bench train", "unknown case '\(c)' (cases: \(cases.joined(separator: ", ")))")
    }
    var meta = JSONLine()
    meta["bench"] = .string("train_step")
    meta["meta"] = .object(EngineBench.machine())
    emit(meta)
    let (steps, warmup) = (options.steps ?? (options.quick ? 5 : 30), options.quick ? 1 : 5)
    for t in options.threads {
      for c in chosen { emit(try spawn("\(c)@\(t)@\(steps)@\(warmup)")) }
    }
  }

  /// Runs this executable again with the same arguments and `spec` in the environment,
  /// returning its line (or an error line when it failed).
  private static func spawn(_ spec: String) throws -> JSONLine {
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
    var line = JSONLine()
    guard p.terminationStatus == 0,
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      line["error"] = .string("child failed")
      line["case"] = .string(spec)
      line["rc"] = .int(Int(p.terminationStatus))
      return line
    }
    for (name, kind) in fields {
      switch kind {
      case "s": line[name] = (object[name] as? String).map(JSONValue.string) ?? .null
      case "i": line[name] = (object[name] as? Int).map(JSONValue.int) ?? .null
      default: line[name] = (object[name] as? Double).map(JSONValue.double) ?? .null
      }
    }
    return line
  }

  /// One case at one thread count: `case@threads@steps@warmup`.
  private static func runChild(_ spec: String) throws -> JSONLine {
    let parts = spec.split(separator: "@").map(String.init)
    guard parts.count == 4, let threads = Int(parts[1]), let steps = Int(parts[2]),
      let warmup = Int(parts[3]), let batch = Int(parts[0].split(separator: "_b").last ?? "")
    else { throw TensorError("bench train", "bad child specification '\(spec)'") }
    let name = parts[0]
    Parallel.threadCount = threads
    let rssAtStart = currentRSSMegabytes()

    let setup = try TrainBenchCase(name: name, batch: batch)
    let (built, module, x, targets) = (setup.built, setup.module, setup.x, setup.lossTargets)
    let trainer = try setup.trainer(batch: batch)

    let clock = ContinuousClock()
    var firstLoss = Float.nan
    for i in 0..<warmup {
      let loss = try trainer.step(x: x, lossTargets: targets, epoch: 0).loss
      if i == 0 { firstLoss = loss }
    }
    var times: [Double] = []
    var lastLoss = Float.nan
    for _ in 0..<steps {
      let d = try clock.measure {
        lastLoss = try trainer.step(x: x, lossTargets: targets, epoch: 0).loss
      }
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
    var line = JSONLine()
    line["bench"] = .string("train_step")
    line["case"] = .string(name)
    line["threads"] = .int(threads)
    line["steps"] = .int(steps)
    line["warmup"] = .int(warmup)
    line["median_ms"] = .double(ms(percentile(times, 0.5)))
    line["min_ms"] = .double(ms(times.min() ?? 0))
    line["p90_ms"] = .double(ms(percentile(times, 0.9)))
    line["lib"] = .string("llal")
    line["batch"] = .int(batch)
    line["params"] = .int(built.graph.parameterCount + (module?.parameterCount ?? 0))
    line["infer_median_ms"] = .double(ms(percentile(inference, 0.5)))
    line["final_loss"] = .double((Double(lastLoss) * 1e4).rounded() / 1e4)
    line["first_loss"] = .double((Double(firstLoss) * 1e4).rounded() / 1e4)
    line["rss_after_import_mb"] = .double((rssAtStart * 10).rounded() / 10)
    line["peak_rss_mb"] = .double((peakRSSMegabytes() * 10).rounded() / 10)
    return line
  }

  /// The peer's percentile: the element at rank round(q·(n − 1)) of the sorted values.
  private static func percentile(_ xs: [Double], _ q: Double) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return 0 }
    return s[min(s.count - 1, Int((q * Double(s.count - 1)).rounded()))]
  }

  /// Seconds as milliseconds rounded to 3 decimals, as the peer prints them.
  private static func ms(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e3 }

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
