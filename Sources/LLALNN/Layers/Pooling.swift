import LLALTensor

/// A pooling layer over `[C, H, W]` inputs with a square sliding window: max and average
/// pooling share their geometry, shape rule and display, and differ in the kernel.
public protocol WindowPool: Layer {
  /// Window height and width.
  var kernel: Int { get }
  /// Step between windows (the kernel size by default, as in PyTorch).
  var stride: Int { get }
  /// Padding on each side.
  var padding: Int { get }
  /// The pooling kernel applied to an `[N, C, H, W]` batch.
  func pool(_ x: Tensor) throws -> Tensor
}

extension WindowPool {
  /// `maxpool(2)` / `avgpool(2)`, with non-default stride and padding.
  public var description: String {
    poolDescription(kind, kernel: kernel, stride: stride, padding: padding)
  }
  /// `[C, H, W] → [C, H', W']`. Kernel and stride must lie in `1...SizeLimit.maximum`
  /// and the padding in `0...kernel / 2` (else a `FieldError` about `MaxPool2d.kernel`,
  /// `.stride` or `.padding`, or the same fields of `AvgPool2d`).
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let type = String(describing: Self.self)
    try SizeLimit.check(kernel, "\(type).kernel", atLeast: 1)
    try SizeLimit.check(stride, "\(type).stride", atLeast: 1)
    try SizeLimit.check(padding, "\(type).padding")
    guard padding <= kernel / 2 else {
      throw FieldError(
        "\(type).padding", "must be at most half the kernel \(kernel), found \(padding)")
    }
    return try poolShape(inputShapes[0], kernel: kernel, stride: stride, padding: padding)
  }
  /// The pooling kernel on the one input.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try pool(inputs[0])
  }
}

/// Max pooling with a square window (padded cells never win).
public struct MaxPool2d: WindowPool {
  public let kernel: Int
  public let stride: Int
  public let padding: Int

  /// A max-pool with a `kernel`×`kernel` window.
  public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
    self.kernel = kernel
    self.stride = stride ?? kernel
    self.padding = padding
  }

  /// `"maxpool"`.
  public var kind: String { "maxpool" }
  /// `Tensor.maxPool2d`.
  public func pool(_ x: Tensor) throws -> Tensor {
    try x.maxPool2d(kernel: kernel, stride: stride, padding: padding)
  }
}

/// Average pooling with a square window (zero padding counted, as PyTorch's default).
public struct AvgPool2d: WindowPool {
  public let kernel: Int
  public let stride: Int
  public let padding: Int

  /// An average pool with a `kernel`×`kernel` window.
  public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
    self.kernel = kernel
    self.stride = stride ?? kernel
    self.padding = padding
  }

  /// `"avgpool"`.
  public var kind: String { "avgpool" }
  /// `Tensor.avgPool2d`.
  public func pool(_ x: Tensor) throws -> Tensor {
    try x.avgPool2d(kernel: kernel, stride: stride, padding: padding)
  }
}

/// Global average pooling: the mean of each channel, `[C, H, W] → [C]`.
public struct GlobalAvgPool: Layer {
  /// A global average pool.
  public init() {}
  /// `"gap"`.
  public var kind: String { "gap" }
  /// `gap()`.
  public var description: String { "gap()" }
  /// `[C, H, W] → [C]`.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    let s = inputShapes[0]
    guard s.count == 3 else {
      throw LayerError(
        "expects an image [channels, height, width] per sample, got \(describeShape(s))")
    }
    return [s[0]]
  }
  /// `Tensor.globalAvgPool`.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try inputs[0].globalAvgPool()
  }
}

/// The output shape of a pooling window of checked sizes, shared by max and average
/// pooling.
private func poolShape(_ s: [Int], kernel: Int, stride: Int, padding: Int) throws -> [Int] {
  guard s.count == 3 else {
    throw LayerError(
      "expects an image [channels, height, width] per sample, got \(describeShape(s))")
  }
  let h = try Conv2d.windowCount(s[1], kernel: kernel, stride: stride, padding: padding, s)
  let w = try Conv2d.windowCount(s[2], kernel: kernel, stride: stride, padding: padding, s)
  return [s[0], h, w]
}

/// `name(k)` plus the stride and padding when they differ from the defaults.
private func poolDescription(_ name: String, kernel: Int, stride: Int, padding: Int) -> String {
  var s = "\(name)(\(kernel)"
  if stride != kernel { s += ", stride: \(stride)" }
  if padding != 0 { s += ", pad: \(padding)" }
  return s + ")"
}
