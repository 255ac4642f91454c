import LLALTensor

/// Trains a target model (and optionally a loss prediction module with it) on
/// in-memory data: plain tensors `x [N, …]` and their targets `[N, …]`, for a task
/// (`ModelTask`; classification by default).
///
/// Each step computes the task's per-sample loss `l` of the batch; the loss is
/// `mean(l)`, plus `λ·moduleLoss(l̂, l)` when a loss module is attached (with `l`
/// detached, and the tapped features detached from `detachAfter` on). A module whose
/// target is the training dynamics (TiDAL) learns instead, by KL divergence, the running
/// mean of each training sample's softmax over the epochs (`TrainingDynamics`). The optimizer
/// covers the model's and the module's parameters; the schedule sets the learning rate
/// at the start of every epoch.
///
/// Batches follow a fresh permutation every epoch (`shuffle`); a final batch of a single
/// sample is skipped, as is any short final batch with `dropLast`.
///
/// A trainer runs its configuration's epochs once. On Ctrl-C (`Interrupt`) or a
/// cancelled token, `fit` throws `Interrupt.Stopped` before the next batch; `history`
/// keeps the completed epochs and a later `fit` resumes at the interrupted epoch.
///
/// A step whose loss is NaN or infinite throws `TrainingDiverged` (naming the epoch and
/// step) before its backward pass, so the weights keep their last finite values.
public final class Trainer {
  /// The target model.
  public let model: ModelGraph
  /// What the model learns: the per-sample loss and the shape of targets and output.
  public let task: any ModelTask
  /// The loss prediction module trained alongside, if any.
  public let lossModule: LossPredictionModule?
  /// How the module is trained.
  public let learningLoss: LearningLossConfig
  /// Epochs, batch size, optimizer, schedule and seed.
  public let config: TrainingConfig
  /// The optimizer over the model's and the module's parameters.
  public let optimizer: any Optimizer
  /// The epochs completed so far.
  public private(set) var history: [EpochSummary] = []

  /// Dropout's generator during training (the model's and the loss module's); reseeded at
  /// the start of every epoch.
  private var context: ForwardContext
  /// The batch `fit` is training (from 0), for the message of a loss that is not finite;
  /// taken by the step it starts.
  private var batchInEpoch: Int?
  /// The training dynamics of the samples `fit` trains on, when the module learns them.
  public private(set) var dynamics: TrainingDynamics?

  /// A trainer for `model` learning `task`, with `lossModule` (whose layout was resolved
  /// on `model` or a copy of it) if given. `fit` checks the model's output against the
  /// task and the targets.
  public init(
    model: ModelGraph, task: any ModelTask = ClassificationTask(),
    lossModule: LossPredictionModule? = nil, learningLoss: LearningLossConfig = .paper,
    config: TrainingConfig
  ) throws {
    try config.validate()
    self.model = model
    self.task = task
    self.lossModule = lossModule
    self.learningLoss = learningLoss
    self.config = config
    let params = model.parameters.map(\.tensor) + (lossModule?.parameters.map(\.tensor) ?? [])
    self.optimizer = try config.optimizer.make(parameters: params)
    context = ForwardContext(mode: .train, seed: Trainer.streamSeed(config.seed, epoch: 0, 2))
  }

  /// Trains a classifier for the remaining epochs on `x` with class ids `labels`; see
  /// `fit(x:targets:augment:cancellation:onEvent:)`.
  @discardableResult
  public func fit(
    x: Tensor, labels: [Int], augment: BatchTransform? = nil,
    cancellation: CancellationToken? = nil, onEvent: ((TrainingEvent) -> Void)? = nil
  ) throws -> [EpochSummary] {
    try fit(
      x: x, targets: Tensor(labels.map(Float.init)), augment: augment,
      cancellation: cancellation, onEvent: onEvent)
  }

  /// Trains for the remaining epochs on `x` with `targets` `[N, …]` (class ids as whole
  /// numbers for classification), calling `onEvent` after every step and epoch and
  /// polling `Interrupt` and `cancellation` before every batch. The task checks the
  /// model's output and the targets once, and computes its loss targets once.
  @discardableResult
  public func fit(
    x: Tensor, targets: Tensor, augment: BatchTransform? = nil,
    cancellation: CancellationToken? = nil, onEvent: ((TrainingEvent) -> Void)? = nil
  ) throws -> [EpochSummary] {
    let lossTargets = try prepare(x: x, targets: targets)
    let n = x.shape[0]
    if lossModule != nil, learningLoss.target == .trainingDynamics, dynamics == nil {
      dynamics = TrainingDynamics(count: n, classes: model.outputShape.first ?? 0)
    }
    let bs = config.batchSize
    // NOTE: a final batch of one sample is skipped even without `dropLast`: batch-norm
    // cannot normalise it in train mode and it forms no ranking pair.
    let steps = n / bs + (config.dropLast || n % bs < 2 ? 0 : 1)
    while history.count < config.epochs {
      let epoch = history.count
      let lr = config.schedule.learningRate(base: config.optimizer.learningRate, epoch: epoch)
      optimizer.learningRate = lr
      // Each epoch's shuffle, augmentation and dropout streams depend only on the seed
      // and the epoch, so a run resumed at an epoch boundary repeats an uninterrupted one.
      var shuffleGenerator = RandomGenerator(seed: Trainer.streamSeed(config.seed, epoch: epoch, 0))
      var augmentGenerator = RandomGenerator(seed: Trainer.streamSeed(config.seed, epoch: epoch, 1))
      context = ForwardContext(mode: .train, seed: Trainer.streamSeed(config.seed, epoch: epoch, 2))
      let order = config.shuffle ? shuffleGenerator.permutation(n) : Array(0..<n)
      var sums = (loss: 0.0, ce: 0.0, module: 0.0, correct: 0, seen: 0)
      for s in 0..<steps {
        try checkStop(cancellation, "epoch \(epoch + 1), batch \(s + 1)")
        batchInEpoch = s
        let idx = Array(order[(s * bs)..<min(n, (s + 1) * bs)])
        var xb = try x.indexSelect(axis: 0, indices: idx)
        if let augment { xb = try augment(xb, &augmentGenerator) }
        let r = try step(
          x: xb, lossTargets: try lossTargets.indexSelect(axis: 0, indices: idx), epoch: epoch,
          rows: idx)
        let b = Double(idx.count)
        sums.loss += Double(r.loss) * b
        sums.ce += Double(r.classificationLoss) * b
        sums.module += Double(r.moduleLoss ?? 0) * b
        sums.correct += r.correct ?? 0
        sums.seen += idx.count
        onEvent?(
          .step(
            StepProgress(
              epoch: epoch, epochs: config.epochs, step: s, steps: steps, loss: r.loss,
              classificationLoss: r.classificationLoss, moduleLoss: r.moduleLoss,
              learningRate: lr)))
      }
      let seen = Double(max(sums.seen, 1))
      let summary = EpochSummary(
        epoch: epoch, epochs: config.epochs, loss: sums.loss / seen,
        classificationLoss: sums.ce / seen,
        moduleLoss: lossModule == nil ? nil : sums.module / seen,
        accuracy: task.hasClassProbabilities ? Double(sums.correct) / seen : nil,
        learningRate: lr,
        detached: lossModule != nil && learningLoss.detaches(atEpoch: epoch))
      history.append(summary)
      onEvent?(.epoch(summary))
    }
    return history
  }

  /// The outcome of one step: its losses and how many samples the model got right.
  public struct StepResult: Sendable, Equatable {
    /// Mean task loss + λ·module loss.
    public let loss: Float
    /// The mean of the task's per-sample loss (cross-entropy for classification).
    public let classificationLoss: Float
    /// The module's unweighted loss, when there is a module.
    public let moduleLoss: Float?
    /// Samples whose largest logit is the label; nil unless the task has class
    /// probabilities.
    public let correct: Int?
  }

  /// One optimizer step of a classifier on the batch `x` with class ids `labels`; see
  /// `step(x:lossTargets:epoch:)`.
  @discardableResult
  public func step(x: Tensor, labels: [Int], epoch: Int) throws -> StepResult {
    try step(x: x, lossTargets: Tensor(labels.map(Float.init)), epoch: epoch)
  }

  /// One optimizer step on the batch `x` whose rows of the task's loss targets are
  /// `lossTargets`, as during epoch `epoch` (which decides whether the tapped features
  /// are detached). `rows` are the batch's positions in the training set, which a module
  /// learning the training dynamics needs (`fit` gives them). Does not touch the schedule.
  @discardableResult
  public func step(x: Tensor, lossTargets: Tensor, epoch: Int, rows: [Int]? = nil) throws
    -> StepResult
  {
    let taps = lossModule?.taps ?? []
    let r = try model.forward(x, context: context, taps: taps)
    let perSample = try task.perSampleLoss(output: r.output, lossTargets: lossTargets)
    let ce = try perSample.mean()
    var total = ce
    var moduleLoss: Tensor?
    if let lossModule {
      let features = learningLoss.detaches(atEpoch: epoch) ? r.taps.map { $0.detached() } : r.taps
      let predicted = try lossModule.forward(features, context: context)
      let m: Tensor
      switch learningLoss.target {
      case .loss: m = try learningLoss.moduleLoss(predicted: predicted, trueLosses: perSample)
      case .trainingDynamics:
        let p = try withoutGrad { try r.output.detached().softmax(axis: 1) }
        guard let rows, let means = try dynamics?.record(p, rows: rows) else {
          throw ModelError("the training-dynamics module needs the batch's rows of a fit")
        }
        m = try Losses.klDivergence(target: means, logits: predicted)
      }
      total = try ce + m * learningLoss.weight
      moduleLoss = m
    }
    let correct =
      task.hasClassProbabilities
      ? try withoutGrad {
        try countCorrect(logits: r.output, labels: lossTargets.scalars.map { Int($0) })
      } : nil
    optimizer.zeroGrad()
    try checkFinite(total, epoch: epoch)
    if total.requiresGrad { try total.backward() }
    try optimizer.step()
    return StepResult(
      loss: total.item ?? .nan, classificationLoss: ce.item ?? .nan,
      moduleLoss: moduleLoss.map { $0.item ?? .nan }, correct: correct)
  }

  /// Throws `TrainingDiverged` when the step's loss is NaN or infinite, before the
  /// backward pass would carry it into every weight.
  private func checkFinite(_ loss: Tensor, epoch: Int) throws {
    let batch = batchInEpoch
    batchInEpoch = nil
    guard let value = loss.item, !value.isFinite else { return }
    throw TrainingDiverged(
      loss: value, epoch: epoch, step: batch, learningRate: optimizer.learningRate)
  }

  /// The seed of random stream `stream` (0 shuffle, 1 augmentation, 2 dropout) in `epoch`.
  static func streamSeed(_ seed: UInt64, epoch: Int, _ stream: UInt64) -> UInt64 {
    seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15) ^ ((stream + 1) &* 0xD1B5_4A32_D192_ED03)
  }

  /// Checks the data against the model and the task; returns the task's loss targets.
  private func prepare(x: Tensor, targets: Tensor) throws -> Tensor {
    try checkTargets(model, x: x, targets: targets, task: task, "training")
    return try task.lossTargets(targets, input: model.inputShape)
  }
}

/// Throws unless `x` and `targets` have one row per sample each and `task` accepts the
/// model's output with these targets; for classification, also when a class id is
/// outside the model's classes. `what` names the phase (`training`, `evaluation`).
func checkTargets(
  _ model: ModelGraph, x: Tensor, targets: Tensor, task: any ModelTask, _ what: String
) throws {
  guard x.rank >= 1, targets.rank >= 1, x.shape[0] == targets.shape[0] else {
    throw ModelError(
      "\(what) data \(describeShape(x.shape)) and targets \(describeShape(targets.shape)) "
        + "do not match")
  }
  do {
    try task.check(
      input: Array(x.shape.dropFirst()), output: model.outputShape,
      target: Array(targets.shape.dropFirst()))
  } catch let e as TaskError {
    throw ModelError(node: model.nodes[model.output.index].name, e.reason)
  }
  if task.hasClassProbabilities {
    try checkLabels(targets.scalars.map { Int($0) }, classes: model.outputShape[0])
  }
}

/// Throws when a label is outside `0..<classes`, naming the first such label.
func checkLabels(_ labels: [Int], classes: Int) throws {
  if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
    throw ModelError(
      "label \(labels[i]) at index \(i) is out of range for a model with \(classes) classes")
  }
}

/// How many rows of `logits` `[N, K]` have their largest value at the label.
func countCorrect(logits: Tensor, labels: [Int]) throws -> Int {
  try logits.argmax(axis: 1).withUnsafeBuffer { p in
    var correct = 0
    for (i, y) in labels.enumerated() where Int(p[i]) == y { correct += 1 }
    return correct
  }
}
