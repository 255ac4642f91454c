import LLALTensor

/// A 2-D convolution over `[C, H, W]` inputs with a square kernel; weight
/// `[outChannels, C, k, k]` as in PyTorch.
public struct Conv2d: Layer {
  /// Output channels.
  public let outChannels: Int
  /// Kernel height and width.
  public let kernel: Int
  /// Step between kernel positions.
  public let stride: Int
  /// Zeros added on each side of both spatial axes.
  public let padding: Int
  /// Whether the layer adds a per-channel bias.
  public let hasBias: Bool

  /// A convolution to `outChannels` channels with a `kernel`×`kernel` window.
  ///
  /// NOTE: `bias` defaults to true as in PyTorch; a convolution feeding a batch-norm has
  /// no use for one (the peers' models pass `bias: false` there).
  public init(outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true) {
    self.outChannels = outChannels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.hasBias = bias
  }

  /// `"conv2d"`.
  public var kind: String { "conv2d" }

  /// `conv2d(32, 3, stride: 2, pad: 1)`, omitting defaults.
  public var description: String {
    var s = "conv2d(\(outChannels), \(kernel)"
    if stride != 1 { s += ", stride: \(stride)" }
    if padding != 0 { s += ", pad: \(padding)" }
    if !hasBias { s += ", bias: false" }
    return s + ")"
  }

  /// `[C, H, W] → [out, (H + 2p − k)/s + 1, (W + 2p − k)/s + 1]`. Channels, kernel and
  /// stride must lie in `1...SizeLimit.maximum` and the padding in `0...SizeLimit.maximum`
  /// (else a `FieldError` about `Conv2d.outChannels`, `.kernel`, `.stride` or `.padding`),
  /// and the output must stay within the limit too.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    try SizeLimit.check(outChannels, "Conv2d.outChannels", atLeast: 1)
    try SizeLimit.check(kernel, "Conv2d.kernel", atLeast: 1)
    try SizeLimit.check(stride, "Conv2d.stride", atLeast: 1)
    try SizeLimit.check(padding, "Conv2d.padding")
    let s = inputShapes[0]
    guard s.count == 3 else {
      throw LayerError(
        "expects an image [channels, height, width] per sample, got \(describeShape(s))")
    }
    let h = try Conv2d.windowCount(s[1], kernel: kernel, stride: stride, padding: padding, s)
    let w = try Conv2d.windowCount(s[2], kernel: kernel, stride: stride, padding: padding, s)
    return try checkedOutput([outChannels, h, w])
  }

  /// How many positions a window of `kernel` takes along an axis of `size`, or an error
  /// naming the input shape when it does not fit. The sizes are checked ones (at most
  /// `SizeLimit.maximum` each), so the padded size cannot overflow.
  static func windowCount(_ size: Int, kernel: Int, stride: Int, padding: Int, _ shape: [Int])
    throws -> Int
  {
    let padded = size + 2 * padding
    guard padded >= kernel else {
      throw LayerError(
        "a \(kernel)×\(kernel) window with padding \(padding) does not fit input "
          + describeShape(shape))
    }
    return (padded - kernel) / stride + 1
  }

  /// `weight [out, C, k, k]` (Kaiming-uniform, fan-in `C·k·k`) and `bias [out]` (zeros).
  public func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    let cin = inputShapes[0][0]
    // A weight beyond the limit is refused where it is allocated; its fan-in saturates.
    let fanIn = SizeLimit.count([cin, kernel, kernel]) ?? Int.max
    var specs = [
      ParameterSpec("weight", [outChannels, cin, kernel, kernel], .kaimingUniform(fanIn: fanIn))
    ]
    if hasBias { specs.append(ParameterSpec("bias", [outChannels], .zeros)) }
    return specs
  }

  /// `Tensor.conv2d` on `[N, C, H, W]`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try Tensor.conv2d(
      inputs[0], weight: parameters[0], bias: hasBias ? parameters[1] : nil, stride: stride,
      padding: padding)
  }
}
