/// Sorting along an axis: `sorted` and `topk`. Both are stable (equal values keep their
/// order), put NaN above every number as PyTorch does, and return the positions as
/// floats. The values are differentiable: they are recorded as a `gather` of the input
/// at the returned indices, so each value's gradient goes back to where it came from.
extension Tensor {
  /// The values along `axis` in ascending (or descending) order, and for each the
  /// position it came from (`torch.sort(stable: true)`).
  ///
  /// ```swift
  /// let (v, i) = try Tensor([3, 1, 2]).sorted()  // v = [1, 2, 3], i = [1, 2, 0]
  /// ```
  public func sorted(axis: Int = -1, descending: Bool = false) throws
    -> (values: Tensor, indices: Tensor)
  {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "sort")
    let size = Tensor.outerSizeInner(shape, axis: a).size
    return try ordered(axis: a, keep: size, descending: descending, op: "sort")
  }

  /// The `k` largest (or smallest) values along `axis`, in order, with their positions
  /// (`torch.topk`, sorted; among equal values the earlier position comes first).
  public func topk(_ k: Int, axis: Int = -1, largest: Bool = true) throws
    -> (values: Tensor, indices: Tensor)
  {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "topk")
    let size = Tensor.outerSizeInner(shape, axis: a).size
    guard k >= 0, k <= size else {
      throw TensorError(
        "topk",
        "k = \(k) is out of range for axis \(axis) of size \(size) in "
          + describeShape(shape))
    }
    return try ordered(axis: a, keep: k, descending: largest, op: "topk")
  }

  /// Sorts every lane along `axis` and keeps the first `keep` of each.
  private func ordered(axis: Int, keep: Int, descending: Bool, op: String) throws
    -> (values: Tensor, indices: Tensor)
  {
    let (outer, size, inner) = Tensor.outerSizeInner(shape, axis: axis)
    var outShape = shape
    if rank > 0 { outShape[axis] = keep }
    let values = try Tensor.uninitialized(outShape, op: op)
    let indices = Tensor.uninitialized(outShape)
    let src = storage.base, vOut = values.storage.base, iOut = indices.storage.base
    // NOTE: ties are broken by position, so the order is total and the result does not
    // depend on the stability of the sorting algorithm.
    let before: (Float, Float) -> Bool =
      descending
      ? { a, b in a > b || (a.isNaN && !b.isNaN) }
      : { a, b in a < b || (b.isNaN && !a.isNaN) }
    let laneCount = outer * inner
    Parallel.forRanges(laneCount, grain: Swift.max(1, (1 << 14) / Swift.max(1, size))) { range in
      var lane = [Float](repeating: 0, count: size)
      var order = [Int](repeating: 0, count: size)
      for l in range {
        let (o, i) = l.quotientAndRemainder(dividingBy: inner)
        let from = src + o * size * inner + i
        for p in 0..<size {
          lane[p] = from[p * inner]
          order[p] = p
        }
        order.sort { p, q in
          before(lane[p], lane[q]) || (!before(lane[q], lane[p]) && p < q)
        }
        let base = o * keep * inner + i
        for j in 0..<keep {
          vOut[base + j * inner] = lane[order[j]]
          iOut[base + j * inner] = Float(order[j])
        }
      }
    }
    return (Tensor.record(GatherOp(axis: axis), inputs: [self, indices], output: values), indices)
  }
}
