/// The location of each map's maximum: `[B, K, H, W]` heatmaps to `[B, K, 2]` cells.

extension Tensor {
  /// The cell of each `H × W` map's largest value, as `(column, row)` (x before y, the
  /// order of keypoint coordinates): `[B, K, H, W] → [B, K, 2]`, whole numbers stored as
  /// Float. The first maximum in row-major order wins ties, and a map holding NaN gives
  /// its first NaN (as `numpy.argmax`). Not differentiable: the result is a constant.
  ///
  ///     let cells = try heatmaps.spatialArgmax()   // cells[b, k] = (c, r)
  public func spatialArgmax() throws -> Tensor {
    let op = "spatialArgmax"
    guard rank == 4 else {
      throw TensorError(op, "expected 4-D maps [B, K, H, W], got \(describeShape(shape))")
    }
    let (b, k, h, w) = (shape[0], shape[1], shape[2], shape[3])
    guard h > 0, w > 0 else {
      throw TensorError(op, "the maps \(describeShape(shape)) are empty")
    }
    let flat = try withoutGrad { try detached().reshaped([b, k, h * w]).argmax(axis: 2) }
    let out = try Tensor.uninitialized([b, k, 2], op: op)
    let index = flat.storage.base, cells = out.storage.base
    for m in 0..<(b * k) {
      let i = Int(index[m])
      cells[2 * m] = Float(i % w)
      cells[2 * m + 1] = Float(i / w)
    }
    return out
  }
}
