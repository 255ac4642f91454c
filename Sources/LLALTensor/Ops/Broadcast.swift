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

  /// Sums `self` down to `target`, undoing a broadcast (the VJP of broadcasting).
  public func sumToShape(_ target: [Int]) throws -> Tensor {
    if shape == target { return self }
    _ = try Tensor.broadcastShape(target, shape, op: "sumToShape")
    let out = try Tensor.zeros(target)
    let inStrides = Tensor.broadcastStrides(target, to: shape)  // where each element goes
    let src = storage.base
    let dst = out.storage.base
    forEachIndex(shape) { linear, offsets in dst[offsets(inStrides)] += src[linear] }
    return out
  }
}

/// Calls `body(linear, offsetFor)` for every index of `shape` in row-major order, where
/// `offsetFor(strides)` is the index's offset under other strides. For general strided
/// loops (transposes, broadcasts); fast paths avoid it.
@inline(__always)
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
  let shape = try Tensor.broadcastShape(a.shape, b.shape, op: op)
  let out = try Tensor.uninitialized(shape, op: op)
  let pa = a.storage.base, pb = b.storage.base, po = out.storage.base
  let n = out.count
  if a.shape == b.shape {
    Parallel.forRanges(n, grain: 1 << 16) { r in for i in r { po[i] = f(pa[i], pb[i]) } }
  } else if b.count == 1 {
    let s = pb[0]
    Parallel.forRanges(n, grain: 1 << 16) { r in for i in r { po[i] = f(pa[i], s) } }
  } else if a.count == 1 {
    let s = pa[0]
    Parallel.forRanges(n, grain: 1 << 16) { r in for i in r { po[i] = f(s, pb[i]) } }
  } else {
    // General case: walk the output with an inner loop over the last dimension.
    let sa = Tensor.broadcastStrides(a.shape, to: shape)
    let sb = Tensor.broadcastStrides(b.shape, to: shape)
    let rank = shape.count
    let inner = shape[rank - 1]
    let ia = sa[rank - 1], ib = sb[rank - 1]
    let outer = n / max(inner, 1)
    let outerShape = Array(shape.dropLast())
    Parallel.forRanges(outer, grain: max(1, (1 << 16) / max(inner, 1))) { rows in
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
        let base = row * inner
        for j in 0..<inner { po[base + j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
        var d = rank - 2
        while d >= 0 {
          index[d] += 1
          if index[d] < outerShape[d] { break }
          index[d] = 0
          d -= 1
        }
      }
    }
  }
  return out
}
