import LLALTensor

/// Nearest-neighbour upsampling of images by a whole factor: `[C, H, W] → [C, H·f, W·f]`,
/// every pixel repeated in an `f × f` block (the decoder half of an hourglass network,
/// before a convolution).
public struct Upsample: Layer {
  /// The scale factor along height and width.
  public let factor: Int

  /// Upsampling by `factor` (2 doubles height and width).
  public init(factor: Int) { self.factor = factor }

  /// `"upsample"`.
  public var kind: String { "upsample" }
  /// `upsample(2)`.
  public var description: String { "upsample(\(factor))" }

  /// `[C, H, W] → [C, H·f, W·f]`; the factor must lie in `1...SizeLimit.maximum` (else a
  /// `FieldError` about `Upsample.factor`) and the result within the limit.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let s = inputShapes[0]
    try SizeLimit.check(factor, "Upsample.factor", atLeast: 1)
    guard s.count == 3 else {
      throw LayerError(
        "expects an image [channels, height, width] per sample, got \(describeShape(s))")
    }
    // Each product is of two checked sizes, so it cannot overflow.
    return try checkedOutput([s[0], s[1] * factor, s[2] * factor])
  }

  /// `Tensor.upsampleNearest`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try inputs[0].upsampleNearest(factor: factor)
  }
}
