import LLALTensor

/// Inverted dropout: in train (and Monte-Carlo dropout) mode each element is zeroed with
/// probability `p` and the survivors are scaled by `1/(1 − p)`; in eval mode it is the
/// identity. Masks come from the forward context's generator, so a seeded run repeats
/// exactly.
public struct Dropout: Layer {
  /// The probability of zeroing an element.
  public let probability: Float

  /// A dropout layer that zeroes elements with probability `p`.
  public init(_ p: Float = 0.5) { self.probability = p }

  /// `"dropout"`.
  public var kind: String { "dropout" }
  /// `dropout(0.5)`.
  public var description: String { "dropout(\(probability))" }

  /// The shape is kept; `p` must lie in `[0, 1)`.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    guard probability >= 0, probability < 1 else {
      throw LayerError("the probability must lie in [0, 1), got \(probability)")
    }
    return inputShapes[0]
  }

  /// The input times a fresh mask of `0` and `1/(1 − p)` when the context's dropout is
  /// active.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    let x = inputs[0]
    guard context.dropoutActive, probability > 0 else { return x }
    let mask = try Tensor.zeros(x.shape)
    let keep = 1 / (1 - probability)
    let m = mask.storage.base
    for i in 0..<mask.count where context.generator.nextUniform() >= probability { m[i] = keep }
    return try x * mask
  }
}
