import CKernels

/// Runs `body` with `count` uninitialised, 64-byte aligned floats of scratch memory
/// (packed GEMM panels, im2col blocks), returned when it ends. A pool worker takes them
/// from its own cache (`CKernels/scratch.c`), where the block is still in that worker's
/// core from its previous chunk; other threads from the engine's buffer pool.
@inline(__always)
func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows
  -> R
{
  var capacity = 0
  if let block = llal_scratch_take(max(count, 1), &capacity) {
    defer { llal_scratch_give(block, capacity) }
    return try body(block)
  }
  let storage = TensorStorage(uninitializedCount: max(count, 1))
  return try withExtendedLifetime(storage) { try body(storage.base) }
}
