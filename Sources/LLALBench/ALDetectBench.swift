import Foundation
import LLALActive
import LLALData
import LLALNN
import LLALTensor

/// `llal bench al-detect --data DIR`: the active-learning protocol of the PyTorch peer
/// `shared/peers/al_detect.py` on the synthetic detection files of `DIR` (`train_x.npy`,
/// `train_y.npy` [N, 3, 5], `test_x.npy`, `test_y.npy`), printing the same JSON lines
/// (`al_detect` per strategy, seed and cycle; `al_detect_summary` per strategy; then
/// `al_detect_total`) and the peer's markdown tables on standard error.
///
/// Images are read by `Datasets.detection` (uint8 as x/255); the peer's SSD-lite (`ReferenceModels.ssdLite`, 544
/// anchors) is trained from scratch every cycle with SGD on the multibox loss
/// (`DetectTask`) and scored by mAP@0.5.
public enum ALDetectBench {
  /// The protocol's settings; the defaults are the peer script's.
  public struct Settings: PeerTrainingSettings, Sendable {
    /// The folder holding the four `.npy` files.
    public var data: String
    /// Strategies by name: random, entropy, core_set, learning_loss.
    public var strategies = strategyNames
    /// One run per strategy per seed.
    public var seeds = [0, 1, 2]
    /// Initial random labels, labels added per cycle, cycles.
    public var initial = 200, step = 200, cycles = 5
    /// Epochs per cycle and batch size.
    public var epochs = 10, batch = 32
    /// SGD's learning rate, momentum and weight decay.
    public var lr: Float = 0.01, momentum: Float = 0.9, weightDecay: Float = 5e-4
    /// The learning rate is multiplied by 0.1 from this fraction of the epochs on (0 = off).
    public var lrDecayFraction = 0.8
    /// The ranking loss's margin and weight (λ).
    public var margin: Float = 1, weight: Float = 1
    /// The loss module's hidden width per tap.
    public var moduleWidth = 128
    /// The module's gradient into the model stops from this fraction of the epochs on.
    public var detachFraction = 0.6
    /// Candidates scored per query (0 = the whole unlabeled pool).
    public var subset = 0
    /// Engine threads.
    public var threads = 1

    /// The peer's defaults on the files of `data`.
    public init(data: String) { self.data = data }
  }

  /// The strategies the peer runs.
  static let strategyNames = ["random", "entropy", "core_set", "learning_loss"]

  /// Runs the protocol at the first of `options.threads` on `options.data`, with the
  /// protocol flags of `options` in place of the peer's defaults; `--quick` runs one seed
  /// for three cycles of ten epochs.
  public static func run(_ options: BenchOptions, emit: (String) -> Void) throws {
    var settings = Settings(data: options.data ?? "")
    settings.threads = options.threads.first ?? 1
    options.adjust(&settings)
    try run(settings, emit: emit)
  }

  /// Runs the protocol, handing JSON lines to `emit` and writing the peer's tables to
  /// standard error; returns the result.
  @discardableResult
  public static func run(_ options: Settings, emit: (String) -> Void) throws -> ExperimentResult {
    try options.withThreads { try runAtThreads(options, emit: emit) }
  }

  private static func runAtThreads(_ options: Settings, emit: (String) -> Void) throws
    -> ExperimentResult
  {
    // uint8 images are read as x/255, as the peer reads them.
    let (pool, test) = try Datasets.detection(directory: options.data)
    let input = Array(pool.x.shape.dropFirst())
    guard input.count == 3, pool.targetShape.count == 2, pool.targetShape[1] == 5 else {
      throw FieldError(
        "--data",
        "al-detect needs images [N, C, H, W] and boxes [N, M, 5]; \(options.data) holds "
          + "samples \(describeShape(pool.x.shape)) with targets "
          + describeShape(pool.targetShape))
    }
    let built = try ReferenceModels.ssdLite(classes: 3, inputShape: input)
    let (anchors, classes) = try Anchors.of(built.graph)
    let task = try DetectTask(anchors: anchors, classes: classes)
    let taps = try LossModuleLayout(
      model: built.graph, taps: built.taps, options: LossModuleOptions(width: options.moduleWidth))
    let strategies = try options.strategies.map { try strategy($0, taps: taps, options) }
    let budget = try options.budget()
    let experiment = try Experiment(
      model: built.graph, task: task, pool: pool, test: test, strategies: strategies,
      budget: budget, training: CycleTraining(trainingConfig(options)), seeds: options.seeds)

    var meta = JSONLine()
    meta["bench"] = .string("al_detect")
    meta["meta"] = .object(EngineBench.machine())
    meta["config"] = .object(config(options))
    meta["pool"] = .int(pool.count)
    meta["test"] = .int(test.count)
    meta["anchors"] = .int(anchors.count)
    emit(meta.text)
    let (result, summaries, wall) = try PeerProtocolRun.run(
      experiment, bench: "al_detect", summary: ALDetectSummary.self, emit: emit
    ) { session in ALDetectRow(record: try session.step()) }
    let table =
      ALDetectSummary.markdown(summaries) + "\ntotal wall time \(String(format: "%.1f", wall)) s\n"
    fflush(stdout)
    FileHandle.standardError.write(Data(("\n" + table).utf8))
    return result
  }

  /// The strategy called `name` in the peer script.
  static func strategy(_ name: String, taps: LossModuleLayout, _ o: Settings) throws
    -> any QueryStrategy
  {
    switch name {
    case "random": return RandomStrategy()
    // The largest anchor entropy of each image (`DetectTask.sampleEntropy`).
    case "entropy": return EntropyStrategy()
    // k-center greedy on the global-average-pooled map B (`t3`), as the peer.
    case "core_set": return CoreSetStrategy(node: "t3")
    case "learning_loss": return try o.learningLoss(taps)
    default:
      throw ActiveLearningError(
        "al-detect", "unknown strategy '\(name)' (\(strategyNames.joined(separator: ", ")))")
    }
  }

  /// SGD with the step decay at `lrDecayFraction` of the epochs, as the peer trains.
  static func trainingConfig(_ o: Settings) -> TrainingConfig {
    o.training(.sgd(lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay))
  }

  /// The settings under the peer script's option names.
  static func config(_ o: Settings) -> JSONLine {
    var c = JSONLine()
    c["data"] = .string(o.data)
    c["strategies"] = .string(o.strategies.joined(separator: ","))
    c["seeds"] = .string(o.seeds.map(String.init).joined(separator: ","))
    c["initial"] = .int(o.initial)
    c["budget"] = .int(o.step)
    c["cycles"] = .int(o.cycles)
    c["epochs"] = .int(o.epochs)
    c["batch"] = .int(o.batch)
    c["optim"] = .string("sgd")
    c["lr"] = .double(Double("\(o.lr)") ?? 0)
    c["momentum"] = .double(Double("\(o.momentum)") ?? 0)
    c["wd"] = .double(Double("\(o.weightDecay)") ?? 0)
    c["lr_decay_frac"] = .double(o.lrDecayFraction)
    c["margin"] = .double(Double("\(o.margin)") ?? 0)
    c["lam"] = .double(Double("\(o.weight)") ?? 0)
    c["lpm_dim"] = .int(o.moduleWidth)
    c["detach_frac"] = .double(o.detachFraction)
    c["subset"] = .int(o.subset)
    c["threads"] = .int(o.threads)
    return c
  }
}
