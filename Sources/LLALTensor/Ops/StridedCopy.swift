/// Copying between strided layouts: the one kernel behind permute, slice, select, expand,
/// concat and stack.
///
/// A layout is an offset plus one stride per dimension of a common `shape`. Dimensions of
/// size 1 are dropped and neighbours that are contiguous in both layouts are merged, so a
/// slice of rows becomes one `memcpy`, a broadcast row becomes one fill, and a transpose
/// becomes a tiled 2-D copy that reads and writes whole cache lines.
import CKernels

/// One side of a strided copy.
struct StridedLayout {
  var base: UnsafeMutablePointer<Float>
  var offset: Int
  var strides: [Int]
}

/// Width of the strips (along the source's contiguous dimension) used when the contiguous
/// dimensions of source and destination differ: each source row gives 32 floats, two
/// cache lines, and each destination row of the strip is written in sequence.
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

/// Copies in strips of `tile` along dimension `y` (contiguous in the source), each the
/// transpose (`llal_transpose`: 8 × 8 blocks in vector registers; the profile of
/// al-detect's head layout showed Swift's SSE version spilling to the stack) of all of
/// dimension `x` (contiguous in the destination); the other dimensions are walked outside.
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
      // One transpose of the tile: rows along x (sx apart in the source), columns along y.
      llal_transpose(from + y0, sx, nx, y1 - y0, to + y0 * dy, dy)
    }
  }
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
