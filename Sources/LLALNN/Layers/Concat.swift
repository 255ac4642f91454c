import LLALTensor

/// Joins two or more inputs along a per-sample axis (channels, axis 0, by default).
public struct Concat: Layer {
  /// The per-sample axis to join along; negative counts from the end.
  public let axis: Int

  /// A concat layer along per-sample `axis`.
  public init(axis: Int = 0) { self.axis = axis }

  /// `"concat"`.
  public var kind: String { "concat" }
  /// `concat()`, or `concat(axis: 1)`.
  public var description: String { axis == 0 ? "concat()" : "concat(axis: \(axis))" }
  /// Two or more inputs.
  public var inputArity: ClosedRange<Int> { 2...Int.max }

  /// The inputs' common shape with the joined axis summed; all other axes must agree.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let first = inputShapes[0]
    let a = try normalizedAxis(rank: first.count)
    var out = first
    out[a] = 0
    for s in inputShapes {
      var rest = s, firstRest = first
      guard s.count == first.count else {
        throw LayerError("input shapes \(describeShape(first)) and \(describeShape(s)) differ")
      }
      rest[a] = 0
      firstRest[a] = 0
      guard rest == firstRest else {
        throw LayerError(
          "input shapes \(describeShape(first)) and \(describeShape(s)) differ outside axis "
            + "\(axis)")
      }
      out[a] += s[a]
    }
    return out
  }

  /// `Tensor.concat` along the batched axis `axis + 1`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try Tensor.concat(inputs, axis: try normalizedAxis(rank: inputs[0].rank - 1) + 1)
  }

  private func normalizedAxis(rank: Int) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else {
      throw LayerError("axis \(axis) is out of range for per-sample rank \(rank)")
    }
    return a
  }
}
