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
