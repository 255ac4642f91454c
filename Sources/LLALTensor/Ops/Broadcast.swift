import CKernels

/// Broadcasting: NumPy's rules (align trailing dimensions; a dimension of 1 stretches).
extension Tensor {
  /// The shape two operands broadcast to, or an error naming `op` and both shapes.
  public static func broadcastShape(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
    let rank = Swift.max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
      let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      guard da == db || da == 1 || db == 1 else {
        throw TensorError(
          op, "shapes \(describeShape(a)) and \(describeShape(b)) cannot be broadcast together")
      }
      out[i] = da == 1 ? db : da
    }
    return out
  }

  /// Strides for reading a tensor of `shape` as if it had `target` shape (0 where a
  /// dimension is broadcast).
  static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(of: shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
      i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
  }

  /// Sums `self` down to `target`, undoing a broadcast (the VJP of broadcasting). Not
  /// recorded on the tape.
  public func sumToShape(_ target: [Int]) throws -> Tensor {
    if shape == target { return self }
    guard try Tensor.broadcastShape(target, shape, op: "sumToShape") == shape else {
      throw TensorError(
        "sumToShape", "\(describeShape(shape)) does not broadcast from \(describeShape(target))")
    }
    let offset = rank - target.count
    let axes = (0..<rank).filter { i in i < offset || (target[i - offset] == 1 && shape[i] != 1) }
    let reduced = try withoutGrad { try sum(axes: axes, keepDims: true) }
    return Tensor(shape: target, storage: reduced.storage)  // same elements, leading 1s dropped
  }
}

@inline(__always)
/// Calls `body(linear, offsetFor)` for every index of `shape` in row-major order, where
/// `offsetFor(strides)` is the index's offset under other strides. For general strided
/// loops (transposes, broadcasts); fast paths avoid it.
func forEachIndex(_ shape: [Int], _ body: (Int, ([Int]) -> Int) -> Void) {
  let n = shape.reduce(1, *)
  if n == 0 { return }
  var index = [Int](repeating: 0, count: shape.count)
  for linear in 0..<n {
    body(linear) { strides in
      var o = 0
      for d in 0..<index.count { o += index[d] * strides[d] }
      return o
    }
    var d = shape.count - 1
    while d >= 0 {
      index[d] += 1
      if index[d] < shape[d] { break }
      index[d] = 0
      d -= 1
    }
  }
}

/// Applies `f` element-wise to two broadcast operands into a fresh tensor.
@inline(__always)
func broadcastBinary(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float)
  throws -> Tensor
{
  try broadcastRows(a, b, op: op) { pa, ia, pb, ib, po, n in
    for j in 0..<n { po[j] = f(pa[j * ia], pb[j * ib]) }
  }
}

/// A kernel over one run of `n` output elements: `out[j] = a[j*sa] ∘ b[j*sb]`, where each
/// stride is 0 (broadcast) or 1.
typealias BinaryRowKernel = (
  _ a: UnsafePointer<Float>, _ sa: Int, _ b: UnsafePointer<Float>, _ sb: Int,
  _ out: UnsafeMutablePointer<Float>, _ n: Int
) -> Void

/// Runs `kernel` over two broadcast operands into a fresh tensor: one call per contiguous
/// range when the operands have the same shape or one is a scalar, otherwise one call per
/// row of the output's last dimension. Large outputs are split across threads.
func broadcastRows(_ a: Tensor, _ b: Tensor, op: String, _ kernel: BinaryRowKernel) throws
  -> Tensor
{
  let shape = try Tensor.broadcastShape(a.shape, b.shape, op: op)
  let out = try Tensor.uninitialized(shape, op: op)
  let pa = UnsafePointer(a.storage.base), pb = UnsafePointer(b.storage.base)
  let po = out.storage.base
  let n = out.count
  // NOTE: also keeps an empty dimension out of the row walk below, which divides by
  // every outer dimension.
  if n == 0 { return out }
  if a.shape == b.shape || a.count == 1 || b.count == 1 {
    let sa = a.count == 1 && n != 1 ? 0 : 1
    let sb = b.count == 1 && n != 1 ? 0 : 1
    Parallel.forRanges(n, grain: 1 << 15) { r in
      kernel(pa + r.lowerBound * sa, sa, pb + r.lowerBound * sb, sb, po + r.lowerBound, r.count)
    }
    return out
  }
  // General case: walk the output rows, the last dimension contiguous or broadcast.
  let sa = Tensor.broadcastStrides(a.shape, to: shape)
  let sb = Tensor.broadcastStrides(b.shape, to: shape)
  let rank = shape.count
  let inner = shape[rank - 1]
  let ia = sa[rank - 1], ib = sb[rank - 1]
  let outerShape = Array(shape.dropLast())
  let outer = n / Swift.max(inner, 1)
  Parallel.forRanges(outer, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { rows in
    var index = [Int](repeating: 0, count: rank - 1)
    var rem = rows.lowerBound
    for d in stride(from: rank - 2, through: 0, by: -1) {
      index[d] = rem % outerShape[d]
      rem /= outerShape[d]
    }
    for row in rows {
      var oa = 0, ob = 0
      for d in 0..<(rank - 1) {
        oa += index[d] * sa[d]
        ob += index[d] * sb[d]
      }
      kernel(pa + oa, ia, pb + ob, ib, po + row * inner, inner)
      var d = rank - 2
      while d >= 0 {
        index[d] += 1
        if index[d] < outerShape[d] { break }
        index[d] = 0
        d -= 1
      }
    }
  }
  return out
}

/// `a ∘ b` with broadcasting for the four arithmetic operations, through the vectorised
/// C kernel.
func broadcastArithmetic(_ a: Tensor, _ b: Tensor, op: String, _ kind: Int32) throws -> Tensor {
  try broadcastRows(a, b, op: op) { pa, sa, pb, sb, po, n in
    llal_binary(kind, pa, sa, pb, sb, po, n)
  }
}
