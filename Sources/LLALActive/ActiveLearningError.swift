/// An error raised by the active-learning layer on bad input: an impossible budget, a
/// strategy that needs something the model does not have, an index outside the pool.
///
/// The message names the part that refused and why, e.g.
/// `budget: initial 2000 is beyond the pool of 1437 points`.
public struct ActiveLearningError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The part that refused its input (`"budget"`, `"core_set"`, `"pool"`, …).
  public let operation: String
  /// What was wrong, naming the values involved.
  public let reason: String

  /// An error of `operation` described by `reason`.
  public init(_ operation: String, _ reason: String) {
    self.operation = operation
    self.reason = reason
  }

  /// `operation: reason`.
  public var description: String { "\(operation): \(reason)" }
}
