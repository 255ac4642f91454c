import Foundation

/// How the engine splits work across cores.
///
/// Kernels call `Parallel.forEach(chunks:)`; it runs the chunks on up to `threadCount`
/// threads of the C worker pool (`KernelThreads`) and returns when all are done. Work
/// that is too small to be worth a thread (fewer than two chunks, or one thread
/// configured) runs inline.
public enum Parallel {
  /// Number of threads kernels may use. Defaults to the active core count; `llal bench`
  /// sets it to 1 or 2 per case. Set it before starting work, not during.
  nonisolated(unsafe) public static var threadCount: Int = max(
    1, ProcessInfo.processInfo.activeProcessorCount)

  /// Runs `body(i)` for `i` in `0..<chunks`, spread over the configured threads (the
  /// kernels' worker pool, `KernelThreads`); returns when all are done.
  public static func forEach(chunks: Int, _ body: (Int) -> Void) {
    KernelThreads.forEach(chunks, threads: threadCount, body)
  }

  /// Splits `0..<count` into about `threadCount` ranges of at least `grain` elements
  /// and runs `body` on each.
  public static func forRanges(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let pieces = max(1, min(threadCount, count / max(grain, 1)))
    if pieces == 1 {
      body(0..<count)
      return
    }
    forEach(chunks: pieces) { p in body((count * p / pieces)..<(count * (p + 1) / pieces)) }
  }
}
