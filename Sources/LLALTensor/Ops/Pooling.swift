/// Pooling over NCHW images: max and average pooling with square windows (PyTorch's
/// `max_pool2d` and `avg_pool2d` with `ceil_mode = false`), and global average pooling.
/// Every kernel works plane by plane (one `(n, c)` image), the planes spread over cores.

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
        op, "kernel and stride must be positive and padding non-negative, got kernel "
          + "\(kernel), stride \(s), padding \(padding)")
    }
    guard padding <= kernel / 2 else {
      throw TensorError(
        op, "padding \(padding) must be at most half the kernel \(kernel)")
    }
    let (h, w) = (x.shape[2], x.shape[3])
    guard kernel <= h + 2 * padding, kernel <= w + 2 * padding else {
      throw TensorError(
        op, "kernel \(kernel) is larger than the padded input \(h + 2 * padding)x"
          + "\(w + 2 * padding) (input \(describeShape(x.shape)), padding \(padding))")
    }
    self.n = x.shape[0]
    self.c = x.shape[1]
    self.h = h
    self.w = w
    self.kernel = kernel
    self.stride = s
    self.padding = padding
    oh = (h + 2 * padding - kernel) / s + 1
    ow = (w + 2 * padding - kernel) / s + 1
  }

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
    let gradient = try Tensor.zeros(inputs[0].shape)
    let geo = geometry
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
    let recording = GradMode.isEnabled && requiresGrad
    var argmax = [Int32](repeating: 0, count: recording ? out.count : 0)
    let src = storage.base, dst = out.storage.base
    argmax.withUnsafeMutableBufferPointer { arg in
      // NOTE: an empty array may still hand out a (shared, zero-size) base address.
      let argBase = recording ? arg.baseAddress : nil
      geo.forEachPlane { p in
        Tensor.maxPoolPlane(
          geo, src + p * geo.inPlane, dst + p * geo.outPlane,
          argBase.map { $0 + p * geo.outPlane })
      }
    }
    return Tensor.record(MaxPool2dOp(geometry: geo, argmax: argmax), inputs: [self], output: out)
  }

  /// One plane of max pooling; writes the winners' offsets to `arg` when given.
  private static func maxPoolPlane(
    _ geo: PoolGeometry, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    _ arg: UnsafeMutablePointer<Int32>?
  ) {
    // NOTE: `v > best || v.isNaN` is PyTorch's rule: NaN propagates, ties keep the first.
    if geo.kernel == 2, geo.stride == 2, geo.padding == 0 {
      // The digits CNN's pooling: four candidates, no clipping.
      for oy in 0..<geo.oh {
        let top = 2 * oy * geo.w
        for ox in 0..<geo.ow {
          let first = top + 2 * ox
          var at = first
          var best = x[first]
          // A SIMD3 rather than an array: no allocation per output.
          let others = SIMD3(first + 1, first + geo.w, first + geo.w + 1)
          for k in 0..<3 where x[others[k]] > best || x[others[k]].isNaN {
            best = x[others[k]]
            at = others[k]
          }
          y[oy * geo.ow + ox] = best
          arg?[oy * geo.ow + ox] = Int32(truncatingIfNeeded: at)
        }
      }
      return
    }
    for oy in 0..<geo.oh {
      let rows = geo.window(oy, size: geo.h)
      for ox in 0..<geo.ow {
        let cols = geo.window(ox, size: geo.w)
        var best = -Float.infinity
        var at = rows.lowerBound * geo.w + cols.lowerBound
        for r in rows {
          for c in cols where x[r * geo.w + c] > best || x[r * geo.w + c].isNaN {
            best = x[r * geo.w + c]
            at = r * geo.w + c
          }
        }
        y[oy * geo.ow + ox] = best
        arg?[oy * geo.ow + ox] = Int32(truncatingIfNeeded: at)
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
    Parallel.forRanges(out.count, grain: max(1, (1 << 15) / plane)) { range in
      for p in range { dst[p] = PlaneKernels.sum(src + p * plane, plane) * scale }
    }
    return Tensor.record(GlobalAvgPoolOp(), inputs: [self], output: out)
  }
}
