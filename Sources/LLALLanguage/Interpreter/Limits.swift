/// Limits that turn runaway programs into errors instead of crashes.
public struct Limits: Sendable {
  /// The most nested calls of user functions.
  public var maxCallDepth: Int
  /// The most elements a tensor created by a built-in may have.
  public var maxTensorElements: Int
  /// The most elements a list built by the language may have (`list(0..<n)`).
  public var maxListLength: Int
  /// The stack reserved for evaluation; deep recursion stops well before using it.
  public var stackBytes: Int

  /// The defaults: 1,000 nested calls, 2²⁸ tensor elements (1 GiB of Float32),
  /// 10⁸ list elements, a 512 MiB evaluation stack.
  public init(
    maxCallDepth: Int = 1000, maxTensorElements: Int = 1 << 28, maxListLength: Int = 100_000_000,
    stackBytes: Int = 512 << 20
  ) {
    self.maxCallDepth = maxCallDepth
    self.maxTensorElements = maxTensorElements
    self.maxListLength = maxListLength
    self.stackBytes = stackBytes
  }

  /// Throws when a tensor of `shape` would exceed `maxTensorElements`.
  public func checkTensorSize(_ shape: [Int], range: SourceRange? = nil) throws {
    var n = 1
    for d in shape {
      let (m, overflow) = n.multipliedReportingOverflow(by: max(d, 0))
      if overflow || m > maxTensorElements {
        throw RuntimeError(
          "a tensor of shape \(shapeText(shape)) is too large: the limit is "
            + "\(maxTensorElements) elements", range: range)
      }
      n = m
    }
  }

  /// Throws when a list of `count` elements would exceed `maxListLength`.
  public func checkListLength(_ count: Int, range: SourceRange? = nil) throws {
    if count > maxListLength {
      throw RuntimeError(
        "a list of \(count) elements is too long: the limit is \(maxListLength)", range: range)
    }
  }
}

/// `[2, 3]`, as every message prints a shape.
public func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
