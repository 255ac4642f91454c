import LLALTensor

/// The rectifier `max(x, 0)`, element-wise on any shape.
public struct ReLU: Layer {
  /// A ReLU layer.
  public init() {}
  /// `"relu"`.
  public var kind: String { "relu" }
  /// `relu()`.
  public var description: String { "relu()" }
  /// The shape is kept.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }
  /// `Tensor.relu`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try inputs[0].relu()
  }
}

/// A layer that can apply the ReLU to its output in its own pass over the activations.
/// `ModelGraph.forward` calls it so when a `ReLU` node is the only reader of the layer's
/// node: the results, gradients included, are the same as the two layers' one after the
/// other, with a pass over the activations less each way.
protocol ReLUFusing: Layer {
  /// `forward`, followed by a ReLU in the same pass when `relu` is set.
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext,
    relu: Bool
  ) throws -> Tensor
}
