/// Softmax and log-softmax along one axis, shifted by the maximum for stability, and their
/// gradients.
import CKernels

/// `softmax(axis:)` or `logSoftmax(axis:)`; both gradients need only the output y.
struct SoftmaxOp: TapeOp {
  let axis: Int
  let isLog: Bool
  var name: String { isLog ? "logSoftmax" : "softmax" }

  // softmax:     dxᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ)
  // logSoftmax:  dxᵢ = gᵢ − e^{yᵢ} Σⱼ gⱼ   (e^{yᵢ} is the softmax)
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let dx = Tensor.uninitialized(output.shape)
    let y = output.storage.base, pg = g.storage.base, pd = dx.storage.base
    let flag: Int32 = isLog ? 1 : 0
    Tensor.forSoftmaxBlocks(output.shape, axis: axis) { offset, outer, r, inner in
      llal_softmax_backward(flag, y + offset, pg + offset, pd + offset, outer, r, inner)
    }
    return [dx]
  }
}

extension Tensor {
  /// e^{xᵢ} / Σⱼ e^{xⱼ} along `axis` (the last by default). Computed as e^{xᵢ − max}, so
  /// large inputs stay finite; a NaN makes its whole slice NaN.
  ///
  ///     try logits.softmax()          // [N, C] → class probabilities per row
  public func softmax(axis: Int = -1) throws -> Tensor {
    try normalizedExponential(axis: axis, isLog: false)
  }

  /// log softmax along `axis`: (xᵢ − max) − log Σⱼ e^{xⱼ − max}, finite for large inputs.
  public func logSoftmax(axis: Int = -1) throws -> Tensor {
    try normalizedExponential(axis: axis, isLog: true)
  }

  private func normalizedExponential(axis: Int, isLog: Bool) throws -> Tensor {
    let a = try Tensor.resolvedAxis(axis, shape: shape, op: isLog ? "logSoftmax" : "softmax")
    let out = Tensor.uninitialized(shape)
    let x = storage.base, y = out.storage.base
    let flag: Int32 = isLog ? 1 : 0
    Tensor.forSoftmaxBlocks(shape, axis: a) { offset, outer, r, inner in
      llal_softmax(flag, x + offset, y + offset, outer, r, inner)
    }
    return Tensor.record(SoftmaxOp(axis: a, isLog: isLog), inputs: [self], output: out)
  }

  /// Views `shape` as `[outer, r, inner]` around `axis` and calls
  /// `body(offset, outerCount, r, inner)` for ranges of `outer`, in parallel when large.
  static func forSoftmaxBlocks(
    _ shape: [Int], axis: Int, _ body: (Int, Int, Int, Int) -> Void
  ) {
    let outer = shape.prefix(axis).reduce(1, *)
    let r = axis < shape.count ? shape[axis] : 1
    let inner = shape.dropFirst(axis + 1).reduce(1, *)
    if outer * r * inner == 0 { return }
    Parallel.forRanges(outer, grain: Swift.max(1, (1 << 15) / (r * inner))) { rows in
      body(rows.lowerBound * r * inner, rows.count, r, inner)
    }
  }
}
