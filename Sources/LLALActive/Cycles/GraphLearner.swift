import LLALData
import LLALNN
import LLALTensor

/// The active learner over the NN layer: a model graph (and a loss prediction module when
/// the strategy needs one) trained on the labeled part of a pool dataset.
///
/// Inference runs the graph in eval mode over pool points in batches and collects, in one
/// pass, whatever a `InferenceRequest` asks: logits, node features (rank-4 outputs
/// averaged over space), the last linear layer's input, and the module's predictions.
public final class GraphLearner: ActiveLearner {
  /// The target model; trained in place.
  public let model: ModelGraph
  /// What the model learns: its per-sample loss, metrics and targets.
  public let task: any ModelTask
  /// The loss prediction module trained with it, if any.
  public let lossModule: LossPredictionModule?
  /// How the module is trained.
  public let learningLoss: LearningLossConfig
  /// The pool: every point's input and (hidden until labeled) target.
  public let pool: Dataset
  /// The training loop's settings; each call to `train` replaces the seed.
  public let training: TrainingConfig
  /// What is done to every training batch (crops, flips), if anything.
  public let augmentation: Augmentation?
  /// Points per inference batch.
  public let inferenceBatchSize: Int
  /// The task's loss targets of every pool point (computed once).
  private let lossTargets: Tensor
  /// Class ids given by an annotator, by pool index; they replace the pool's labels in
  /// training (the pool's own stay the truth the ranking measures use).
  public private(set) var givenLabels: [Int: Int] = [:]
  /// Whether each training keeps a copy of the trained model, so that the next cycle can
  /// compare with it (TOD).
  public let keepsPreviousModel: Bool
  /// The model as the last training left it, when previous models are kept.
  private var lastTrained: ModelGraph?
  /// The model as the training before the last left it: the previous cycle's model.
  public private(set) var previousModel: ModelGraph?

  /// A learner training `model` for `task` on `pool` (its batches augmented when
  /// `augmentation` is given), with a loss module as `module` requests. The model's input
  /// must be the pool's sample shape (else an error about `GraphLearner.pool`), its output
  /// what the task needs for the pool's targets (`GraphLearner.model`), and the module's
  /// taps its nodes (`LossModuleLayout`). With `keepsPreviousModel`, every training
  /// keeps a copy of the trained model (parameters and buffers) until the one after it,
  /// so two extra copies of the model live beside it.
  public init(
    model: ModelGraph, task: any ModelTask = ClassificationTask(), pool: Dataset,
    training: TrainingConfig, augmentation: Augmentation? = nil,
    lossModule module: LossModuleRequest? = nil, inferenceBatchSize: Int = 256,
    keepsPreviousModel: Bool = false
  ) throws {
    try ModelFit.checkSamples(of: pool, model: model, field: "GraphLearner.pool")
    try ModelFit.checkTask(task, model: model, data: pool, field: "GraphLearner.model")
    // Crops and flips move the image but not the keypoints drawn on it.
    if augmentation != nil, task is HeatmapTask {
      throw FieldError(
        "GraphLearner.augmentation",
        "cannot augment for task heatmaps: crops and flips would move the images but not "
          + "their keypoints")
    }
    // Nor the boxes of a detection pool, whatever the task.
    if augmentation != nil, pool.boxes != nil {
      throw FieldError(
        "GraphLearner.augmentation",
        "cannot augment a detection pool: crops and flips would move the images but not "
          + "their boxes")
    }
    guard inferenceBatchSize > 0 else {
      throw ActiveLearningError(
        "learner", "the inference batch size must be positive, got \(inferenceBatchSize)")
    }
    if let module {
      try module.layout.check(fits: model)
      lossModule = try LossPredictionModule(layout: module.layout, seed: model.seed)
    } else {
      lossModule = nil
    }
    self.model = model
    self.task = task
    self.lossTargets = try task.lossTargets(pool.targetTensor, input: pool.sampleShape)
    self.learningLoss = module?.training ?? .paper
    self.pool = pool
    self.training = training
    self.augmentation = augmentation
    self.inferenceBatchSize = inferenceBatchSize
    self.keepsPreviousModel = keepsPreviousModel
  }

  /// Whether a loss module is trained with the model.
  public var hasLossModule: Bool { lossModule != nil }
  /// The number of pool points.
  public var poolSize: Int { pool.count }

  /// The task's per-sample loss of the pool points `indices` whose model outputs are
  /// `outputs` `[M, …]`.
  public func trueLosses(_ indices: [Int], outputs: Tensor) throws -> [Float] {
    try withoutGrad {
      try task.perSampleLoss(
        output: outputs, lossTargets: try lossTargets.indexSelect(axis: 0, indices: indices)
      ).scalars
    }
  }

  /// The pool's class count when its targets are class ids.
  public var labelClassCount: Int? {
    if case .classes = pool.targets { return pool.classCount }
    return nil
  }

  /// Records an annotator's class ids for training. Only class labels can be given, each
  /// a class of the pool (`GraphLearner.labels`).
  public func give(labels: [Int: Int]) throws {
    guard case .classes = pool.targets else {
      throw FieldError(
        "GraphLearner.labels", "can only be class ids, but the pool's targets are tensors")
    }
    for (i, y) in labels {
      guard i >= 0, i < pool.count else {
        throw FieldError(
          "GraphLearner.labels", "index \(i) is outside the pool of \(pool.count) points")
      }
      guard y >= 0, y < pool.classCount else {
        throw FieldError(
          "GraphLearner.labels",
          "class \(y) of index \(i) is not one of the pool's \(pool.classCount)")
      }
    }
    givenLabels.merge(labels) { _, new in new }
  }

  /// Draws the model's (and module's) weights again from `seed`.
  public func reinitialize(seed: UInt64) throws {
    try model.initialize(seed: seed)
    try lossModule?.initialize(seed: seed)
  }

  /// Trains for the configured epochs on `labeled`, with a fresh optimizer; the
  /// augmentation draws from the training loop's augmentation stream of `seed`.
  public func train(
    on labeled: [Int], seed: UInt64, cancellation: CancellationToken?,
    onEvent: ((TrainingEvent) -> Void)?
  ) throws -> Double {
    var data = try pool.subset(labeled)
    if !givenLabels.isEmpty {
      let y = labeled.enumerated().map { givenLabels[$0.element] ?? data.y[$0.offset] }
      data = try Dataset(x: data.x, y: y, classCount: pool.classCount, classNames: pool.classNames)
    }
    var config = training
    config.seed = seed
    let trainer = try Trainer(
      model: model, task: task, lossModule: lossModule, learningLoss: learningLoss,
      config: config)
    let augment: BatchTransform? = augmentation.map { a in
      { batch, generator in try a.apply(to: batch, generator: &generator) }
    }
    var last = Float.nan
    try trainer.fit(
      x: data.x, targets: data.targetTensor, augment: augment, cancellation: cancellation
    ) {
      event in
      if case .step(let s) = event { last = s.loss }
      onEvent?(event)
    }
    if keepsPreviousModel {
      previousModel = lastTrained
      lastTrained = try model.copy()
    }
    return Double(last)
  }

  /// The task's metrics and mean per-sample loss on `data`, in eval mode.
  public func evaluate(on data: Dataset, cancellation: CancellationToken?) throws
    -> Evaluation
  {
    try model.evaluate(
      data.x, targets: data.targetTensor, task: task, batchSize: inferenceBatchSize,
      cancellation: cancellation)
  }

  /// One eval-mode pass over the pool points `indices`.
  public func infer(_ indices: [Int], _ request: InferenceRequest) throws -> QueryInference {
    try Self.infer(
      model, lossModule: request.predictedLoss ? lossModule : nil, pool: pool, indices: indices,
      request: request, batchSize: inferenceBatchSize, context: ForwardContext(mode: .eval))
  }

  /// The outputs of `passes` forward passes in Monte-Carlo dropout mode: dropout active,
  /// every other layer as in eval mode (batch-norm's running statistics are used and left
  /// alone).
  public func dropoutLogits(_ indices: [Int], passes: Int, seed: UInt64) throws -> [Tensor] {
    try (0..<passes).map { t in
      // Pass t's masks come from its own stream of the seed.
      let context = ForwardContext(
        mode: .monteCarloDropout, seed: seed ^ (UInt64(t + 1) &* 0xD1B5_4A32_D192_ED03))
      let result = try Self.infer(
        model, lossModule: nil, pool: pool, indices: indices,
        request: InferenceRequest(logits: true), batchSize: inferenceBatchSize, context: context)
      guard let logits = result.logits else {
        throw ActiveLearningError("dropout", "the dropout pass returned no outputs")
      }
      return logits
    }
  }

  /// The outputs of the previous cycle's model over the pool points `indices`, in eval
  /// mode; nil before a second training or when previous models are not kept.
  public func previousLogits(_ indices: [Int]) throws -> Tensor? {
    guard let previousModel else { return nil }
    return try Self.infer(
      previousModel, lossModule: nil, pool: pool, indices: indices,
      request: InferenceRequest(logits: true), batchSize: inferenceBatchSize,
      context: ForwardContext(mode: .eval)
    ).logits
  }

  /// Checks, before anything runs, that `model` can give what `strategy` asks of an
  /// inference pass: each named node's features, and for the last linear layer's input
  /// (BADGE, diversify without a node) a model that ends in a linear layer. A failure is
  /// a `FieldError` about `field`.
  ///
  /// A strategy that scores class probabilities (entropy, margin, least confidence, BALD,
  /// BADGE) needs a task that has them: `entropy() needs class probabilities; task
  /// heatmaps gives heatmaps`.
  public static func check(
    _ strategy: any QueryStrategy, fits model: ModelGraph,
    task: any ModelTask = ClassificationTask(), field: String
  ) throws {
    if let scorer = strategy.probabilityScorer {
      do {
        try task.requireClassProbabilities(for: scorer + "()")
      } catch let e as TaskError {
        throw FieldError(field, e.reason)
      }
    }
    let request = strategy.requirements
    for name in request.nodes.sorted() where !model.nodes.contains(where: { $0.name == name }) {
      throw FieldError(
        field,
        "\(strategy.name) reads the features of '\(name)', which this build of \(model.name) "
          + "does not have")
    }
    if request.embedding { _ = try embeddingNode(model, for: strategy.name, field: field) }
  }

  /// The node whose output the model's last linear layer reads (BADGE's `h`); a model
  /// that does not end in a linear layer is an error about `field`.
  private static func embeddingNode(
    _ model: ModelGraph, for strategy: String = "the query", field: String = "GraphLearner.model"
  ) throws -> NodeID {
    let out = try model.node(model.output)
    guard out.layer is Linear, let input = out.inputs.first else {
      throw FieldError(
        field,
        "\(strategy) needs the input of a last linear layer, but \(model.name) ends in "
          + "\(out.layerDescription); give it features: a node of \(model.name)")
    }
    return input
  }

  /// The batched pass behind `infer`, `dropoutLogits` and `predict`, over the points
  /// `indices` of `pool`.
  static func infer(
    _ model: ModelGraph, lossModule: LossPredictionModule?, pool: Dataset, indices: [Int],
    request: InferenceRequest, batchSize: Int, context: ForwardContext
  ) throws -> QueryInference {
    let nodeNames = request.nodes.sorted()
    var taps = try nodeNames.map(model.id(named:))
    if request.embedding { taps.append(try embeddingNode(model)) }
    let moduleStart = taps.count
    if let lossModule { taps += lossModule.taps }
    let featureCount = nodeNames.count + (request.embedding ? 1 : 0)

    var logits: [Float] = [], predicted: [Float] = [], inputs: [Float] = []
    var tapWeights: [Float] = []
    var features = [[Float]](repeating: [], count: featureCount)
    var widths = [Int](repeating: 0, count: featureCount)
    var start = 0
    // NOTE: room for every output up front, appended from the tensors' buffers: the pool
    // outputs of a detector are tens of MB, whose growth copies and page faults the
    // profile of al-detect showed at about 1% of a cycle.
    if request.logits { logits.reserveCapacity(indices.count * model.outputShape.reduce(1, *)) }
    try withoutGrad {
      while start < indices.count {
        let end = min(indices.count, start + batchSize)
        let xb = try pool.subset(Array(indices[start..<end])).x
        if request.inputs { inputs += xb.scalars }
        // Inputs alone need no forward pass.
        if request.logits || !taps.isEmpty {
          let r = try model.forward(xb, context: context, taps: taps)
          if request.logits { r.output.withUnsafeBuffer { logits.append(contentsOf: $0) } }
          for k in 0..<featureCount {
            widths[k] = Self.appendPooled(r.taps[k], to: &features[k])
          }
          if let lossModule {
            let p = try lossModule.predictions(Array(r.taps[moduleStart...]))
            predicted += p.losses.scalars
            if let w = p.tapWeights { tapWeights += w.scalars }
          }
        }
        start = end
      }
    }
    let n = indices.count
    var result = QueryInference(count: n)
    if request.logits { result.logits = try Tensor(shape: [n] + model.outputShape, logits) }
    if let lossModule, lossModule.layout.outputs > 1 {
      result.moduleOutputs = try Tensor(shape: [n, lossModule.layout.outputs], predicted)
    } else if let lossModule {
      result.predictedLoss = try Tensor(shape: [n], predicted)
      if lossModule.options.fusion == .attention {
        result.tapWeights = try Tensor(shape: [n, lossModule.taps.count], tapWeights)
      }
    }
    if request.inputs {
      result.inputs = try Tensor(shape: [n, pool.sampleShape.reduce(1, *)], inputs)
    }
    for (k, name) in nodeNames.enumerated() {
      result.nodes[name] = try Tensor(shape: [n, widths[k]], features[k])
    }
    if request.embedding {
      result.embedding = try Tensor(
        shape: [n, widths[featureCount - 1]], features[featureCount - 1])
    }
    return result
  }

  /// Appends the rows of `t` `[B, …]` to `out` as feature vectors — averaged over space
  /// for `[B, C, H, W]`, flattened otherwise — and returns the vector length.
  private static func appendPooled(_ t: Tensor, to out: inout [Float]) -> Int {
    let b = t.shape.first ?? 0
    guard b > 0 else { return t.rank == 4 ? t.shape[1] : t.shape.dropFirst().reduce(1, *) }
    let x = t.storage.base
    if t.rank == 4 {
      let c = t.shape[1], area = t.shape[2] * t.shape[3]
      out.reserveCapacity(out.count + b * c)
      for i in 0..<b * c {
        var s: Float = 0
        for k in 0..<area { s += x[i * area + k] }
        out.append(area > 0 ? s / Float(area) : 0)
      }
      return c
    }
    out += UnsafeBufferPointer(start: x, count: t.count)
    return t.count / b
  }
}
