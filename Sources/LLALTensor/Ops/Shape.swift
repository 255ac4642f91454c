/// Shape operations: reshape and its special cases (squeeze, unsqueeze, flatten), which
/// share storage, and permute/transpose/expand, which copy.

/// Any change of shape that keeps the row-major order: the gradient is reshaped back.
struct ReshapeOp: TapeOp {
  var name: String { "reshape" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    [Tensor(shape: inputs[0].shape, storage: g.storage)]
  }
}

/// A permutation of the axes: the gradient is permuted by the inverse permutation.
struct PermuteOp: TapeOp {
  let axes: [Int]
  var name: String { "permute" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    var inverse = [Int](repeating: 0, count: axes.count)
    for (i, a) in axes.enumerated() { inverse[a] = i }
    return [try g.permuted(inverse)]
  }
}

/// A broadcast to a larger shape: the gradient is summed over the stretched axes.
struct ExpandOp: TapeOp {
  var name: String { "expand" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    [try g.sumToShape(inputs[0].shape)]
  }
}

extension Tensor {
  /// The same elements in a new shape; one dimension may be `-1`, inferred from the
  /// others. Shares storage with `self` (no copy), like a PyTorch view.
  ///
  /// ```swift
  /// try Tensor.arange(0, 6).reshaped([2, -1])  // shape [2, 3]
  /// ```
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    let op = "reshape"
    var known = 1
    var inferred: Int? = nil
    for (i, d) in newShape.enumerated() {
      if d == -1 {
        guard inferred == nil else {
          throw TensorError(op, "only one dimension can be -1, got \(describeShape(newShape))")
        }
        inferred = i
      } else if d < 0 {
        throw TensorError(op, "invalid dimension \(d) in shape \(describeShape(newShape))")
      } else {
        // Saturates: an impossible product only has to compare unequal to `count`.
        let (m, overflow) = known.multipliedReportingOverflow(by: d)
        known = overflow ? Int.max : m
      }
    }
    var resolved = newShape
    if let i = inferred {
      guard known != 0, count % known == 0 else {
        throw TensorError(
          op,
          "cannot reshape \(describeShape(shape)) (\(count) elements) into "
            + describeShape(newShape))
      }
      resolved[i] = count / known
    } else if known != count {
      let size = known == Int.max ? "more than \(Tensor.maxElementCount)" : "\(known)"
      throw TensorError(
        op,
        "cannot reshape \(describeShape(shape)) (\(count) elements) into "
          + "\(describeShape(newShape)) (\(size) elements)")
    }
    return reshapedView(resolved)
  }

  /// `axis` of a tensor of `shape` counted from 0 (negative axes count from the end), or
  /// an error naming `op`, the shape and the valid range. With `inserting`, `axis` is
  /// where a new axis goes, in `-(rank + 1)...rank`.
  static func normalizedAxis(_ axis: Int, in shape: [Int], op: String, inserting: Bool = false)
    throws -> Int
  {
    let n = Swift.max(shape.count + (inserting ? 1 : 0), 1)
    let a = axis < 0 ? axis + n : axis
    guard a >= 0, a < n else {
      let target = inserting ? "inserting into a tensor" : "a tensor"
      throw TensorError(
        op,
        "axis \(axis) is out of range for \(target) of shape \(describeShape(shape)) "
          + "(\(-n)...\(n - 1))")
    }
    return a
  }

  /// A recorded view of the same storage under `newShape` (same element count).
  func reshapedView(_ newShape: [Int]) -> Tensor {
    Tensor.record(
      ReshapeOp(), inputs: [self], output: Tensor(shape: newShape, storage: storage))
  }

  /// The axes reordered: axis `i` of the result is axis `axes[i]` of `self`
  /// (`torch.permute`). Negative axes count from the end. Copies with cache-blocked
  /// tiles when the innermost axis moves.
  public func permuted(_ axes: [Int]) throws -> Tensor {
    let op = "permute"
    guard axes.count == rank else {
      throw TensorError(
        op, "\(axes) is not a permutation of the \(rank) axes of \(describeShape(shape))")
    }
    var seen = [Bool](repeating: false, count: rank)
    var perm: [Int] = []
    for a in axes {
      let n = a < 0 ? a + rank : a
      guard n >= 0, n < rank, !seen[n] else {
        throw TensorError(
          op, "\(axes) is not a permutation of the \(rank) axes of \(describeShape(shape))")
      }
      seen[n] = true
      perm.append(n)
    }
    let out = Tensor.uninitialized(perm.map { shape[$0] })
    let own = Tensor.strides(of: shape)
    stridedCopy(
      shape: out.shape,
      from: StridedLayout(base: storage.base, offset: 0, strides: perm.map { own[$0] }),
      to: StridedLayout(base: out.storage.base, offset: 0, strides: Tensor.strides(of: out.shape))
    )
    return Tensor.record(PermuteOp(axes: perm), inputs: [self], output: out)
  }

  /// The last two axes swapped (a matrix transpose, batched over leading axes). Needs
  /// rank >= 2.
  public func transposed() throws -> Tensor {
    guard rank >= 2 else {
      throw TensorError(
        "transpose",
        "needs a tensor of rank >= 2 to swap the last two axes, got "
          + describeShape(shape))
    }
    return try transposed(rank - 2, rank - 1)
  }

  /// Axes `a` and `b` swapped (`torch.transpose`); negative axes count from the end.
  public func transposed(_ a: Int, _ b: Int) throws -> Tensor {
    let i = try Tensor.normalizedAxis(a, in: shape, op: "transpose")
    let j = try Tensor.normalizedAxis(b, in: shape, op: "transpose")
    if rank == 0 { return reshapedView(shape) }
    var perm = Array(0..<rank)
    perm.swapAt(i, j)
    return try permuted(perm)
  }

  /// Axis `axis` removed if its size is 1; otherwise the same shape, as `torch.squeeze`.
  /// Shares storage.
  public func squeezed(axis: Int) throws -> Tensor {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "squeeze")
    guard rank > 0, shape[a] == 1 else { return reshapedView(shape) }
    var s = shape
    s.remove(at: a)
    return reshapedView(s)
  }

  /// A new axis of size 1 inserted at `axis` (in `-(rank + 1)...rank`). Shares storage.
  public func unsqueezed(axis: Int) throws -> Tensor {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "unsqueeze", inserting: true)
    var s = shape
    s.insert(1, at: a)
    return reshapedView(s)
  }

  /// Axes `axis` through the last merged into one (`torch.flatten(x, start_dim: axis)`);
  /// `[N, C, H, W].flattened()` is `[N, C·H·W]`. Shares storage.
  public func flattened(from axis: Int = 1) throws -> Tensor {
    let a = try Tensor.normalizedAxis(axis, in: shape, op: "flatten")
    if rank == 0 { return reshapedView([1]) }
    return reshapedView(Array(shape[..<a]) + [shape[a...].reduce(1, *)])
  }

  /// `self` broadcast to `target` (`torch.expand`, copying): dimensions of size 1
  /// stretch, new leading dimensions are added, and `-1` keeps a dimension's size.
  public func expanded(to target: [Int]) throws -> Tensor {
    let op = "expand"
    let fail = TensorError(op, "cannot expand \(describeShape(shape)) to \(describeShape(target))")
    guard target.count >= rank else { throw fail }
    let lead = target.count - rank
    var resolved = target
    for i in 0..<target.count {
      if i < lead {
        guard target[i] >= 0 else { throw fail }
        continue
      }
      let own = shape[i - lead]
      if target[i] == -1 { resolved[i] = own }
      guard resolved[i] >= 0, own == resolved[i] || own == 1 else { throw fail }
    }
    let out = try Tensor.uninitialized(resolved, op: op)
    stridedCopy(
      shape: resolved,
      from: StridedLayout(
        base: storage.base, offset: 0, strides: Tensor.broadcastStrides(shape, to: resolved)),
      to: StridedLayout(base: out.storage.base, offset: 0, strides: Tensor.strides(of: resolved)))
    return Tensor.record(ExpandOp(), inputs: [self], output: out)
  }
}
