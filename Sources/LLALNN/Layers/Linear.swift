import LLALTensor

/// A fully connected layer, `y = x·Wᵀ + b` with `W` of shape `[out, in]` as in PyTorch.
/// Takes a feature vector `[in]` per sample.
public struct Linear: Layer, ReLUFusing {
  /// Output features.
  public let outFeatures: Int
  /// Input features, when fixed up front; otherwise taken from the input shape.
  public let inFeatures: Int?
  /// Whether the layer adds a bias.
  public let hasBias: Bool

  /// A linear layer to `outFeatures` outputs.
  public init(outFeatures: Int, inFeatures: Int? = nil, bias: Bool = true) {
    self.outFeatures = outFeatures
    self.inFeatures = inFeatures
    self.hasBias = bias
  }

  /// `"linear"`.
  public var kind: String { "linear" }

  /// `linear(10)`, with `bias: false` when there is none.
  public var description: String { "linear(\(outFeatures)\(hasBias ? "" : ", bias: false"))" }

  /// `[in] → [out]`; `out` must lie in `1...SizeLimit.maximum` (else a `FieldError`
  /// about `Linear.outFeatures`).
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    try SizeLimit.check(outFeatures, "Linear.outFeatures", atLeast: 1)
    let s = inputShapes[0]
    guard s.count == 1 else {
      throw LayerError(
        "expects a feature vector [features] per sample, got \(describeShape(s))"
          + " (use flatten() or gap() first)")
    }
    if let inFeatures, inFeatures != s[0] {
      throw LayerError("expects input [\(inFeatures)], got \(describeShape(s))")
    }
    return [outFeatures]
  }

  /// `weight [out, in]` (Kaiming-uniform) and `bias [out]` (zeros).
  public func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    let fanIn = inputShapes[0][0]
    var specs = [ParameterSpec("weight", [outFeatures, fanIn], .kaimingUniform(fanIn: fanIn))]
    if hasBias { specs.append(ParameterSpec("bias", [outFeatures], .zeros)) }
    return specs
  }

  /// `Tensor.linear` on `[N, in]`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try forward(inputs, parameters: parameters, buffers: buffers, context: context, relu: false)
  }

  /// `Tensor.linear` on `[N, in]`, with the ReLU in the product's pass when `relu` is set.
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext,
    relu: Bool
  ) throws -> Tensor {
    try Tensor.linear(
      inputs[0], weight: parameters[0], bias: hasBias ? parameters[1] : nil, relu: relu)
  }
}
