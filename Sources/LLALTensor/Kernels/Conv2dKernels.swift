import CKernels

/// Convolution lowered to GEMM (`CKernels/conv2d*.c`), split across threads by samples.
///
/// The C drivers gather im2col blocks straight into packed GEMM panels, so the im2col
/// matrix never exists whole; threads take contiguous ranges of the batch, each with its
/// own workspace. The weight gradient is summed from one partial per range.
enum Conv2dKernels {
  /// Below this many multiply-adds a pass runs on the calling thread only.
  static let parallelThreshold = 1 << 20

  /// Contiguous sample ranges for a pass of `work` multiply-adds over `batch`, and the
  /// threads to run them on: `perThread` ranges per thread, so that a thread that starts
  /// late (a busy machine) takes fewer of them.
  static func ranges(batch: Int, work: Int, perThread: Int) -> (ranges: [Range<Int>], threads: Int)
  {
    let threads = work < parallelThreshold ? 1 : max(1, min(Parallel.threadCount, batch))
    let count = threads == 1 ? 1 : min(batch, threads * perThread)
    let ranges = (0..<count).map { t in (batch * t / count)..<(batch * (t + 1) / count) }
    return (ranges, threads)
  }

  /// y = conv(x, w) + bias for the whole batch; `y` is overwritten.
  static func forward(
    _ s: llal_conv_shape, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>
  ) {
    let level = llal_kernel_level()
    var shape = s
    let (parts, threads) = ranges(batch: s.batch, work: multiplyAdds(s), perThread: 4)
    withScratch(llal_conv_packed_weight_size(level, &shape)) { pw in
      llal_conv_pack_weight(level, &shape, w, pw)
      let size = llal_conv_forward_workspace(level, &shape)
      KernelThreads.forEach(parts.count, threads: threads, flushingSubnormals: true) { t in
        var shape = s
        withScratch(size) { ws in
          llal_conv_forward(
            level, &shape, x, pw, bias, y, parts[t].lowerBound, parts[t].upperBound, ws)
        }
      }
    }
  }

  /// dw = Σₙ dyₙ ⋆ xₙ (overwritten), and db = Σ dy per channel when `db` is given.
  static func backwardWeight(
    _ s: llal_conv_shape, x: UnsafePointer<Float>, dy: UnsafePointer<Float>,
    dw: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>?
  ) {
    let level = llal_kernel_level()
    var shape = s
    let (parts, threads) = ranges(batch: s.batch, work: multiplyAdds(s), perThread: 1)
    let size = llal_conv_backward_weight_workspace(level, &shape)
    let wCount = s.out_c * s.in_c * s.kernel * s.kernel
    // One partial (dw, db) per range after the first, which writes into dw/db itself.
    let partial = wCount + s.out_c
    withScratch(partial * parts.count) { partials in
      KernelThreads.forEach(parts.count, threads: threads, flushingSubnormals: true) { t in
        var shape = s
        let pw = t == 0 ? dw : partials + t * partial
        let pb = db == nil ? nil : t == 0 ? db : pw + wCount
        pw.update(repeating: 0, count: wCount)
        pb?.update(repeating: 0, count: s.out_c)
        withScratch(size) { ws in
          llal_conv_backward_weight(
            level, &shape, x, dy, pw, pb, parts[t].lowerBound, parts[t].upperBound, ws)
        }
      }
      for t in 1..<max(parts.count, 1) {
        let pw = partials + t * partial
        for i in 0..<wCount { dw[i] += pw[i] }
        if let db { for i in 0..<s.out_c { db[i] += pw[wCount + i] } }
      }
    }
  }

  /// dx = the gradient of conv(x, w) with respect to x for output gradient dy.
  static func backwardInput(
    _ s: llal_conv_shape, w: UnsafePointer<Float>, dy: UnsafePointer<Float>,
    dx: UnsafeMutablePointer<Float>
  ) {
    if s.stride == 1 && s.pad <= s.kernel - 1 {
      // NOTE: with stride 1 the input gradient is itself a convolution: of dy, padded by
      // k − 1 − pad, with the kernel flipped and its channel axes swapped. That reuses
      // the forward kernels, whose GEMM sums over Cout·k² instead of writing a k²-times
      // larger column gradient and scattering it back (col2im).
      let (k, ci, co) = (s.kernel, s.in_c, s.out_c)
      let t = llal_conv_shape(
        batch: s.batch, in_c: co, in_h: s.out_h, in_w: s.out_w, out_c: ci, kernel: k,
        stride: 1, pad: k - 1 - s.pad, out_h: s.in_h, out_w: s.in_w)
      withScratch(ci * co * k * k) { flipped in
        for o in 0..<co {
          for i in 0..<ci {
            let src = w + (o * ci + i) * k * k, dst = flipped + (i * co + o) * k * k
            for u in 0..<(k * k) { dst[u] = src[k * k - 1 - u] }
          }
        }
        forward(t, x: dy, w: flipped, bias: nil, y: dx)
      }
      return
    }
    let level = llal_kernel_level()
    var shape = s
    let (parts, threads) = ranges(batch: s.batch, work: multiplyAdds(s), perThread: 4)
    withScratch(llal_conv_packed_weight_t_size(level, &shape)) { pwt in
      llal_conv_pack_weight_t(level, &shape, w, pwt)
      let size = llal_conv_backward_input_workspace(level, &shape)
      KernelThreads.forEach(parts.count, threads: threads, flushingSubnormals: true) { t in
        var shape = s
        withScratch(size) { ws in
          llal_conv_backward_input(
            level, &shape, pwt, dy, dx, parts[t].lowerBound, parts[t].upperBound, ws)
        }
      }
    }
  }

  /// Multiply-adds of one pass (forward, or either gradient).
  static func multiplyAdds(_ s: llal_conv_shape) -> Int {
    s.batch * s.out_h * s.out_w * s.out_c * s.in_c * s.kernel * s.kernel
  }
}
