/// An error raised by a tensor operation on bad input: a shape mismatch, an axis or
/// index out of range, or a size beyond `Tensor.maxElementCount`.
///
/// The message always names the operation and the shapes involved, e.g.
/// `matmul: inner dimensions differ: [2, 3] @ [4, 5]`.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The operation that refused its input (`"matmul"`, `"reshape"`, …).
  public let operation: String
  /// What was wrong, naming the shapes or values involved.
  public let reason: String

  public init(_ operation: String, _ reason: String) {
    self.operation = operation
    self.reason = reason
  }

  public var description: String { "\(operation): \(reason)" }
}

/// Formats a shape the way every message prints it: `[2, 3]`, `[]` for a scalar.
@inlinable
public func describeShape(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
