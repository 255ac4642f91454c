/// Reductions over any set of axes (`sum`, `mean`, `max`, `min`, `variance`), `argmax` and
/// `argmin` along one axis, and their gradients.
import CKernels

/// How a reduction folds its input: the normalised axes, the result's shapes, and the input
/// seen as a few merged runs of kept and reduced dimensions.
///
/// Dimensions of size 1 are dropped and neighbours of the same kind merged, so every
/// reduction runs as at most a handful of `[outer, r, inner]` passes over contiguous memory:
/// summing over the last axis of `[N, C]` is one pass of row sums, and the per-channel
/// statistics of `[N, C, H, W]` (axes 0, 2, 3) are row sums over `H·W` then column sums
/// over `N`.
struct ReductionPlan {
  /// The input's shape.
  let inputShape: [Int]
  /// The reduced axes, normalised and ascending.
  let axes: [Int]
  /// The input's shape with 1 at every reduced axis (the result with `keepDims`).
  let keptShape: [Int]
  /// The result's shape.
  let outputShape: [Int]
  /// How many input elements fold into each result element.
  let reducedCount: Int
  /// The merged runs of dimensions, outermost first.
  let runs: [(size: Int, reduced: Bool)]

  /// The plan for reducing `shape` over `axes` (all axes if nil), or an error naming `op`
  /// for an axis out of range or given twice.
  init(_ shape: [Int], axes: [Int]?, keepDims: Bool, op: String) throws {
    let rank = shape.count
    var normalized: [Int] = []
    for axis in axes ?? Array(0..<rank) {
      let a = try Tensor.resolvedAxis(axis, shape: shape, op: op)
      guard !normalized.contains(a) else {
        throw TensorError(
          op, "axes \(axes ?? []) name axis \(a) twice (tensor \(describeShape(shape)))")
      }
      normalized.append(a)
    }
    // A scalar's only axis (0 or -1) is itself: reducing it leaves a scalar.
    let sorted = rank == 0 ? [] : normalized.sorted()
    let isReduced = (0..<rank).map { sorted.contains($0) }
    let kept = (0..<rank).map { isReduced[$0] ? 1 : shape[$0] }
    self.axes = sorted
    inputShape = shape
    keptShape = kept
    outputShape = keepDims ? kept : (0..<rank).filter { !isReduced[$0] }.map { shape[$0] }
    reducedCount = sorted.reduce(1) { $0 * shape[$1] }
    var runs: [(size: Int, reduced: Bool)] = []
    for (size, reduced) in zip(shape, isReduced) where size != 1 {
      if let last = runs.last, last.reduced == reduced {
        runs[runs.count - 1].size = last.size * size
      } else {
        runs.append((size, reduced))
      }
    }
    self.runs = runs
  }

  /// `g`, shaped like the result, spread back over the input's shape (each element gets
  /// the value of the result element it was folded into).
  func spread(_ g: Tensor) -> Tensor {
    Tensor(shape: keptShape, storage: g.storage).broadcastMaterialized(to: inputShape)
  }
}

/// The reductions the kernels compute.
enum ReductionKind {
  case sum, max, min

  var code: Int32 {
    switch self {
    case .sum: Int32(LLAL_REDUCE_SUM)
    case .max: Int32(LLAL_REDUCE_MAX)
    case .min: Int32(LLAL_REDUCE_MIN)
    }
  }
}

/// Elements per thread below which splitting a reduction does not pay.
private let reductionGrain = 1 << 15

extension Tensor {
  /// `axis` normalised for a tensor of `shape` (negative counts from the end; a scalar
  /// accepts 0 and -1), or an error naming `op`, the axis and the shape.
  static func resolvedAxis(_ axis: Int, shape: [Int], op: String) throws -> Int {
    let rank = Swift.max(shape.count, 1)
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else {
      throw TensorError(
        op, "axis \(axis) is out of range for a tensor of shape \(describeShape(shape))")
    }
    return a
  }

  /// The `kind` reduction of `self` under `plan`, into a fresh tensor (not recorded). The
  /// caller rules out max and min over an empty axis.
  func reduced(_ kind: ReductionKind, _ plan: ReductionPlan) -> Tensor {
    let out = Tensor.uninitialized(plan.outputShape)
    if out.count == 0 { return out }
    if plan.reducedCount == 0 {  // an empty sum
      out.storage.base.update(repeating: 0, count: out.count)
      return out
    }
    var dims = plan.runs.map(\.size)
    var reduced = plan.runs.map(\.reduced)
    if !reduced.contains(true) {
      out.storage.base.update(from: storage.base, count: count)
      return out
    }
    // Innermost reduced run first: it shrinks the data most while reading it contiguously.
    var source: Tensor = self
    while let k = reduced.lastIndex(of: true) {
      let outer = dims[..<k].reduce(1, *), r = dims[k], inner = dims[(k + 1)...].reduce(1, *)
      dims.remove(at: k)
      reduced.remove(at: k)
      let target = reduced.contains(true) ? Tensor.uninitialized([outer * inner]) : out
      Tensor.reduceMiddleAxis(
        kind, source.storage.base, outer: outer, r: r, inner: inner, into: target.storage.base)
      source = target
    }
    return out
  }

  /// Reduces `x` viewed as `[outer, r, inner]` over `r` into `[outer, inner]`, split over
  /// threads by rows, by columns, or (for one long run) into partial results.
  private static func reduceMiddleAxis(
    _ kind: ReductionKind, _ x: UnsafePointer<Float>, outer: Int, r: Int, inner: Int,
    into out: UnsafeMutablePointer<Float>
  ) {
    let threads = Parallel.threadCount
    let work = outer * r * inner
    if threads > 1, work >= 2 * reductionGrain {
      if outer >= threads {
        let grain = Swift.max(1, reductionGrain / (r * inner))
        Parallel.forRanges(outer, grain: grain) { rows in
          llal_reduce(
            kind.code, x + rows.lowerBound * r * inner, rows.count, r, inner, 0, inner,
            out + rows.lowerBound * inner)
        }
        return
      }
      if inner >= 16 * threads {
        // Blocks of 8 columns keep every thread's vectors whole.
        let blocks = inner / 8
        Parallel.forRanges(blocks, grain: Swift.max(1, reductionGrain / (8 * outer * r))) { b in
          let end = b.upperBound == blocks ? inner : b.upperBound * 8
          llal_reduce(kind.code, x, outer, r, inner, b.lowerBound * 8, end, out)
        }
        return
      }
      if outer == 1, inner == 1 {
        let pieces = Swift.min(threads, r / reductionGrain)
        let partial = Tensor.uninitialized([pieces])
        let p = partial.storage.base
        withExtendedLifetime(partial) {
          Parallel.forEach(chunks: pieces) { i in
            let lo = r * i / pieces, hi = r * (i + 1) / pieces
            llal_reduce(kind.code, x + lo, 1, hi - lo, 1, 0, 1, p + i)
          }
          llal_reduce(kind.code, p, 1, pieces, 1, 0, 1, out)
        }
        return
      }
    }
    llal_reduce(kind.code, x, outer, r, inner, 0, inner, out)
  }

  /// `self` (broadcastable to `shape`) copied out to `shape`; `self` when it already has it.
  func broadcastMaterialized(to shape: [Int]) -> Tensor {
    if self.shape == shape { return self }
    let out = Tensor.uninitialized(shape)
    if out.count == 0 { return out }
    // Merge the target's dimensions into runs that step through the source evenly.
    var runs: [(size: Int, stride: Int)] = []
    for (size, stride) in zip(shape, Tensor.broadcastStrides(self.shape, to: shape))
    where size != 1 {
      if let last = runs.last, last.stride == stride * size {
        runs[runs.count - 1] = (last.size * size, stride)
      } else {
        runs.append((size, stride))
      }
    }
    let src = storage.base, dst = out.storage.base
    guard let (n, step) = runs.popLast() else {
      dst[0] = src[0]
      return out
    }
    // The innermost run either follows the source (stride 1) or repeats one element
    // (stride 0): any source dimension after it has size 1.
    var index = [Int](repeating: 0, count: runs.count)
    var offset = 0
    for row in 0..<(out.count / n) {
      if step == 0 {
        (dst + row * n).update(repeating: src[offset], count: n)
      } else {
        (dst + row * n).update(from: src + offset, count: n)
      }
      var d = runs.count - 1
      while d >= 0 {
        index[d] += 1
        offset += runs[d].stride
        if index[d] < runs[d].size { break }
        offset -= runs[d].stride * runs[d].size
        index[d] = 0
        d -= 1
      }
    }
    return out
  }
}

// MARK: - Sum, mean, max, min, variance

/// `sum(axes:)`: the gradient is spread unchanged over the folded elements.
struct SumOp: TapeOp {
  let plan: ReductionPlan
  var name: String { "sum" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    [plan.spread(g)]
  }
}

/// `mean(axes:)`: d mean / dxᵢ = 1/n.
struct MeanOp: TapeOp {
  let plan: ReductionPlan
  var name: String { "mean" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let dx = plan.spread(g)
    // With one element per result, `spread` shares g's storage, and there is nothing to scale.
    if plan.reducedCount != 1 { dx.scaleInPlace(by: 1 / Float(plan.reducedCount)) }
    return [dx]
  }
}

/// `max(axes:)` or `min(axes:)`.
struct ExtremumOp: TapeOp {
  let plan: ReductionPlan
  let isMin: Bool
  var name: String { isMin ? "min" : "max" }

  // The gradient goes to the elements equal to the extremum, shared evenly among ties
  // (PyTorch's amax/amin rule).
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let best = plan.spread(output)
    let hit = Tensor.uninitialized(x.shape)
    let px = x.storage.base, pb = best.storage.base, ph = hit.storage.base
    // NOTE: the locals whose raw pointers the loops use are kept alive explicitly, since
    // Swift may release an object after the last use of the object itself.
    withExtendedLifetime(best) {
      for i in 0..<x.count { ph[i] = px[i] == pb[i] ? 1 : 0 }
    }
    let ties = plan.spread(hit.reduced(.sum, plan))
    let share = plan.spread(g)
    let pt = ties.storage.base, ps = share.storage.base
    withExtendedLifetime((ties, share)) {
      for i in 0..<x.count { ph[i] = ph[i] != 0 ? ps[i] / pt[i] : 0 }
    }
    return [hit]
  }
}

/// `variance(axes:)`: d var / dxᵢ = 2 (xᵢ − mean) / (n − 1 if unbiased, else n); the mean's
/// own dependence on xᵢ cancels because the deviations sum to zero.
struct VarianceOp: TapeOp {
  let plan: ReductionPlan
  let unbiased: Bool
  var name: String { "variance" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let mean = plan.spread(x.reducedMean(plan))
    let share = plan.spread(g)
    let scale = 2 / Float(plan.reducedCount - (unbiased ? 1 : 0))
    let dx = Tensor.uninitialized(x.shape)
    let px = x.storage.base, pm = mean.storage.base, ps = share.storage.base
    let pd = dx.storage.base
    withExtendedLifetime((mean, share)) {
      for i in 0..<x.count { pd[i] = scale * ps[i] * (px[i] - pm[i]) }
    }
    return [dx]
  }
}

extension Tensor {
  func scaleInPlace(by s: Float) {
    let p = storage.base
    Parallel.forRanges(count, grain: 1 << 16) { r in for i in r { p[i] *= s } }
  }

  func reducedMean(_ plan: ReductionPlan) -> Tensor {
    let out = reduced(.sum, plan)
    out.scaleInPlace(by: 1 / Float(plan.reducedCount))
    return out
  }

  /// The sum over `axes` (all if nil; negative axes count from the end), keeping the
  /// reduced axes as size 1 with `keepDims`.
  ///
  ///     try x.sum()                    // shape []
  ///     try x.sum(axes: [0])           // [N, C] → [C]
  ///     try x.sum(axes: [-1], keepDims: true)   // [N, C] → [N, 1]
  public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
    let plan = try ReductionPlan(shape, axes: axes, keepDims: keepDims, op: "sum")
    return Tensor.record(SumOp(plan: plan), inputs: [self], output: reduced(.sum, plan))
  }

  /// The arithmetic mean over `axes` (all if nil); NaN over an empty axis.
  public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
    let plan = try ReductionPlan(shape, axes: axes, keepDims: keepDims, op: "mean")
    return Tensor.record(MeanOp(plan: plan), inputs: [self], output: reducedMean(plan))
  }

  /// The largest element over `axes` (all if nil); NaN if any is NaN. Ties share the
  /// gradient evenly.
  public func max(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
    try extremum(axes: axes, keepDims: keepDims, isMin: false)
  }

  /// The smallest element over `axes` (all if nil); NaN if any is NaN. Ties share the
  /// gradient evenly.
  public func min(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
    try extremum(axes: axes, keepDims: keepDims, isMin: true)
  }

  private func extremum(axes: [Int]?, keepDims: Bool, isMin: Bool) throws -> Tensor {
    let op = isMin ? "min" : "max"
    let plan = try ReductionPlan(shape, axes: axes, keepDims: keepDims, op: op)
    if plan.reducedCount == 0, Tensor.elementCount(plan.outputShape) > 0 {
      throw TensorError(op, "cannot reduce over an empty axis of \(describeShape(shape))")
    }
    let out = reduced(isMin ? .min : .max, plan)
    return Tensor.record(ExtremumOp(plan: plan, isMin: isMin), inputs: [self], output: out)
  }

  /// The variance over `axes` (all if nil): the mean squared deviation from the mean,
  /// divided by n (biased, what batch normalisation uses) or, with `unbiased`, by n − 1.
  /// NaN when the divisor is 0.
  public func variance(axes: [Int]? = nil, keepDims: Bool = false, unbiased: Bool = false)
    throws -> Tensor
  {
    let plan = try ReductionPlan(shape, axes: axes, keepDims: keepDims, op: "variance")
    let mean = plan.spread(reducedMean(plan))
    let squares = Tensor.uninitialized(shape)
    let px = storage.base, pm = mean.storage.base, ps = squares.storage.base
    withExtendedLifetime(mean) {
      Parallel.forRanges(count, grain: 1 << 16) { r in
        for i in r {
          let d = px[i] - pm[i]
          ps[i] = d * d
        }
      }
    }
    let out = squares.reduced(.sum, plan)
    out.scaleInPlace(by: 1 / Float(plan.reducedCount - (unbiased ? 1 : 0)))
    return Tensor.record(
      VarianceOp(plan: plan, unbiased: unbiased), inputs: [self], output: out)
  }

  private static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }
}

// MARK: - argmax, argmin

extension Tensor {
  /// The index of the largest element along `axis`, as a Float; the first on ties, the
  /// first NaN if any. Not differentiable.
  public func argmax(axis: Int, keepDims: Bool = false) throws -> Tensor {
    try argExtremum(axis: axis, keepDims: keepDims, isMin: false)
  }

  /// The index of the smallest element along `axis`, as a Float; the first on ties, the
  /// first NaN if any. Not differentiable.
  public func argmin(axis: Int, keepDims: Bool = false) throws -> Tensor {
    try argExtremum(axis: axis, keepDims: keepDims, isMin: true)
  }

  private func argExtremum(axis: Int, keepDims: Bool, isMin: Bool) throws -> Tensor {
    let op = isMin ? "argmin" : "argmax"
    let plan = try ReductionPlan(shape, axes: [axis], keepDims: keepDims, op: op)
    let out = Tensor.uninitialized(plan.outputShape)
    if out.count == 0 { return out }
    guard plan.reducedCount > 0 else {
      throw TensorError(op, "cannot reduce over an empty axis of \(describeShape(shape))")
    }
    guard let a = plan.axes.first else {  // a scalar: its only index is 0
      out.storage.base[0] = 0
      return out
    }
    let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
    let x = storage.base, o = out.storage.base
    let grain = Swift.max(1, reductionGrain / (shape[a] * inner))
    Parallel.forRanges(outer, grain: grain) { rows in
      llal_argreduce(
        isMin ? 1 : 0, x + rows.lowerBound * shape[a] * inner, rows.count, shape[a], inner,
        o + rows.lowerBound * inner)
    }
    return out
  }
}
