/// Joining tensors: `concat` along an existing axis, `stack` along a new one.

/// Inputs laid side by side along `axis` (`sizes[k]` positions each): the gradient is
/// split back into those pieces. For `stack` each piece has size 1 and is reshaped to
/// its input's shape (the new axis dropped).
struct ConcatOp: TapeOp {
  let name: String
  let axis: Int
  let sizes: [Int]
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    var start = 0
    var grads: [Tensor?] = []
    for (x, size) in zip(inputs, sizes) {
      defer { start += size }
      guard x.requiresGrad else {
        grads.append(nil)
        continue
      }
      var pieceShape = g.shape
      pieceShape[axis] = size
      let piece = Tensor.uninitialized(pieceShape)
      stridedCopy(
        shape: pieceShape, from: Tensor.sliceLayout(g, axis: axis, start: start, step: 1),
        to: StridedLayout(
          base: piece.storage.base, offset: 0, strides: Tensor.strides(of: pieceShape)))
      grads.append(Tensor(shape: x.shape, storage: piece.storage))
    }
    return grads
  }
}

extension Tensor {
  /// The tensors joined along `axis` (`torch.cat`); all other dimensions must agree.
  ///
  /// ```swift
  /// try Tensor.concat([a, b], axis: 1)  // [N, 3] and [N, 5] give [N, 8]
  /// ```
  public static func concat(_ ts: [Tensor], axis: Int) throws -> Tensor {
    let op = "concat"
    guard let first = ts.first else { throw TensorError(op, "needs at least one tensor") }
    guard first.rank > 0 else { throw TensorError(op, "cannot concatenate scalars (shape [])") }
    let a = try normalizedAxis(axis, in: first.shape, op: op)
    for t in ts.dropFirst() {
      var same = t.rank == first.rank
      if same {
        for d in 0..<t.rank where d != a && t.shape[d] != first.shape[d] { same = false }
      }
      guard same else {
        throw TensorError(
          op,
          "shapes \(describeShape(first.shape)) and \(describeShape(t.shape)) differ "
            + "outside axis \(axis)")
      }
    }
    let sizes = ts.map { $0.shape[a] }
    var outShape = first.shape
    outShape[a] = 0
    for s in sizes {
      let (sum, overflow) = outShape[a].addingReportingOverflow(s)
      guard !overflow else { throw TensorError(op, "the result is too large") }
      outShape[a] = sum
    }
    let out = try joined(ts.map { ($0, $0.shape) }, axis: a, shape: outShape, op: op)
    return record(ConcatOp(name: op, axis: a, sizes: sizes), inputs: ts, output: out)
  }

  /// The tensors, all of one shape, joined along a new axis `axis` (in
  /// `-(rank + 1)...rank`), as `torch.stack`: n tensors of `[A, B]` stacked on axis 1
  /// give `[A, n, B]`.
  public static func stack(_ ts: [Tensor], axis: Int) throws -> Tensor {
    let op = "stack"
    guard let first = ts.first else { throw TensorError(op, "needs at least one tensor") }
    let a = try normalizedAxis(axis, in: first.shape, op: op, inserting: true)
    for t in ts.dropFirst() where t.shape != first.shape {
      throw TensorError(
        op,
        "all tensors must have the same shape, got \(describeShape(first.shape)) and "
          + describeShape(t.shape))
    }
    var pieceShape = first.shape
    pieceShape.insert(1, at: a)
    var outShape = first.shape
    outShape.insert(ts.count, at: a)
    let out = try joined(ts.map { ($0, pieceShape) }, axis: a, shape: outShape, op: op)
    return record(
      ConcatOp(name: op, axis: a, sizes: [Int](repeating: 1, count: ts.count)), inputs: ts,
      output: out)
  }

  /// Copies each `(tensor, viewed as shape)` into consecutive positions along `axis` of a
  /// new tensor of `shape`.
  private static func joined(_ pieces: [(Tensor, [Int])], axis: Int, shape: [Int], op: String)
    throws -> Tensor
  {
    let out = try uninitialized(shape, op: op)
    var start = 0
    for (t, viewShape) in pieces {
      stridedCopy(
        shape: viewShape,
        from: StridedLayout(base: t.storage.base, offset: 0, strides: strides(of: viewShape)),
        to: sliceLayout(out, axis: axis, start: start, step: 1))
      start += viewShape[axis]
    }
    return out
  }
}
