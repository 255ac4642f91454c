import LLALData
import LLALNN
import LLALTensor

/// One case of `llal bench train`: its model (with a loss module in the `_lpm_` cases),
/// task, optimizer and fixed batch, built from the case's name and batch size.
struct TrainBenchCase {
  /// The model and its taps.
  let built: ReferenceModels.Built
  /// The loss module on the taps (width 128), in the `_lpm_` cases.
  let module: LossPredictionModule?
  /// What the model learns.
  let task: any ModelTask
  /// The optimizer of the protocol the case stands for.
  let optimizer: OptimizerConfig
  /// The batch and its rows of the task's loss targets.
  let x: Tensor, lossTargets: Tensor

  /// The case `name` (`mlp_…`, `digits_cnn_…`, `resnet18w16_…`, `pose_…`, `detect_…`) at
  /// batch size `batch`, its data drawn from seed 1.
  init(name: String, batch: Int) throws {
    var g = RandomGenerator(seed: 1)
    let sgd = OptimizerConfig.sgd(lr: 0.1, momentum: 0.9, weightDecay: 5e-4)
    if name.hasPrefix("pose") {
      // al-pose's model and Adam; images in [0, 1) and joints anywhere in the 32 × 32
      // image, as heatmap targets.
      built = try ReferenceModels.hourglassLite()
      task = try HeatmapTask(size: 16, sigma: 1, pck: 3)
      optimizer = .adam(lr: 1e-3)
      x = try Tensor.uniform([batch, 1, 32, 32], low: 0, high: 1, generator: &g)
      let joints = try Tensor.uniform([batch, 3, 2], low: 0, high: 32, generator: &g)
      lossTargets = try task.lossTargets(joints, input: [1, 32, 32])
    } else if name.hasPrefix("detect") {
      // al-detect's SSD-lite, multibox loss and SGD; generated shapes with their boxes.
      built = try ReferenceModels.ssdLite()
      let (anchors, classes) = try Anchors.of(built.graph)
      task = try DetectTask(anchors: anchors, classes: classes)
      optimizer = .sgd(lr: 0.01, momentum: 0.9, weightDecay: 5e-4)
      let data = try Datasets.shapes(count: batch, seed: 1)
      x = data.x
      lossTargets = try task.lossTargets(data.targetTensor, input: [1, 32, 32])
    } else {
      let shape: [Int]
      if name.hasPrefix("mlp") {
        built = try ReferenceModels.mlp()
        shape = [64]
      } else if name.hasPrefix("digits_cnn") {
        built = try ReferenceModels.digitsCNN()
        shape = [1, 8, 8]
      } else {
        built = try ReferenceModels.resNet18(width: 16)
        shape = [3, 32, 32]
      }
      task = ClassificationTask()
      optimizer = sgd
      x = try Tensor.normal([batch] + shape, generator: &g)
      lossTargets = Tensor((0..<batch).map { _ in Float(g.nextInt(below: 10)) })
    }
    module =
      name.contains("_lpm_")
      ? try LossPredictionModule(model: built.graph, taps: built.taps, width: 128) : nil
  }

  /// A trainer for the case: the task's per-sample loss, plus 1.0 × the margin ranking
  /// loss (margin 1, halves pairing) of the module when there is one.
  func trainer(batch: Int) throws -> Trainer {
    try Trainer(
      model: built.graph, task: task, lossModule: module, learningLoss: .paper,
      config: TrainingConfig(epochs: 1, batchSize: batch, optimizer: optimizer))
  }
}
