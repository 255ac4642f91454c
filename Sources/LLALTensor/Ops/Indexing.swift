/// Indexing by tensors of positions: `gather` (one index per output element, as
/// `torch.gather`) and `indexSelect` (whole slices, as `torch.index_select`).

/// `out[j] = x[offsets[j]]`: the gradient of each output element is added back at the
/// position it was read from (repeated positions accumulate). Also the VJP of the values
/// returned by `sorted` and `topk`, whose indices are the gathered positions.
struct GatherOp: TapeOp {
  let axis: Int
  var name: String { "gather" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let offsets = try Tensor.gatherOffsets(x, axis: axis, indices: inputs[1], op: name)
    let gradient = try Tensor.zeros(x.shape)
    let src = g.storage.base, dst = gradient.storage.base
    // Serial: two outputs may scatter into the same input position.
    for (j, o) in offsets.enumerated() { dst[o] += src[j] }
    return [gradient, nil]
  }
}

/// Whole slices along `axis` picked by `indices`: each gradient slice is added back
/// into the slice it came from.
struct IndexSelectOp: TapeOp {
  let axis: Int
  let indices: [Int]
  var name: String { "indexSelect" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let gradient = try Tensor.zeros(x.shape)
    let (outer, size, inner) = Tensor.outerSizeInner(x.shape, axis: axis)
    let k = indices.count
    let src = g.storage.base, dst = gradient.storage.base
    // Parallel over the outer index only: repeated indices add into the same slice.
    Parallel.forRanges(outer, grain: max(1, (1 << 15) / max(1, k * inner))) { range in
      for o in range {
        for (j, i) in indices.enumerated() {
          let from = src + (o * k + j) * inner
          let to = dst + (o * size + i) * inner
          for e in 0..<inner { to[e] += from[e] }
        }
      }
    }
    return [gradient]
  }
}

extension Tensor {
  /// Values picked along `axis` by `indices` (`torch.gather`): for a 2-D input and
  /// `axis: 1`, `out[i][j] = self[i][indices[i][j]]`. `indices` holds whole numbers as
  /// floats, has the input's rank, and is no larger than the input on the other axes;
  /// the result has its shape. Differentiable in `self`.
  public func gather(axis: Int, indices: Tensor) throws -> Tensor {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "gather")
    let offsets = try Tensor.gatherOffsets(self, axis: a, indices: indices, op: "gather")
    let out = try Tensor.uninitialized(indices.shape, op: "gather")
    let src = storage.base, dst = out.storage.base
    for (j, o) in offsets.enumerated() { dst[j] = src[o] }
    return Tensor.record(GatherOp(axis: a), inputs: [self, indices], output: out)
  }

  /// The slices at `indices` along `axis`, in that order (repeats allowed), as
  /// `torch.index_select`: `x.indexSelect(axis: 0, indices: [2, 0])` takes rows 2 and 0.
  public func indexSelect(axis: Int, indices: [Int]) throws -> Tensor {
    let op = "indexSelect"
    let a = try Tensor.normalizedAxis(axis, in: shape, op: op)
    guard rank > 0 else { throw TensorError(op, "cannot index a scalar (shape [])") }
    let size = shape[a]
    for i in indices where i < 0 || i >= size {
      throw TensorError(
        op,
        "index \(i) is out of range for axis \(axis) of size \(size) in "
          + describeShape(shape))
    }
    var outShape = shape
    outShape[a] = indices.count
    let out = try Tensor.uninitialized(outShape, op: op)
    let (outer, _, inner) = Tensor.outerSizeInner(shape, axis: a)
    let k = indices.count
    let src = storage.base, dst = out.storage.base
    Parallel.forRanges(outer * k, grain: Swift.max(1, (1 << 15) / Swift.max(1, inner))) { range in
      for r in range {
        let (o, j) = r.quotientAndRemainder(dividingBy: k)
        (dst + r * inner).update(from: src + (o * size + indices[j]) * inner, count: inner)
      }
    }
    return Tensor.record(IndexSelectOp(axis: a, indices: indices), inputs: [self], output: out)
  }

  /// `shape` seen as `[outer, size, inner]` around `axis` (a scalar as `[1, 1, 1]`).
  static func outerSizeInner(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
    if shape.isEmpty { return (1, 1, 1) }
    return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
  }

  /// For each element of `indices` (row-major), the offset in `x` that `gather` reads;
  /// throws if the shapes disagree or an index is not a whole number in range.
  static func gatherOffsets(_ x: Tensor, axis: Int, indices: Tensor, op: String) throws
    -> [Int]
  {
    let shapes = "(input \(describeShape(x.shape)), indices \(describeShape(indices.shape)))"
    guard indices.rank == x.rank else {
      throw TensorError(op, "indices must have the input's rank \(shapes)")
    }
    for d in 0..<x.rank where d != axis && indices.shape[d] > x.shape[d] {
      throw TensorError(op, "indices are larger than the input on axis \(d) \(shapes)")
    }
    let size = x.rank == 0 ? 1 : x.shape[axis]
    var inStrides = strides(of: x.shape)
    let axisStride = x.rank == 0 ? 0 : inStrides[axis]
    if x.rank > 0 { inStrides[axis] = 0 }
    let n = indices.count
    var offsets = [Int](repeating: 0, count: n)
    if n == 0 { return offsets }
    var walker = OffsetWalker(
      dims: indices.shape, strideA: inStrides, strideB: inStrides, start: 0)
    let p = indices.storage.base
    for j in 0..<n {
      let v = p[j]
      guard v >= 0, v < Float(size), v.rounded(.towardZero) == v else {
        let whole = v == v.rounded(.towardZero)
        let shown = whole && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)"
        throw TensorError(
          op,
          "index \(shown) is \(whole ? "out of range" : "not a whole number") for axis "
            + "\(axis) of size \(size) \(shapes)")
      }
      offsets[j] = walker.a + Int(v) * axisStride
      walker.advance()
    }
    return offsets
  }
}
