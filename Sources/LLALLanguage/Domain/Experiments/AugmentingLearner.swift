import LLALActive
import LLALData
import LLALNN
import LLALTensor

/// A `GraphLearner` whose training batches are augmented (random crops, flips); every
/// other part — initialisation, inference, evaluation — is the graph learner's.
///
/// NOTE: LLALActive's `GraphLearner` trains without augmentation; this adapter adds it
/// with the training loop's own hook so that the paper's CIFAR-10 protocol runs as
/// published. Experiments without augmentation use LLALActive's `Experiment` as it is.
final class AugmentingLearner: ActiveLearner {
  /// The learner trained and queried.
  let inner: GraphLearner
  /// The changes applied to every training batch.
  let augmentation: LLALData.Augmentation

  /// `inner` trained with `augmentation`.
  init(_ inner: GraphLearner, augmentation: LLALData.Augmentation) {
    self.inner = inner
    self.augmentation = augmentation
  }

  var hasLossModule: Bool { inner.hasLossModule }
  var poolLabels: [Int] { inner.poolLabels }

  func reinitialize(seed: UInt64) throws { try inner.reinitialize(seed: seed) }

  /// What `GraphLearner.train` does, with the augmentation passed to the training loop.
  func train(
    on labeled: [Int], seed: UInt64, cancellation: CancellationToken?,
    onEvent: ((TrainingEvent) -> Void)?
  ) throws -> Double {
    let data = try inner.pool.subset(labeled)
    var config = inner.training
    config.seed = seed
    let trainer = try Trainer(
      model: inner.model, lossModule: inner.lossModule, learningLoss: inner.learningLoss,
      config: config)
    let augmentation = self.augmentation
    var last = Float.nan
    try trainer.fit(
      x: data.x, labels: data.y,
      augment: { batch, generator in try augmentation.apply(to: batch, generator: &generator) },
      cancellation: cancellation
    ) { event in
      if case .step(let s) = event { last = s.loss }
      onEvent?(event)
    }
    return Double(last)
  }

  func accuracy(on data: Dataset, cancellation: CancellationToken?) throws -> Double {
    try inner.accuracy(on: data, cancellation: cancellation)
  }

  func infer(_ indices: [Int], _ request: InferenceRequest) throws -> QueryInference {
    try inner.infer(indices, request)
  }

  func dropoutLogits(_ indices: [Int], passes: Int, seed: UInt64) throws -> [Tensor] {
    try inner.dropoutLogits(indices, passes: passes, seed: seed)
  }
}
