/// Slicing along one axis: `slice` (a strided range, keeps the axis) and `select` (one
/// position, removes the axis).

/// Elements `start, start + step, …` (`length` of them) along `axis`: the gradient is
/// written back into those positions of a zero tensor. Serves `select` too, whose
/// output has the same elements with the size-1 axis dropped.
struct SliceOp: TapeOp {
  let name: String
  let axis: Int
  let start: Int
  let step: Int
  let length: Int
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let gradient = try Tensor.zeros(x.shape)
    var sliced = x.shape
    sliced[axis] = length
    stridedCopy(
      shape: sliced,
      from: StridedLayout(base: g.storage.base, offset: 0, strides: Tensor.strides(of: sliced)),
      to: Tensor.sliceLayout(gradient, axis: axis, start: start, step: step))
    return [gradient]
  }
}

extension Tensor {
  /// Elements `start ..< end` with `step` along `axis`, the axis kept (Python's
  /// `x[start:end:step]` on that axis). Negative `start`/`end` count from the end;
  /// `end <= start` gives an empty axis.
  ///
  /// ```swift
  /// try x.slice(axis: 1, start: 0, end: -1)  // all columns but the last
  /// ```
  public func slice(axis: Int, start: Int, end: Int, step: Int = 1) throws -> Tensor {
    let op = "slice"
    let a = try Tensor.normalizedAxis(axis, in: shape, op: op)
    guard rank > 0 else { throw TensorError(op, "cannot slice a scalar (shape [])") }
    guard step > 0 else {
      throw TensorError(op, "step must be positive, got \(step) (shape \(describeShape(shape)))")
    }
    let size = shape[a]
    let s = start < 0 ? start + size : start
    let e = end < 0 ? end + size : end
    for (label, v, raw) in [("start", s, start), ("end", e, end)] where v < 0 || v > size {
      throw TensorError(
        op,
        "\(label) \(raw) is out of bounds for axis \(axis) of size \(size) in "
          + describeShape(shape))
    }
    let length = e > s ? (e - s - 1) / step + 1 : 0
    // A step that only ever takes one element is irrelevant; 1 keeps offsets in range.
    let usedStep = length > 1 ? step : 1
    var outShape = shape
    outShape[a] = length
    let out = try slicedCopy(axis: a, start: s, step: usedStep, shape: outShape)
    return Tensor.record(
      SliceOp(name: op, axis: a, start: s, step: usedStep, length: length), inputs: [self],
      output: out)
  }

  /// The sub-tensor at position `index` of `axis`, with that axis removed (`x[i]` for
  /// axis 0). A negative index counts from the end.
  public func select(_ index: Int, axis: Int) throws -> Tensor {
    let op = "select"
    let a = try Tensor.normalizedAxis(axis, in: shape, op: op)
    guard rank > 0 else { throw TensorError(op, "cannot select from a scalar (shape [])") }
    let size = shape[a]
    let i = index < 0 ? index + size : index
    guard i >= 0, i < size else {
      throw TensorError(
        op,
        "index \(index) is out of bounds for axis \(axis) of size \(size) in "
          + describeShape(shape))
    }
    var kept = shape
    kept[a] = 1
    let copy = try slicedCopy(axis: a, start: i, step: 1, shape: kept)
    var removed = shape
    removed.remove(at: a)
    return Tensor.record(
      SliceOp(name: op, axis: a, start: i, step: 1, length: 1), inputs: [self],
      output: Tensor(shape: removed, storage: copy.storage))
  }

  /// A contiguous copy of the strided view `start, start + step, …` along `axis`, shaped
  /// `outShape` (the input's shape with that axis shortened).
  private func slicedCopy(axis: Int, start: Int, step: Int, shape outShape: [Int]) throws
    -> Tensor
  {
    let out = try Tensor.uninitialized(outShape, op: "slice")
    stridedCopy(
      shape: outShape, from: Tensor.sliceLayout(self, axis: axis, start: start, step: step),
      to: StridedLayout(base: out.storage.base, offset: 0, strides: Tensor.strides(of: outShape)))
    return out
  }

  /// The layout of `t`'s elements `start, start + step, …` along `axis`.
  static func sliceLayout(_ t: Tensor, axis: Int, start: Int, step: Int) -> StridedLayout {
    var strides = Tensor.strides(of: t.shape)
    let offset = start * strides[axis]
    strides[axis] *= step
    return StridedLayout(base: t.storage.base, offset: offset, strides: strides)
  }
}
