import Foundation

/// A learning-rate schedule stepped once per epoch, after the optimizer, as PyTorch's
/// schedulers are: epoch e (0-based) trains at `learningRate(base:epoch: e)`.
public enum LearningRateSchedule: Sendable, Equatable {
  /// The base rate throughout.
  case constant
  /// `base · gamma^k` where k counts the milestones ≤ e (`MultiStepLR`).
  case multiStep(milestones: [Int], gamma: Float = 0.1)
  /// `min + (base − min)·(1 + cos(π·e/epochs))/2` (`CosineAnnealingLR` with
  /// `T_max = epochs`).
  case cosine(epochs: Int, minimum: Float = 0)

  /// The rate during `epoch` for base rate `base`.
  public func learningRate(base: Float, epoch: Int) -> Float {
    switch self {
    case .constant:
      return base
    case .multiStep(let milestones, let gamma):
      let k = milestones.filter { $0 <= epoch }.count
      return base * Float(pow(Double(gamma), Double(k)))
    case .cosine(let epochs, let minimum):
      guard epochs > 0 else { return base }
      let c = (1 + cos(Double.pi * Double(epoch) / Double(epochs))) / 2
      return Float(Double(minimum) + Double(base - minimum) * c)
    }
  }
}
