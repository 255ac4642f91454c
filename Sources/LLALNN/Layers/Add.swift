import LLALTensor

/// The element-wise sum of two or more inputs of the same shape (a residual connection).
public struct Add: Layer, ReLUFusing {
  /// An add layer.
  public init() {}
  /// `"add"`.
  public var kind: String { "add" }
  /// `add()`.
  public var description: String { "add()" }
  /// Two or more inputs.
  public var inputArity: ClosedRange<Int> { 2...Int.max }

  /// The common shape; every input must have it.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let first = inputShapes[0]
    for s in inputShapes.dropFirst() where s != first {
      throw LayerError(
        "input shapes \(describeShape(first)) and \(describeShape(s)) differ")
    }
    return first
  }

  /// The sum, left to right.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try forward(inputs, parameters: parameters, buffers: buffers, context: context, relu: false)
  }

  /// The sum, its last addition fused with the ReLU when `relu` is set.
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext,
    relu: Bool
  ) throws -> Tensor {
    var sum = inputs[0]
    for (k, t) in inputs.enumerated().dropFirst() {
      sum = try relu && k == inputs.count - 1 ? Tensor.addReLU(sum, t) : sum + t
    }
    return sum
  }
}
