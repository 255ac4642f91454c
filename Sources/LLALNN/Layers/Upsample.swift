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

  /// `[C, H, W] → [C, H·f, W·f]`; the factor must be at least 1 and the result within the
  /// engine's size limit.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let s = inputShapes[0]
    guard factor >= 1 else { throw LayerError("the factor must be >= 1, got \(factor)") }
    guard s.count == 3 else {
      throw LayerError(
        "expects an image [channels, height, width] per sample, got \(describeShape(s))")
    }
    let (h, hOverflow) = s[1].multipliedReportingOverflow(by: factor)
    let (w, wOverflow) = s[2].multipliedReportingOverflow(by: factor)
    let (area, areaOverflow) = h.multipliedReportingOverflow(by: w)
    let (total, totalOverflow) = area.multipliedReportingOverflow(by: s[0])
    guard !(hOverflow || wOverflow || areaOverflow || totalOverflow),
      total <= Tensor.maxElementCount
    else {
      throw LayerError(
        "upsampling \(describeShape(s)) by \(factor) exceeds the limit of "
          + "\(Tensor.maxElementCount) elements per sample")
    }
    return [s[0], h, w]
  }

  /// `Tensor.upsampleNearest`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try inputs[0].upsampleNearest(factor: factor)
  }
}
