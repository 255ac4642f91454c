import CKernels

/// How every kernel spreads work over threads (GEMM and conv2d directly, the other ops
/// through `Parallel`): the C worker pool of `CKernels/pool.c`, whose workers stay awake
/// for a moment after each job.
///
/// NOTE: not libdispatch's `concurrentPerform`: on a busy machine its sleeping
/// workers often woke too late for millisecond kernels (two 0.5 ms chunks ran one after
/// the other on the calling thread in 75–95 % of calls, against 4–10 % with the pool).
enum KernelThreads {
  /// Runs `body(i)` for `i` in `0..<count` on the calling thread and up to `threads − 1`
  /// workers, which take the chunks in order as they become free; returns when all are
  /// done. Nested calls, and calls while another thread's job holds the pool, run inline.
  /// With `flushingSubnormals`, each chunk runs with subnormal floats read and written as
  /// zero (`llal_float_mode_enter`), the thread's own mode restored after it: GEMM and
  /// convolution chunks, whose multiply-adds would otherwise take x86's microcode path.
  static func forEach(
    _ count: Int, threads: Int = Parallel.threadCount, flushingSubnormals: Bool = false,
    _ body: (Int) -> Void
  ) {
    if count <= 0 { return }
    withoutActuallyEscaping(body) { body in
      var chunk: (Int) -> Void =
        flushingSubnormals
        ? { i in
          let saved = llal_float_mode_enter()
          defer { llal_float_mode_leave(saved) }
          body(i)
        } : body
      if threads <= 1 || count == 1 {
        for i in 0..<count { chunk(i) }
        return
      }
      withUnsafeMutablePointer(to: &chunk) { context in
        llal_pool_run(
          count, Int32(threads),
          { context, i in
            // Safe: `context` is the closure stored above, alive for the whole call.
            context.unsafelyUnwrapped.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
          }, context)
      }
    }
  }

  /// Starts `body` on a worker while the calling thread goes on, or runs it right away
  /// when no worker can take it (one thread, inside a chunk, the pool busy with another
  /// thread's job). Until `join()`, the pool runs nothing else, and this thread's next
  /// pool call joins first. `body` must only touch memory its captures keep alive (they
  /// are released at the join) or memory whose release joins
  /// (`TensorStorage.writtenBySpawnedChunk`).
  static func spawn(threads: Int = Parallel.threadCount, _ body: @escaping () -> Void) {
    let box = Unmanaged.passRetained(SpawnedChunk(body)).toOpaque()
    let posted = llal_pool_spawn(
      Int32(threads),
      { context, _ in
        Unmanaged<SpawnedChunk>.fromOpaque(context.unsafelyUnwrapped).takeUnretainedValue()
          .body()
      },
      box,
      { context in Unmanaged<SpawnedChunk>.fromOpaque(context.unsafelyUnwrapped).release() })
    if posted == 0 {
      body()
      Unmanaged<SpawnedChunk>.fromOpaque(box).release()
    }
  }

  /// Finishes this thread's spawned chunk (`spawn`), running it here if no worker has
  /// started it; does nothing when there is none.
  static func join() { llal_pool_join() }
}

/// A spawned chunk's closure, kept alive (with everything it captures) until its join.
private final class SpawnedChunk {
  let body: () -> Void
  init(_ body: @escaping () -> Void) { self.body = body }
}
