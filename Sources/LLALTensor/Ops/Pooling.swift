/// Pooling over NCHW images: max and average pooling with square windows (PyTorch's
/// `max_pool2d` and `avg_pool2d` with `ceil_mode = false`), and global average pooling.
/// Every kernel works plane by plane (one `(n, c)` image), the planes spread over cores.
import CKernels

/// The sizes of one pooling: input `[n, c, h, w]`, square `kernel`, `stride`, `padding`,
/// and the output's `oh × ow`.
struct PoolGeometry {
  let n: Int, c: Int, h: Int, w: Int
  let kernel: Int, stride: Int, padding: Int
  let oh: Int, ow: Int
  var planes: Int { n * c }
  var inPlane: Int { h * w }
  var outPlane: Int { oh * ow }

  /// Checks `x` and the parameters the way PyTorch does, naming `op` on failure.
  init(_ x: Tensor, kernel: Int, stride: Int?, padding: Int, op: String) throws {
    guard x.rank == 4 else {
      throw TensorError(op, "expected a 4-D input [N, C, H, W], got \(describeShape(x.shape))")
    }
    let s = stride ?? kernel
    guard kernel > 0, s > 0, padding >= 0 else {
      throw TensorError(
        op,
        "kernel and stride must be positive and padding non-negative, got kernel "
          + "\(kernel), stride \(s), padding \(padding)")
    }
    guard kernel <= Tensor.maxElementCount else {
      throw TensorError(op, "kernel \(kernel) exceeds the limit of \(Tensor.maxElementCount)")
    }
    guard padding <= kernel / 2 else {
      throw TensorError(
        op, "padding \(padding) must be at most half the kernel \(kernel)")
    }
    let (h, w) = (x.shape[2], x.shape[3])
    guard h > 0, w > 0 else {
      throw TensorError(op, "the input \(describeShape(x.shape)) has an empty image")
    }
    // Cannot overflow: padding <= kernel / 2 <= 2^29 and h, w <= 2^30.
    guard kernel <= h + 2 * padding, kernel <= w + 2 * padding else {
      throw TensorError(
        op,
        "kernel \(kernel) is larger than the padded input \(h + 2 * padding)x"
          + "\(w + 2 * padding) (input \(describeShape(x.shape)), padding \(padding))")
    }
    self.n = x.shape[0]
    self.c = x.shape[1]
    self.h = h
    self.w = w
    self.kernel = kernel
    // NOTE: any stride past the last window start gives one output per axis; clamping it
    // there keeps the kernels' index arithmetic (and scratch sizes) small.
    self.stride = min(s, max(h, w) + 2 * padding - kernel + 1)
    self.padding = padding
    oh = (h + 2 * padding - kernel) / self.stride + 1
    ow = (w + 2 * padding - kernel) / self.stride + 1
  }

  /// Whether this is the common 2×2 halving, which has vector kernels (`llal_maxpool2x2`).
  var isHalving: Bool { kernel == 2 && stride == 2 && padding == 0 }

  /// The input rows (or columns) the window at output position `o` covers, clipped to
  /// the image: padding adds nothing to a max and zeros to a sum.
  @inline(__always)
  func window(_ o: Int, size: Int) -> Range<Int> {
    let start = o * stride - padding
    return max(start, 0)..<min(start + kernel, size)
  }

  /// Runs `body(plane)` for every plane, spread over the cores.
  func forEachPlane(_ body: (Int) -> Void) {
    Parallel.forRanges(planes, grain: max(1, (1 << 14) / max(1, inPlane))) { range in
      for p in range { body(p) }
    }
  }
}

/// Max pooling: each output's gradient goes to the input element that was the maximum
/// of its window (`argmax`, the offset within its plane, saved by the forward pass).
struct MaxPool2dOp: TapeOp {
  let geometry: PoolGeometry
  let argmax: [Int32]
  var name: String { "maxPool2d" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let geo = geometry
    if geo.isHalving {
      // Every element is written (the windows tile the image): no zero fill.
      let gradient = Tensor.uninitialized(inputs[0].shape)
      let src = g.storage.base, dst = gradient.storage.base
      argmax.withUnsafeBufferPointer { arg in
        guard let base = arg.baseAddress else { return }
        Parallel.forRanges(geo.planes, grain: max(1, (1 << 14) / max(1, geo.inPlane))) { r in
          let p = r.lowerBound
          llal_maxpool2x2_backward(
            src + p * geo.outPlane, base + p * geo.outPlane, dst + p * geo.inPlane, r.count,
            geo.h, geo.w)
        }
      }
      return [gradient]
    }
    let gradient = try Tensor.zeros(inputs[0].shape)
    let src = g.storage.base, dst = gradient.storage.base
    argmax.withUnsafeBufferPointer { arg in
      geo.forEachPlane { p in
        let from = src + p * geo.outPlane
        let to = dst + p * geo.inPlane
        guard let base = arg.baseAddress else { return }
        let a = base + p * geo.outPlane
        for j in 0..<geo.outPlane { to[Int(a[j])] += from[j] }
      }
    }
    return [gradient]
  }
}

/// Average pooling with `count_include_pad`: every output is its window's sum over k²,
/// so each output's gradient spreads as g/k² over the real elements of its window.
struct AvgPool2dOp: TapeOp {
  let geometry: PoolGeometry
  var name: String { "avgPool2d" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let gradient = try Tensor.zeros(inputs[0].shape)
    let geo = geometry
    let scale = 1 / Float(geo.kernel * geo.kernel)
    let src = g.storage.base, dst = gradient.storage.base
    geo.forEachPlane { p in
      let from = src + p * geo.outPlane
      let to = dst + p * geo.inPlane
      for oy in 0..<geo.oh {
        let rows = geo.window(oy, size: geo.h)
        for ox in 0..<geo.ow {
          let cols = geo.window(ox, size: geo.w)
          let v = from[oy * geo.ow + ox] * scale
          for y in rows { for x in cols { to[y * geo.w + x] += v } }
        }
      }
    }
    return [gradient]
  }
}

/// The mean of each `H × W` plane: each output's gradient spreads as g/(H·W).
struct GlobalAvgPoolOp: TapeOp {
  var name: String { "globalAvgPool" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let gradient = Tensor.uninitialized(x.shape)
    let plane = x.shape[2] * x.shape[3]
    let scale = 1 / Float(plane)
    let src = g.storage.base, dst = gradient.storage.base
    Parallel.forRanges(g.count, grain: max(1, (1 << 15) / plane)) { range in
      for p in range { (dst + p * plane).update(repeating: src[p] * scale, count: plane) }
    }
    return [gradient]
  }
}

extension Tensor {
  /// Max pooling of an NCHW tensor with a square `kernel` (`torch.max_pool2d`): `stride`
  /// defaults to `kernel`, `padding` (at most `kernel / 2`) counts as -∞, the output is
  /// `[N, C, (H + 2p − k) / s + 1, (W + 2p − k) / s + 1]`. A NaN in a window wins, and
  /// among equal maxima the first (row-major) receives the gradient.
  public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
    let op = "maxPool2d"
    let geo = try PoolGeometry(self, kernel: kernel, stride: stride, padding: padding, op: op)
    let out = try Tensor.uninitialized([geo.n, geo.c, geo.oh, geo.ow], op: op)
    let src = storage.base, dst = out.storage.base
    let grain = Swift.max(1, (1 << 14) / Swift.max(1, geo.inPlane))
    func pool(_ arg: UnsafeMutablePointer<Int32>?) {
      if geo.isHalving {
        // The common 2×2 halving as a vector kernel (same winners, same offsets).
        Parallel.forRanges(geo.planes, grain: grain) { range in
          let p = range.lowerBound
          llal_maxpool2x2(
            src + p * geo.inPlane, dst + p * geo.outPlane, arg.map { $0 + p * geo.outPlane },
            range.count, geo.h, geo.w)
        }
        return
      }
      Parallel.forRanges(geo.planes, grain: grain) { range in
        let scratch = MaxPoolScratch(geo)
        defer { scratch.deallocate() }
        for p in range {
          Tensor.maxPoolPlane(
            geo, src + p * geo.inPlane, dst + p * geo.outPlane,
            arg.map { $0 + p * geo.outPlane }, scratch)
        }
      }
    }
    var argmax: [Int32] = []
    if GradMode.isEnabled && requiresGrad {
      // Every entry is written by `pool`.
      argmax = [Int32](unsafeUninitializedCapacity: out.count) { buffer, initialized in
        pool(buffer.baseAddress)
        initialized = out.count
      }
    } else {
      pool(nil)
    }
    return Tensor.record(MaxPool2dOp(geometry: geo, argmax: argmax), inputs: [self], output: out)
  }

  /// One plane of max pooling, separably: first the maximum of every row's horizontal
  /// windows (into `scratch.rowMax`, `h × ow`, their columns into `scratch.rowArg`), then
  /// of those over the vertical windows. Eight outputs are computed side by side with
  /// SIMD selects: real data makes the comparisons unpredictable, so branches, and a
  /// chain of k² dependent comparisons per output, would be slow. The winner is PyTorch's:
  /// the first maximum in row-major order, or the last NaN (`v > best || v.isNaN`).
  /// Writes the winners' offsets in the plane to `arg` when given.
  private static func maxPoolPlane(
    _ geo: PoolGeometry, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    _ arg: UnsafeMutablePointer<Int32>?, _ scratch: MaxPoolScratch
  ) {
    let (w, ow, k, s, p) = (geo.w, geo.ow, geo.kernel, geo.stride, geo.padding)
    let padded = scratch.paddedRow
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    for r in 0..<geo.h {
      // The row between -∞ borders: every window is whole, and a border never wins.
      (padded + p).update(from: x + r * w, count: w)
      let maxRow = scratch.rowMax + r * ow
      let argRow = scratch.rowArg + r * ow
      forEachChunk(ow) { ox, count in
        let start = (lanes &+ Int32(ox)) &* Int32(s)  // window starts, padded coordinates
        var best = SIMD8<Float>(repeating: -.infinity)
        // Before any win: the window's first real column, max(start − p, 0), as PyTorch.
        // NOTE: bit arithmetic, as integer SIMD comparisons compile to a scalar loop.
        let first = start &- Int32(p)
        var at = first & ~(first &>> 31)
        for dc in 0..<k {
          let v = loadStrided(padded + ox * s + dc, stride: s)
          let take = (v .> best) .| (v .!= v)
          best.replace(with: v, where: take)
          at.replace(with: start &+ Int32(dc - p), where: take)
        }
        store(best, maxRow + ox, count)
        store(at, argRow + ox, count)
      }
    }
    for oy in 0..<geo.oh {
      // Starting from the window's first row is the same as starting from -∞ at its
      // first real element, whose column that row's pass kept when nothing beat -∞.
      let rows = geo.window(oy, size: geo.h)
      let out = y + oy * ow
      let outArg = arg.map { $0 + oy * ow }
      forEachChunk(ow) { ox, count in
        var best = loadStrided(scratch.rowMax + rows.lowerBound * ow + ox, stride: 1)
        var at =
          loadInt32(scratch.rowArg + rows.lowerBound * ow + ox)
          &+ Int32(truncatingIfNeeded: rows.lowerBound * w)
        for r in (rows.lowerBound + 1)..<rows.upperBound {
          let v = loadStrided(scratch.rowMax + r * ow + ox, stride: 1)
          let take = (v .> best) .| (v .!= v)
          best.replace(with: v, where: take)
          at.replace(
            with: loadInt32(scratch.rowArg + r * ow + ox) &+ Int32(truncatingIfNeeded: r * w),
            where: take)
        }
        store(best, out + ox, count)
        if let outArg { store(at, outArg + ox, count) }
      }
    }
  }

  /// Average pooling of an NCHW tensor with a square `kernel` (`torch.avg_pool2d` with
  /// its default `count_include_pad = true`): every window's sum is divided by k², the
  /// zero padding included. `stride` defaults to `kernel`.
  public func avgPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
    let op = "avgPool2d"
    let geo = try PoolGeometry(self, kernel: kernel, stride: stride, padding: padding, op: op)
    let out = try Tensor.uninitialized([geo.n, geo.c, geo.oh, geo.ow], op: op)
    let scale = 1 / Float(kernel * kernel)
    let src = storage.base, dst = out.storage.base
    geo.forEachPlane { p in
      let x = src + p * geo.inPlane
      let y = dst + p * geo.outPlane
      for oy in 0..<geo.oh {
        let rows = geo.window(oy, size: geo.h)
        for ox in 0..<geo.ow {
          let cols = geo.window(ox, size: geo.w)
          var s: Float = 0
          for r in rows { for c in cols { s += x[r * geo.w + c] } }
          y[oy * geo.ow + ox] = s * scale
        }
      }
    }
    return Tensor.record(AvgPool2dOp(geometry: geo), inputs: [self], output: out)
  }

  /// The mean of each channel's `H × W` plane: `[N, C, H, W]` becomes `[N, C]` (as
  /// `adaptive_avg_pool2d(x, 1)` then flatten).
  public func globalAvgPool() throws -> Tensor {
    let op = "globalAvgPool"
    guard rank == 4 else {
      throw TensorError(op, "expected a 4-D input [N, C, H, W], got \(describeShape(shape))")
    }
    let plane = shape[2] * shape[3]
    guard plane > 0 else {
      throw TensorError(op, "the input \(describeShape(shape)) has no pixels to average")
    }
    let out = try Tensor.uninitialized([shape[0], shape[1]], op: op)
    let scale = 1 / Float(plane)
    let src = storage.base, dst = out.storage.base
    Parallel.forRanges(out.count, grain: Swift.max(1, (1 << 15) / plane)) { range in
      for p in range { dst[p] = PlaneKernels.sum(src + p * plane, plane) * scale }
    }
    return Tensor.record(GlobalAvgPoolOp(), inputs: [self], output: out)
  }
}

/// Per-thread buffers for max pooling one plane at a time.
private struct MaxPoolScratch {
  /// One input row with `padding` values of -∞ before it and enough after it for the
  /// widest strided SIMD read (eight windows from the last, or only, chunk's start).
  let paddedRow: UnsafeMutablePointer<Float>
  /// Each row's horizontal window maxima, `h × ow`, with 8 spare values for the SIMD
  /// reads of rows narrower than 8.
  let rowMax: UnsafeMutablePointer<Float>
  /// The columns of those maxima, laid out the same way.
  let rowArg: UnsafeMutablePointer<Int32>

  init(_ geo: PoolGeometry) {
    let length = geo.w + 2 * geo.padding + 16 * geo.stride + 16
    paddedRow = .allocate(capacity: length)
    paddedRow.initialize(repeating: -.infinity, count: length)
    rowMax = .allocate(capacity: geo.h * geo.ow + 8)
    rowArg = .allocate(capacity: geo.h * geo.ow + 8)
    // The rows are written before they are read; the spare values never are.
    (rowMax + geo.h * geo.ow).initialize(repeating: 0, count: 8)
    (rowArg + geo.h * geo.ow).initialize(repeating: 0, count: 8)
  }

  func deallocate() {
    paddedRow.deallocate()
    rowMax.deallocate()
    rowArg.deallocate()
  }
}

/// Calls `body(start, count)` for chunks of eight outputs covering `0..<n`. When n >= 8
/// every chunk is whole (`count` 8), the last one moved back to end at `n`: its outputs
/// are computed twice, which is harmless, and there is no scalar remainder. Smaller rows
/// get one chunk of `n`, and `store` writes only those lanes.
@inline(__always)
private func forEachChunk(_ n: Int, _ body: (Int, Int) -> Void) {
  var start = 0
  while start < n {
    let chunk = min(start, max(n - 8, 0))
    body(chunk, min(8, n - chunk))
    start = chunk + 8
  }
}

/// Writes the first `count` lanes of `v` to `p`.
@inline(__always)
private func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>, _ count: Int) {
  if count == V.scalarCount {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
  } else {
    for i in 0..<count { p[i] = v[i] }
  }
}

/// Eight Int32 values from `p`.
@inline(__always)
private func loadInt32(_ p: UnsafePointer<Int32>) -> SIMD8<Int32> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int32>.self)
}

/// Eight floats `p[0], p[stride], …, p[7·stride]`.
@inline(__always)
private func loadStrided(_ p: UnsafePointer<Float>, stride: Int) -> SIMD8<Float> {
  switch stride {
  case 1: return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  case 2: return UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self).evenHalf
  default:
    return SIMD8(
      p[0], p[stride], p[2 * stride], p[3 * stride], p[4 * stride], p[5 * stride],
      p[6 * stride], p[7 * stride])
  }
}
