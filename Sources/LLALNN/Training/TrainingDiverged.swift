import LLALTensor

/// Training stopped because the loss of a step was not a finite number (NaN or ±∞),
/// typically from a learning rate too large: the backward pass would carry it into every
/// weight, and the run would go on to report accuracies of a broken model. `Trainer`
/// checks each step's loss before its backward pass and throws this instead.
///
/// Epochs and steps are counted from 1 in the message, as progress lines count them:
/// `training diverged at epoch 1, step 3: the loss is nan (learning rate 1000000); lower
/// the learning rate`.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable, Sendable {
  /// The loss of the step: NaN or infinite.
  public let loss: Float
  /// The epoch, from 0.
  public let epoch: Int
  /// The step within the epoch, from 0; nil for a step not run by `Trainer.fit`.
  public let step: Int?
  /// The learning rate of the step.
  public let learningRate: Float

  /// A divergence at `step` of `epoch` (both from 0) with this `loss` and `learningRate`.
  public init(loss: Float, epoch: Int, step: Int?, learningRate: Float) {
    self.loss = loss
    self.epoch = epoch
    self.step = step
    self.learningRate = learningRate
  }

  /// `epoch 1, step 3`, counted from 1.
  public var position: String {
    "epoch \(epoch + 1)" + (step.map { ", step \($0 + 1)" } ?? "")
  }

  /// `the loss is nan (learning rate 1000000); lower the learning rate`.
  public var reason: String {
    "the loss is \(describeNumber(loss)) (learning rate \(describeNumber(learningRate))); "
      + "lower the learning rate"
  }

  /// `training diverged at epoch 1, step 3: the loss is nan (…); lower the learning rate`.
  public var description: String { "training diverged at \(position): \(reason)" }
}
