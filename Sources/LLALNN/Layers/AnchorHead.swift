import LLALTensor

/// The heads of a single-shot detector on one feature map `[C, H, W]`, with the anchors
/// they predict for: two 3×3 convolutions (padding 1, with bias), one giving `A·(classes
/// + 1)` class logits (background first) and one `A·4` box offsets per cell, for the `A =
/// sizes × offsets` anchors of each cell. The output has one row per anchor, `[H·W·A,
/// classes + 5]`: its logits, then its offsets, rows in `Anchors`' order (cell by cell in
/// row-major order, then size by size, offset by offset): channel `a·(classes + 1) + c`
/// and `a·4 + k` of cell (y, x) go to row `(y·W + x)·A + a`, as the peer's
/// `permute(0, 2, 3, 1).reshape(N, H·W·A, ·)`.
public struct AnchorHead: Layer {
  /// Side lengths of the square anchors, in input pixels.
  public let sizes: [Double]
  /// Offsets `(dx, dy)` of the anchors' centres from the cell centre, in input pixels.
  public let offsets: [(Double, Double)]
  /// Object classes, background not counted.
  public let classes: Int

  /// Heads for `sizes` × `offsets` anchors per cell and `classes` classes.
  public init(sizes: [Double], offsets: [(Double, Double)] = [(0, 0)], classes: Int) {
    self.sizes = sizes
    self.offsets = offsets
    self.classes = classes
  }

  /// Anchors per cell.
  public var perCell: Int { sizes.count * offsets.count }

  /// `"anchors"`.
  public var kind: String { "anchors" }

  /// `anchors(sizes: [6, 10], offsets: 4, classes: 3)`.
  public var description: String {
    let s = sizes.map { $0.rounded() == $0 ? String(Int($0)) : String($0) }
    var d = "anchors(sizes: [\(s.joined(separator: ", "))]"
    if offsets.count != 1 || offsets[0] != (0, 0) { d += ", offsets: \(offsets.count)" }
    return d + ", classes: \(classes))"
  }

  /// `[C, H, W] → [H·W·A, classes + 5]`.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw LayerError("anchor sizes must be one or more positive numbers")
    }
    guard !offsets.isEmpty, offsets.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else {
      throw LayerError("anchor offsets must be one or more finite [dx, dy] pairs")
    }
    try SizeLimit.check(classes, "AnchorHead.classes", atLeast: 1)
    try SizeLimit.check(perCell, "AnchorHead.perCell", atLeast: 1)
    let s = inputShapes[0]
    guard s.count == 3 else {
      throw LayerError(
        "expects a feature map [channels, height, width] per sample, got \(describeShape(s))")
    }
    return try checkedOutput([s[1] * s[2] * perCell, classes + 5])
  }

  /// The class head's weight and bias, then the box head's.
  public func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    let cin = inputShapes[0][0]
    let fanIn = SizeLimit.count([cin, 3, 3]) ?? Int.max
    return [
      ParameterSpec("cls.weight", [perCell * (classes + 1), cin, 3, 3], .kaimingUniform(fanIn: fanIn)),
      ParameterSpec("cls.bias", [perCell * (classes + 1)], .zeros),
      ParameterSpec("box.weight", [perCell * 4, cin, 3, 3], .kaimingUniform(fanIn: fanIn)),
      ParameterSpec("box.bias", [perCell * 4], .zeros),
    ]
  }

  /// Both convolutions as one, its output channels grouped by anchor (anchor a's
  /// `classes + 1` logits, then its 4 offsets), so that viewing the output as `[N, A,
  /// classes + 5, H, W]` and one permutation make the rows. The weights and biases are
  /// joined that way first (a few thousand floats, with their gradients split back by the
  /// join's VJP), which saves joining the outputs: the profile of `al-detect` showed the
  /// per-row copies of the first version at 4% of a cycle, and the join of the two
  /// outputs after them.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    let x = inputs[0]
    let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (a, k) = (perCell, classes + 5)
    let weight = try Tensor.concat(
      [
        parameters[0].reshaped([a, classes + 1, cin, 3, 3]),
        parameters[2].reshaped([a, 4, cin, 3, 3]),
      ], axis: 1
    ).reshaped([a * k, cin, 3, 3])
    let bias = try Tensor.concat(
      [parameters[1].reshaped([a, classes + 1]), parameters[3].reshaped([a, 4])], axis: 1
    ).reshaped([a * k])
    return try Tensor.conv2d(x, weight: weight, bias: bias, stride: 1, padding: 1)
      .reshaped([n, a, k, h, w]).permuted([0, 3, 4, 1, 2]).reshaped([n, h * w * a, k])
  }
}
