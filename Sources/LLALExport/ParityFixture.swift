import Foundation
import LLALActive
import LLALData
import LLALNN
import LLALTensor

/// What the PyTorch parity tests (Tests/torch) compare the exported project against:
/// llal's own numbers for the experiment's model, loss module and strategies on a batch
/// of its pool, written as safetensors under `parity/`.
///
/// - `initial`: the weights drawn from seed 0 (running statistics 0 and 1);
/// - `batch`: the first `batch` pool samples and their targets;
/// - `train`: one train-mode forward of `initial` on the batch (the output, every node's
///   value) and the weights after it (running statistics updated), the start of the rest;
/// - `eval`: eval-mode output, every node, per-sample losses and the loss module's
///   predictions;
/// - `sgd`, `adam`: the weights after one `Trainer.step` (with the loss module and its
///   ranking loss, epoch 0) from `train`'s weights;
/// - `query`: on the first `poolSize` pool points with the first 20 labeled, each
///   strategy's picks and scores.
///
/// A model with dropout draws masks from llal's generator, which PyTorch cannot repeat:
/// its fixture has no train-mode or step files (the tests say so).
public struct ParityFixture {
  /// The experiment whose parts are measured.
  let experiment: Experiment
  /// Samples in the batch.
  let batch: Int
  /// Points of the pool the strategies query from.
  let poolSize: Int

  /// A fixture of `experiment` on a batch of `batch` samples and `poolSize` pool points.
  public init(_ experiment: Experiment, batch: Int = 16, poolSize: Int = 200) {
    self.experiment = experiment
    self.batch = min(batch, experiment.pool.count) / 2 * 2
    self.poolSize = min(poolSize, experiment.pool.count)
  }

  /// Writes the files into `folder` (which must exist).
  public func write(to folder: String) throws {
    let e = experiment
    let request = try StrategyPython.lossModule(e.strategies)
    let model = try e.model.copy()
    try model.initialize(seed: 0)
    let module = try request.map { try LossPredictionModule(layout: $0.layout, seed: 0) }
    let file = { (name: String) in (folder as NSString).appendingPathComponent(name + ".safetensors") }
    let save = { (name: String) in try Checkpoint.save(model: model, lossModule: module, to: file(name)) }
    let rows = Array(0..<batch)
    let x = try e.pool.x.indexSelect(axis: 0, indices: rows)
    let targets = try e.pool.targetTensor.indexSelect(axis: 0, indices: rows)
    try SafeTensors.write([NamedTensor("x", x), NamedTensor("targets", targets)], to: file("batch"))
    try save("initial")
    let nodes = model.nodes.map(\.id)
    let hasDropout = model.nodes.contains { $0.layer is Dropout }
    if !hasDropout {
      let r = try model.forward(x, mode: .train, taps: nodes)
      try SafeTensors.write(
        [NamedTensor("output", r.output)] + zip(model.nodes, r.taps).map {
          NamedTensor("node." + $0.name, $1)
        }, to: file("train_forward"))
    }
    try save("train")
    try writeEval(model, module, x: x, targets: targets, to: file("eval"))
    if !hasDropout {
      for (name, optimizer) in [("sgd", sgd), ("adam", adam)] {
        try Checkpoint.load(into: model, lossModule: module, from: file("train"))
        let config = TrainingConfig(epochs: 1, batchSize: batch, optimizer: optimizer)
        let trainer = try Trainer(
          model: model, task: e.task, lossModule: module,
          learningLoss: request?.training ?? .paper, config: config)
        let lossTargets = try e.task.lossTargets(targets, input: model.inputShape)
        try trainer.step(x: x, lossTargets: lossTargets, epoch: 0)
        try save(name)
      }
    }
    try Checkpoint.load(into: model, lossModule: module, from: file("train"))
    try writeQueries(model, request: request, from: file("train"), to: file("query"))
  }

  /// The experiment's SGD settings, or momentum 0.9 and decay 5e-4 when it uses Adam.
  private var sgd: OptimizerConfig {
    if case .sgd = experiment.training.config.optimizer { return experiment.training.config.optimizer }
    return .sgd(lr: 0.1, momentum: 0.9, weightDecay: 5e-4)
  }

  /// The experiment's Adam settings, or Adam with rate 1e-3 and decay 5e-4 when it uses SGD.
  private var adam: OptimizerConfig {
    if case .sgd = experiment.training.config.optimizer {
      return .adam(lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 5e-4)
    }
    return experiment.training.config.optimizer
  }

  private func writeEval(
    _ model: ModelGraph, _ module: LossPredictionModule?, x: Tensor, targets: Tensor,
    to path: String
  ) throws {
    let r = try model.forward(x, mode: .eval, taps: model.nodes.map(\.id))
    let lossTargets = try experiment.task.lossTargets(targets, input: model.inputShape)
    var out = [
      NamedTensor("output", r.output),
      NamedTensor("loss", try experiment.task.perSampleLoss(output: r.output, lossTargets: lossTargets)),
    ]
    out += zip(model.nodes, r.taps).map { NamedTensor("node." + $0.name, $1) }
    if let module {
      let features = module.taps.map { r.taps[$0.index] }
      out.append(NamedTensor("predicted_loss", try withoutGrad { try module.forward(features) }))
    }
    try SafeTensors.write(out, to: path)
  }

  /// Each strategy's picks from the first `poolSize` pool points with 20 labeled.
  private func writeQueries(
    _ model: ModelGraph, request: LossModuleRequest?, from weights: String, to path: String
  ) throws {
    let e = experiment
    let points = Array(0..<poolSize)
    let pool = try e.pool.subset(points)
    let learner = try GraphLearner(
      model: model, task: e.task, pool: pool, training: e.training.config, lossModule: request)
    try Checkpoint.load(into: learner.model, lossModule: learner.lossModule, from: weights)
    let labeled = Array(0..<min(20, poolSize / 2))
    let candidates = Array(labeled.count..<poolSize)
    var out: [NamedTensor] = []
    for s in e.strategies {
      let context = try QueryContext(
        model: learner, candidates: candidates, labeled: labeled,
        step: min(e.budget.step, candidates.count / 2), seed: 7)
      let pick = try s.select(context)
      out.append(NamedTensor(s.name + ".indices", Tensor(pick.indices.map(Float.init))))
      out.append(NamedTensor(s.name + ".scores", Tensor(pick.scores)))
    }
    out.append(NamedTensor("labeled", Tensor(labeled.map(Float.init))))
    try SafeTensors.write(out, to: path)
  }
}
