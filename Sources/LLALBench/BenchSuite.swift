/// Settings shared by every `llal bench` suite, named as the peer scripts name theirs.
public struct BenchOptions: Sendable {
  /// Thread counts to run each case at, in order (the peers' `--threads 2,1`).
  public var threads: [Int] = [2, 1]
  /// Timed repetitions per case; the median is reported.
  public var reps = 7
  /// Each repetition averages enough calls to last at least this many seconds.
  public var minRepTime = 0.05
  /// Only the first few cases of each group, for a quick look.
  public var quick = false
  /// `train`: timed steps per case (the peer's `--steps`); nil for 30 (5 with `quick`).
  public var steps: Int?
  /// When set, only these cases (engine: `gemm`, `ops` or operation case keys; train: case
  /// names; comma-separated).
  public var only: String?
  /// The data folder of `al-pose` and `al-detect` (`train_x.npy`, `train_y.npy`, `test_x.npy`,
  /// `test_y.npy`).
  public var data: String?
  /// Changes to an active-learning protocol's defaults, to run a smaller version.
  public var protocolFlags = ProtocolFlags()

  /// The defaults above.
  public init() {}
}

/// The benchmark suites `llal bench SUITE` runs. Each prints one JSON line per case,
/// with the case names and fields of its peer script in `shared/peers/`.
///
/// Adding a suite is one case here and one arm in `run`.
public enum BenchSuite: String, CaseIterable, Sendable {
  /// GEMM throughput and operation times, forward and forward+backward (`gemm.py`,
  /// `ops.py`).
  case engine
  /// Training-step time and peak memory of the reference models (`train_step.py`).
  case train
  /// Parsing and checking a generated 10,000-line `.llal` script (`ParseBench`).
  case parse
  /// The active-learning protocol on the bundled digits (`al_digits.py`).
  case alDigits = "al-digits"
  /// The active-learning protocol on the synthetic arms pose files (`al_pose.py`).
  case alPose = "al-pose"
  /// The active-learning protocol on the synthetic detection files (`al_detect.py`).
  case alDetect = "al-detect"

  /// Refuses options that this suite does not take, and `al-pose` without `--data`.
  public func check(_ options: BenchOptions) throws {
    let protocolNames = options.protocolFlags.namesSet
    switch self {
    case .engine, .train, .parse:
      if options.steps != nil, self != .train {
        throw BenchUsageError(description: "\(rawValue) does not take --steps (an option of train)")
      }
      let extra = protocolNames + (options.data == nil ? [] : ["--data"])
      if !extra.isEmpty {
        throw BenchUsageError(
          description: "\(rawValue) does not take \(extra.joined(separator: ", ")) (options of "
            + "al-digits, al-pose and al-detect)")
      }
    case .alDigits:
      if options.data != nil {
        throw BenchUsageError(
          description: "al-digits does not take --data (it runs on the bundled digits)")
      }
    case .alPose, .alDetect:
      if options.data == nil {
        throw BenchUsageError(
          description: "\(rawValue) needs --data DIR, the folder holding train_x.npy, "
            + "train_y.npy, test_x.npy and test_y.npy")
      }
    }
  }

  /// Runs the suite (after `check`), handing each output line to `emit` as soon as it is
  /// measured.
  public func run(_ options: BenchOptions, emit: (String) -> Void) throws {
    try check(options)
    switch self {
    case .engine: try EngineBench.run(options) { emit($0.text) }
    case .train: try TrainBench.run(options) { emit($0.text) }
    case .parse: try ParseBench.run(options) { emit($0.text) }
    case .alDigits: try ALDigitsBench.run(options, emit: emit)
    case .alPose: try ALPoseBench.run(options, emit: emit)
    case .alDetect: try ALDetectBench.run(options, emit: emit)
    }
  }
}
