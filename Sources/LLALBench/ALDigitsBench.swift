import Foundation
import LLALActive
import LLALData
import LLALNN
import LLALTensor

/// `llal bench al-digits`: the active-learning protocol of the PyTorch peer
/// `shared/peers/al_digits.py` on the bundled digits, printing the same JSON lines
/// (`al_digits` per strategy, seed and cycle; `al_digits_summary` per strategy; then
/// `al_digits_total`) and a readable table on standard error.
public enum ALDigitsBench {
  /// The protocol's settings; the defaults are the peer script's.
  public struct Settings: PeerTrainingSettings, Sendable {
    /// Strategies by name: the peer's random, entropy, margin, least_confidence and
    /// learning_loss; also core_set, badge, diversify_entropy (k-center) and
    /// diversify_learning_loss (k-means++), on the pooled features.
    public var strategies = ["random", "entropy", "margin", "least_confidence", "learning_loss"]
    /// One run per strategy per seed.
    public var seeds = [0, 1, 2]
    /// Initial random labels.
    public var initial = 100
    /// Labels added per cycle.
    public var step = 100
    /// Cycles.
    public var cycles = 8
    /// Epochs per cycle.
    public var epochs = 30
    /// Batch size.
    public var batch = 32
    /// SGD learning rate, momentum and weight decay.
    public var lr: Float = 0.1, momentum: Float = 0.9, weightDecay: Float = 5e-4
    /// The learning rate is multiplied by 0.1 from this fraction of the epochs on (0 = off).
    public var lrDecayFraction = 0.8
    /// The ranking loss's margin and weight.
    public var margin: Float = 1, weight: Float = 1
    /// The loss module's hidden width per tap.
    public var moduleWidth = 128
    /// The module's gradient into the model stops from this fraction of the epochs on.
    public var detachFraction = 0.6
    /// Candidates scored per query (0 = the whole unlabeled pool).
    public var subset = 0
    /// The stratified test split's fraction and seed.
    public var testFraction = 0.2, splitSeed: UInt64 = 0
    /// Keep the weights across cycles instead of training from scratch.
    public var warmStart = false
    /// Engine threads.
    public var threads = 1

    /// The peer's defaults.
    public init() {}
  }

  /// Runs the protocol at the first of `options.threads` (the peer's default is 1 thread),
  /// with the protocol flags of `options` in place of the peer's defaults; `--quick` runs
  /// one seed for three cycles of ten epochs.
  public static func run(_ options: BenchOptions, emit: (String) -> Void) throws {
    var settings = Settings()
    settings.threads = options.threads.first ?? 1
    options.adjust(&settings)
    try run(settings, emit: emit)
  }

  /// Runs the protocol, handing JSON lines to `emit` and writing the tables to standard
  /// error; returns the result.
  @discardableResult
  public static func run(_ options: Settings, emit: (String) -> Void) throws -> ExperimentResult {
    try options.withThreads { try runAtThreads(options, emit: emit) }
  }

  private static func runAtThreads(_ options: Settings, emit: (String) -> Void) throws
    -> ExperimentResult
  {
    let digits = try Datasets.digits()
    // The peer scales the 0…16 pixel counts to [0, 1].
    let scaled = try digits.replacingSamples(try digits.x * (1 / 16 as Float))
    let (pool, test) = try scaled.split(test: options.testFraction, seed: options.splitSeed)
    let built = try ReferenceModels.digitsCNN(classes: digits.classCount)
    let taps = try LossModuleLayout(
      model: built.graph, taps: built.taps, options: LossModuleOptions(width: options.moduleWidth))
    let experiment = try Experiment(
      model: built.graph, pool: pool, test: test,
      strategies: try options.strategies.map { try strategy($0, taps: taps, options) },
      budget: try options.budget(),
      training: CycleTraining(
        trainingConfig(options), initialization: options.warmStart ? .warm : .scratch),
      seeds: options.seeds)
    var meta = JSONLine()
    meta["bench"] = .string("al_digits")
    meta["meta"] = .object(EngineBench.machine())
    meta["config"] = .object(config(options))
    meta["pool"] = .int(pool.count)
    meta["test"] = .int(test.count)
    emit(meta.text)
    let start = ContinuousClock.now
    // The records stream out as their cycles finish.
    let result = try withoutActuallyEscaping(emit) { emit in
      try experiment.run { event in
        if case .cycleFinished(let record) = event {
          emit(line([("bench", .string("al_digits"))] + record.fields))
        }
      }
    }
    let wall = ProcessTime.seconds(since: start)
    for summary in result.summaries {
      emit(
        line(
          [("bench", .string("al_digits_summary"))] + summary.fields
            + [("peak_rss_mb", .number(ProcessTime.peakResidentMegabytes()))]))
    }
    emit(line([("bench", .string("al_digits_total")), ("wall_s", .rounded(wall, 2))]))
    let table = result.description + "\n\ntotal wall time \(String(format: "%.1f", wall)) s\n"
    fflush(stdout)  // the JSON lines first, when both streams go to one place
    FileHandle.standardError.write(Data(("\n" + table).utf8))
    return result
  }

  /// The strategy called `name` in the peer script.
  static func strategy(_ name: String, taps: LossModuleLayout, _ o: Settings) throws
    -> any QueryStrategy
  {
    switch name {
    case "random": return RandomStrategy()
    case "entropy": return EntropyStrategy()
    case "margin": return MarginStrategy()
    case "least_confidence": return LeastConfidenceStrategy()
    case "learning_loss": return try o.learningLoss(taps)
    // Strategies the peer does not have, on the pooled features (node `gap`).
    case "core_set": return CoreSetStrategy(node: "gap")
    case "badge": return BADGEStrategy()
    case "diversify_entropy":
      return try DiversifyStrategy(EntropyStrategy(), node: "gap", method: .kcenter)
    case "diversify_learning_loss":
      return try DiversifyStrategy(
        try strategy("learning_loss", taps: taps, o), node: "gap", method: .kmeansPlusPlus)
    default:
      throw ActiveLearningError(
        "al-digits",
        "unknown strategy '\(name)' (random, entropy, margin, least_confidence, learning_loss, "
          + "core_set, badge, diversify_entropy, diversify_learning_loss)")
    }
  }

  /// SGD with the step decay at `lrDecayFraction` of the epochs, as the peer trains.
  static func trainingConfig(_ o: Settings) -> TrainingConfig {
    o.training(.sgd(lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay))
  }

  /// The settings under the peer script's option names.
  static func config(_ o: Settings) -> JSONLine {
    var c = JSONLine()
    c["strategies"] = .string(o.strategies.joined(separator: ","))
    c["seeds"] = .string(o.seeds.map(String.init).joined(separator: ","))
    c["initial"] = .int(o.initial)
    c["budget"] = .int(o.step)
    c["cycles"] = .int(o.cycles)
    c["epochs"] = .int(o.epochs)
    c["batch"] = .int(o.batch)
    // Floats printed as written (0.1, not 0.10000000149011612).
    c["lr"] = .double(Double("\(o.lr)") ?? 0)
    c["momentum"] = .double(Double("\(o.momentum)") ?? 0)
    c["wd"] = .double(Double("\(o.weightDecay)") ?? 0)
    c["lr_decay_frac"] = .double(o.lrDecayFraction)
    c["margin"] = .double(Double("\(o.margin)") ?? 0)
    c["lam"] = .double(Double("\(o.weight)") ?? 0)
    c["lpm_dim"] = .int(o.moduleWidth)
    c["detach_frac"] = .double(o.detachFraction)
    c["subset"] = .int(o.subset)
    c["test_frac"] = .double(o.testFraction)
    c["split_seed"] = .int(Int(o.splitSeed))
    c["warm_start"] = .bool(o.warmStart)
    c["threads"] = .int(o.threads)
    return c
  }

  /// One JSON line of `fields`, in order.
  static func line(_ fields: [(String, ResultJSON)]) -> String { ResultJSON.object(fields).text }
}
