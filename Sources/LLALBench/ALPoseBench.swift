import Foundation
import LLALActive
import LLALData
import LLALNN
import LLALTensor

/// `llal bench al-pose --data DIR`: the active-learning protocol of the PyTorch peer
/// `shared/peers/al_pose.py` on the synthetic "arms" pose files of `DIR` (`train_x.npy`,
/// `train_y.npy`, `test_x.npy`, `test_y.npy`), printing the same JSON lines (`al_pose`
/// per strategy, seed and cycle; `al_pose_summary` per strategy; then `al_pose_total`)
/// and the peer's markdown tables on standard error.
///
/// Images are scaled by 1/255, the joints rendered as 16×16 Gaussian heatmaps (σ 1) and
/// scored by PCK within 3 image pixels (`HeatmapTask`), on the peer's hourglass-lite
/// (`ReferenceModels.hourglassLite`), trained from scratch every cycle with Adam.
public enum ALPoseBench {
  /// The protocol's settings; the defaults are the peer script's.
  public struct Settings: PeerTrainingSettings, Sendable {
    /// The folder holding the four `.npy` files.
    public var data: String
    /// Strategies by name: random, core_set, learning_loss.
    public var strategies = ["random", "core_set", "learning_loss"]
    /// One run per strategy per seed.
    public var seeds = [0, 1, 2]
    /// Initial random labels.
    public var initial = 100
    /// Labels added per cycle.
    public var step = 100
    /// Cycles.
    public var cycles = 6
    /// Epochs per cycle.
    public var epochs = 25
    /// Batch size.
    public var batch = 32
    /// Adam's learning rate and (L2, in the gradient) weight decay.
    public var lr: Float = 1e-3, weightDecay: Float = 0
    /// The learning rate is multiplied by 0.1 from this fraction of the epochs on (0 = off).
    public var lrDecayFraction = 0.8
    /// The heatmaps' σ (heatmap pixels) and the PCK threshold (image pixels).
    public var sigma: Float = 1, pckThreshold = 3.0
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
  static let strategyNames = ["random", "core_set", "learning_loss"]

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
    let (rawPool, rawTest) = try Datasets.npyPair(directory: options.data)
    // The peer reads uint8 images and divides by 255.
    let pool = try rawPool.replacingSamples(try rawPool.x / 255)
    let test = try rawTest.replacingSamples(try rawTest.x / 255)
    let input = Array(pool.x.shape.dropFirst())
    guard input.count == 3, let joints = pool.targetShape.first else {
      throw FieldError(
        "--data",
        "al-pose needs images [N, C, H, W] and joints [N, K, 2]; \(options.data) holds "
          + "samples \(describeShape(pool.x.shape)) with targets "
          + describeShape(pool.targetShape))
    }
    let built = try ReferenceModels.hourglassLite(joints: joints, inputShape: input)
    let task = try HeatmapTask(size: input[2] / 2, sigma: options.sigma, pck: options.pckThreshold)
    let taps = try LossModuleLayout(
      model: built.graph, taps: built.taps, options: LossModuleOptions(width: options.moduleWidth))
    let strategies = try options.strategies.map { try strategy($0, taps: taps, options) }
    let budget = try options.budget()
    // Checks the model, task, data and strategies together before anything runs.
    let experiment = try Experiment(
      model: built.graph, task: task, pool: pool, test: test, strategies: strategies,
      budget: budget, training: CycleTraining(trainingConfig(options)), seeds: options.seeds)

    var meta = JSONLine()
    meta["bench"] = .string("al_pose")
    meta["meta"] = .object(EngineBench.machine())
    meta["config"] = .object(config(options))
    meta["pool"] = .int(pool.count)
    meta["test"] = .int(test.count)
    emit(meta.text)
    let (result, summaries, wall) = try PeerProtocolRun.run(
      experiment, bench: "al_pose", summary: ALPoseSummary.self, emit: emit
    ) { session in
      let unlabeled = session.pool.unlabeled
      let record = try session.step()
      let peakStart = ContinuousClock.now
      let peak = try peakRankingAccuracy(session, unlabeled)
      return ALPoseRow(
        record: record, peakRankingAccuracy: peak,
        extraSeconds: ProcessTime.seconds(since: peakStart))
    }
    let table =
      ALPoseSummary.markdown(summaries, threshold: options.pckThreshold)
      + "\ntotal wall time \(String(format: "%.1f", wall)) s\n"
    fflush(stdout)  // the JSON lines first, when both streams go to one place
    FileHandle.standardError.write(Data(("\n" + table).utf8))
    return result
  }

  /// The ranking accuracy, against the true per-sample loss on the pool points
  /// `unlabeled`, of the training-free score "minus the mean over joints of the heatmap
  /// maximum" (the peer's `rank_acc_peak`), from the trained model in eval mode. The
  /// outputs are those of the session's own measuring pass over `unlabeled`, as the peer
  /// takes the score from its one pass over the pool; nil when there was none.
  static func peakRankingAccuracy(_ session: ActiveLearningSession, _ unlabeled: [Int]) throws
    -> Double?
  {
    guard !unlabeled.isEmpty, let last = session.lastPoolOutputs, last.points == unlabeled,
      last.outputs.rank == 4
    else { return nil }
    let outputs = last.outputs
    let truth = try session.learner.trueLosses(unlabeled, outputs: outputs)
    let (n, k) = (outputs.shape[0], outputs.shape[1])
    let cells = outputs.shape[2] * outputs.shape[3]
    let maps = outputs.scalars
    let scores = (0..<n).map { i -> Float in
      var sum: Float = 0
      for j in 0..<k {
        let base = (i * k + j) * cells
        sum += maps[base..<base + cells].max() ?? 0
      }
      return -sum / Float(k)
    }
    return try RankingAgreement(scores: scores, truth: truth).rankingAccuracy
  }

  /// The strategy called `name` in the peer script.
  static func strategy(_ name: String, taps: LossModuleLayout, _ o: Settings) throws
    -> any QueryStrategy
  {
    switch name {
    case "random": return RandomStrategy()
    // k-center greedy on the global-average-pooled `t2` features, as the peer.
    case "core_set": return CoreSetStrategy(node: "t2")
    case "learning_loss": return try o.learningLoss(taps)
    default:
      throw ActiveLearningError(
        "al-pose", "unknown strategy '\(name)' (\(strategyNames.joined(separator: ", ")))")
    }
  }

  /// Adam with the step decay at `lrDecayFraction` of the epochs, as the peer trains.
  static func trainingConfig(_ o: Settings) -> TrainingConfig {
    o.training(.adam(lr: o.lr, weightDecay: o.weightDecay))
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
    // Floats printed as written (0.001, not 0.0010000000474974513).
    c["lr"] = .double(Double("\(o.lr)") ?? 0)
    c["wd"] = .double(Double("\(o.weightDecay)") ?? 0)
    c["lr_decay_frac"] = .double(o.lrDecayFraction)
    c["sigma"] = .double(Double("\(o.sigma)") ?? 0)
    c["pck_thresh"] = .double(o.pckThreshold)
    c["margin"] = .double(Double("\(o.margin)") ?? 0)
    c["lam"] = .double(Double("\(o.weight)") ?? 0)
    c["lpm_dim"] = .int(o.moduleWidth)
    c["detach_frac"] = .double(o.detachFraction)
    c["subset"] = .int(o.subset)
    c["threads"] = .int(o.threads)
    return c
  }
}
