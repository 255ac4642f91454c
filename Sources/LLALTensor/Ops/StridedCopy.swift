/// Copying between strided layouts: the one kernel behind permute, slice, select, expand,
/// concat and stack.
///
/// A layout is an offset plus one stride per dimension of a common `shape`. Dimensions of
/// size 1 are dropped and neighbours that are contiguous in both layouts are merged, so a
/// slice of rows becomes one `memcpy`, a broadcast row becomes one fill, and a transpose
/// becomes a tiled 2-D copy that reads and writes whole cache lines.

/// One side of a strided copy.
struct StridedLayout {
  var base: UnsafeMutablePointer<Float>
  var offset: Int
  var strides: [Int]
}

/// Side of the square tiles used when the contiguous dimensions of source and destination
/// differ (32 × 32 floats: one 4 KiB tile of each side stays in L1).
private let tile = 32

/// Elements per parallel piece below which threads cost more than they save.
private let parallelGrain = 1 << 15

/// Copies every element of `shape` from `src` to `dst`. The destination must not overlap
/// itself (no zero strides) so that pieces can be written in parallel.
func stridedCopy(shape: [Int], from src: StridedLayout, to dst: StridedLayout) {
  if shape.contains(0) { return }
  // Coalesce: drop size-1 dimensions, merge neighbours contiguous on both sides.
  var dims: [Int] = []
  var ss: [Int] = []
  var ds: [Int] = []
  for d in 0..<shape.count where shape[d] != 1 {
    if let last = dims.last, ss[ss.count - 1] == src.strides[d] * shape[d],
      ds[ds.count - 1] == dst.strides[d] * shape[d]
    {
      dims[dims.count - 1] = last * shape[d]
      ss[ss.count - 1] = src.strides[d]
      ds[ds.count - 1] = dst.strides[d]
    } else {
      dims.append(shape[d])
      ss.append(src.strides[d])
      ds.append(dst.strides[d])
    }
  }
  let s = src.base + src.offset
  let t = dst.base + dst.offset
  if dims.isEmpty {
    t[0] = s[0]
    return
  }
  let last = dims.count - 1
  // A transpose pattern: the destination's inner dimension is strided in the source, and
  // another dimension is contiguous in the source. Tile those two.
  if ds[last] == 1, ss[last] != 1, let y = ss.firstIndex(of: 1), y != last {
    tiledCopy(dims: dims, ss: ss, ds: ds, x: last, y: y, s: s, t: t)
    return
  }
  rowCopy(dims: dims, ss: ss, ds: ds, s: s, t: t)
}

/// Copies row by row along the last (coalesced) dimension.
private func rowCopy(
  dims: [Int], ss: [Int], ds: [Int], s: UnsafeMutablePointer<Float>,
  t: UnsafeMutablePointer<Float>
) {
  let last = dims.count - 1
  let inner = dims[last]
  let si = ss[last], di = ds[last]
  let outerDims = Array(dims[..<last])
  let rows = outerDims.reduce(1, *)
  Parallel.forRanges(rows, grain: max(1, parallelGrain / inner)) { range in
    var walker = OffsetWalker(dims: outerDims, strideA: ss, strideB: ds, start: range.lowerBound)
    for _ in range {
      let from = s + walker.a
      let to = t + walker.b
      if si == 1 && di == 1 {
        to.update(from: from, count: inner)
      } else if si == 0 {
        let v = from[0]
        if di == 1 {
          to.update(repeating: v, count: inner)
        } else {
          for j in 0..<inner { to[j * di] = v }
        }
      } else {
        for j in 0..<inner { to[j * di] = from[j * si] }
      }
      walker.advance()
    }
  }
}

/// Copies with square tiles over dimension `x` (contiguous in the destination) and `y`
/// (contiguous in the source); the other dimensions are walked outside.
private func tiledCopy(
  dims: [Int], ss: [Int], ds: [Int], x: Int, y: Int, s: UnsafeMutablePointer<Float>,
  t: UnsafeMutablePointer<Float>
) {
  let nx = dims[x], ny = dims[y]
  let sx = ss[x], dy = ds[y]
  let outer = dims.indices.filter { $0 != x && $0 != y }
  let outerDims = outer.map { dims[$0] }
  let outerSS = outer.map { ss[$0] }
  let outerDS = outer.map { ds[$0] }
  let outerCount = outerDims.reduce(1, *)
  let yTiles = (ny + tile - 1) / tile
  let units = outerCount * yTiles
  let grain = max(1, parallelGrain / max(1, tile * nx))
  Parallel.forRanges(units, grain: grain) { range in
    var walker = OffsetWalker(
      dims: outerDims, strideA: outerSS, strideB: outerDS, start: range.lowerBound / yTiles)
    var current = range.lowerBound / yTiles
    for unit in range {
      let o = unit / yTiles
      while current < o {
        walker.advance()
        current += 1
      }
      let y0 = (unit % yTiles) * tile
      let y1 = min(y0 + tile, ny)
      let from = s + walker.a
      let to = t + walker.b
      var x0 = 0
      while x0 < nx {
        let x1 = min(x0 + tile, nx)
        // 8 × 8 blocks transposed in registers; the ragged edges element by element.
        var j0 = y0
        while j0 < y1 {
          let j1 = min(j0 + 8, y1)
          var i0 = x0
          while i0 < x1 {
            let i1 = min(i0 + 8, x1)
            if i1 - i0 == 8 && j1 - j0 == 8 {
              transpose8x8(from + j0 + i0 * sx, stride: sx, to: to + j0 * dy + i0, stride: dy)
            } else {
              for j in j0..<j1 {
                for i in i0..<i1 { to[j * dy + i] = from[j + i * sx] }
              }
            }
            i0 = i1
          }
          j0 = j1
        }
        x0 = x1
      }
    }
  }
}

/// Writes the transpose of the 8 × 8 block at `src` (rows `srcStride` apart) to `dst`
/// (rows `dstStride` apart).
///
/// Three rounds of "unzip" (even lanes of a row pair, then odd lanes) rotate each
/// element's 6-bit position (row bits, then column bits) right by one bit; after three
/// rounds row and column bits have swapped places, which is the transpose. Each unzip
/// is two shuffles on SSE, so the block needs no scalar moves.
@inline(__always)
private func transpose8x8(
  _ src: UnsafePointer<Float>, stride srcStride: Int, to dst: UnsafeMutablePointer<Float>,
  stride dstStride: Int
) {
  var a = (
    UnsafeRawPointer(src).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 2 * srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 3 * srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 4 * srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 5 * srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 6 * srcStride).loadUnaligned(as: SIMD8<Float>.self),
    UnsafeRawPointer(src + 7 * srcStride).loadUnaligned(as: SIMD8<Float>.self)
  )
  for _ in 0..<3 {
    let p0 = SIMD16(lowHalf: a.0, highHalf: a.1)
    let p1 = SIMD16(lowHalf: a.2, highHalf: a.3)
    let p2 = SIMD16(lowHalf: a.4, highHalf: a.5)
    let p3 = SIMD16(lowHalf: a.6, highHalf: a.7)
    a = (
      p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf,
      p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf
    )
  }
  let out = UnsafeMutableRawPointer(dst)
  out.storeBytes(of: a.0, as: SIMD8<Float>.self)
  (out + 4 * dstStride).storeBytes(of: a.1, as: SIMD8<Float>.self)
  (out + 8 * dstStride).storeBytes(of: a.2, as: SIMD8<Float>.self)
  (out + 12 * dstStride).storeBytes(of: a.3, as: SIMD8<Float>.self)
  (out + 16 * dstStride).storeBytes(of: a.4, as: SIMD8<Float>.self)
  (out + 20 * dstStride).storeBytes(of: a.5, as: SIMD8<Float>.self)
  (out + 24 * dstStride).storeBytes(of: a.6, as: SIMD8<Float>.self)
  (out + 28 * dstStride).storeBytes(of: a.7, as: SIMD8<Float>.self)
}

/// Walks the row-major indices of `dims`, keeping the matching offsets under two sets of
/// strides (only the first `dims.count` strides of each are used).
struct OffsetWalker {
  let dims: [Int]
  let strideA: [Int]
  let strideB: [Int]
  var index: [Int]
  var a = 0
  var b = 0

  /// Starts at row-major position `start`.
  init(dims: [Int], strideA: [Int], strideB: [Int], start: Int) {
    self.dims = dims
    self.strideA = strideA
    self.strideB = strideB
    index = [Int](repeating: 0, count: dims.count)
    var rem = start
    for d in stride(from: dims.count - 1, through: 0, by: -1) {
      index[d] = rem % dims[d]
      rem /= dims[d]
      a += index[d] * strideA[d]
      b += index[d] * strideB[d]
    }
  }

  /// Moves to the next index in row-major order.
  @inline(__always)
  mutating func advance() {
    var d = dims.count - 1
    while d >= 0 {
      index[d] += 1
      a += strideA[d]
      b += strideB[d]
      if index[d] < dims[d] { return }
      a -= strideA[d] * dims[d]
      b -= strideB[d] * dims[d]
      index[d] = 0
      d -= 1
    }
  }
}
