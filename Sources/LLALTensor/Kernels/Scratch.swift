import CKernels

/// Runs `body` with `count` uninitialised, 64-byte aligned floats of scratch memory
/// (packed GEMM panels, im2col blocks) from the calling thread's own cache
/// (`CKernels/scratch.c`), returned to it when `body` ends: a pool worker's workspace is
/// then still in that worker's cache from its previous chunk, not the other core's.
@inline(__always)
func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows
  -> R
{
  var capacity = 0
  guard let block = llal_scratch_take(max(count, 1), &capacity) else {
    fatalError("out of memory: \(count) floats of kernel scratch")
  }
  defer { llal_scratch_give(block, capacity) }
  return try body(block)
}
