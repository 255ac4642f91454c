/// Nearest-neighbour upsampling of NCHW images by a whole factor (PyTorch's
/// `interpolate(scale_factor: f, mode: "nearest")`), and its gradient. Factor 2 runs as a
/// vector kernel (`llal_upsample2x`).

import CKernels

/// Nearest upsampling: every input pixel becomes an `f × f` block, so each input element's
/// gradient is the sum of its block's output gradients.
struct UpsampleNearestOp: TapeOp {
  let factor: Int
  var name: String { "upsampleNearest" }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let (h, w, f) = (x.shape[2], x.shape[3], factor)
    let gradient = Tensor.uninitialized(x.shape)
    let src = g.storage.base, dst = gradient.storage.base
    let inPlane = h * w, outPlane = inPlane * f * f
    if f == 2 {
      Tensor.forEachImagePlaneRange(x.shape[0] * x.shape[1], outPlane) { r in
        llal_upsample2x_backward(
          src + r.lowerBound * outPlane, dst + r.lowerBound * inPlane, r.count, h, w)
      }
      return [gradient]
    }
    Tensor.forEachImagePlane(x.shape[0] * x.shape[1], outPlane) { p in
      let from = src + p * outPlane
      let to = dst + p * inPlane
      for r in 0..<h {
        let row = to + r * w
        row.update(repeating: 0, count: w)
        for dy in 0..<f {
          let out = from + (r * f + dy) * w * f
          for c in 0..<w {
            var s: Float = 0
            for dx in 0..<f { s += out[c * f + dx] }
            row[c] += s
          }
        }
      }
    }
    return [gradient]
  }
}

extension Tensor {
  /// Nearest-neighbour upsampling of an `[N, C, H, W]` tensor by a whole `factor`:
  /// `[N, C, H·f, W·f]`, output pixel `(y, x)` copying input pixel `(y / f, x / f)`
  /// (`torch.nn.functional.interpolate(x, scale_factor=f, mode="nearest")`).
  ///
  ///     try t2.upsampleNearest(factor: 2)   // [B, 64, 8, 8] → [B, 64, 16, 16]
  public func upsampleNearest(factor: Int) throws -> Tensor {
    let op = "upsampleNearest"
    guard rank == 4 else {
      throw TensorError(op, "expected a 4-D input [N, C, H, W], got \(describeShape(shape))")
    }
    guard factor >= 1, factor <= Tensor.maxElementCount else {
      throw TensorError(
        op, "factor must be a whole number >= 1, got \(factor) (input \(describeShape(shape)))")
    }
    let (h, w, f) = (shape[2], shape[3], factor)
    // h, w and f are at most 2³⁰, so the products cannot overflow before the size check.
    let out = try Tensor.uninitialized([shape[0], shape[1], h * f, w * f], op: op)
    let src = storage.base, dst = out.storage.base
    let inPlane = h * w, outPlane = inPlane * f * f
    if f == 2 {
      Tensor.forEachImagePlaneRange(shape[0] * shape[1], outPlane) { r in
        llal_upsample2x(src + r.lowerBound * inPlane, dst + r.lowerBound * outPlane, r.count, h, w)
      }
      return Tensor.record(UpsampleNearestOp(factor: f), inputs: [self], output: out)
    }
    Tensor.forEachImagePlane(shape[0] * shape[1], outPlane) { p in
      let from = src + p * inPlane
      let to = dst + p * outPlane
      for r in 0..<h {
        // Build the first copy of the row, then repeat it f − 1 times below.
        let first = to + r * f * w * f
        let x = from + r * w
        for c in 0..<w { (first + c * f).update(repeating: x[c], count: f) }
        for dy in 1..<f { (first + dy * w * f).update(from: first, count: w * f) }
      }
    }
    return Tensor.record(UpsampleNearestOp(factor: f), inputs: [self], output: out)
  }

  /// Runs `body(plane)` for `planes` image planes of `planeSize` elements each, spread over
  /// the cores when there is enough work.
  static func forEachImagePlane(_ planes: Int, _ planeSize: Int, _ body: (Int) -> Void) {
    forEachImagePlaneRange(planes, planeSize) { range in
      for p in range { body(p) }
    }
  }

  /// Runs `body(range)` for ranges of `planes` image planes of `planeSize` elements each,
  /// spread over the cores when there is enough work.
  static func forEachImagePlaneRange(
    _ planes: Int, _ planeSize: Int, _ body: (Range<Int>) -> Void
  ) {
    Parallel.forRanges(planes, grain: Swift.max(1, (1 << 15) / Swift.max(1, planeSize)), body)
  }
}
