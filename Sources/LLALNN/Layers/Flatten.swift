import LLALTensor

/// Flattens each sample to a feature vector, `[C, H, W] → [C·H·W]`.
public struct Flatten: Layer {
  /// A flatten layer.
  public init() {}
  /// `"flatten"`.
  public var kind: String { "flatten" }
  /// `flatten()`.
  public var description: String { "flatten()" }
  /// `[d₁, …, dₖ] → [d₁·…·dₖ]`.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    [inputShapes[0].reduce(1, *)]
  }
  /// `Tensor.flattened(from: 1)`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try inputs[0].flattened(from: 1)
  }
}
