/// Runs `body` with `count` uninitialised, 64-byte aligned floats of scratch memory from
/// the engine's buffer pool (packed GEMM panels, im2col blocks), returned when it ends.
@inline(__always)
func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows
  -> R
{
  let storage = TensorStorage(uninitializedCount: max(count, 1))
  return try withExtendedLifetime(storage) { try body(storage.base) }
}
