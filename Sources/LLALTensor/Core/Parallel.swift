import Dispatch
import Foundation

/// How the engine splits work across cores.
///
/// Kernels call `Parallel.forEach(chunks:)`; it runs the chunks on up to `threadCount`
/// threads through libdispatch and returns when all are done. Work that is too small
/// to be worth a thread (fewer than two chunks, or one thread configured) runs inline.
public enum Parallel {
  /// Number of threads kernels may use. Defaults to the active core count; `llal bench`
  /// sets it to 1 or 2 per case. Set it before starting work, not during.
  nonisolated(unsafe) public static var threadCount: Int = max(
    1, ProcessInfo.processInfo.activeProcessorCount)

  /// Runs `body(i)` for `i` in `0..<chunks`, spread over the configured threads.
  @inlinable
  public static func forEach(chunks: Int, _ body: (Int) -> Void) {
    if chunks <= 0 { return }
    let threads = min(threadCount, chunks)
    if threads <= 1 {
      for i in 0..<chunks { body(i) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let box = UnsafeSendableBox(body)
      DispatchQueue.concurrentPerform(iterations: threads) { t in
        // Contiguous blocks of chunks per thread keep neighbouring data on one core.
        let lo = chunks * t / threads
        let hi = chunks * (t + 1) / threads
        for i in lo..<hi { box.value(i) }
      }
    }
  }

  /// Splits `0..<count` into about `threadCount` ranges of at least `grain` elements
  /// and runs `body` on each.
  @inlinable
  public static func forRanges(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let pieces = max(1, min(threadCount, count / max(grain, 1)))
    if pieces == 1 {
      body(0..<count)
      return
    }
    forEach(chunks: pieces) { p in body((count * p / pieces)..<(count * (p + 1) / pieces)) }
  }
}

/// Carries a non-Sendable closure into `concurrentPerform`; the callers partition the
/// data so that chunks never write the same memory.
@usableFromInline
struct UnsafeSendableBox<T>: @unchecked Sendable {
  @usableFromInline let value: T
  @usableFromInline init(_ value: T) { self.value = value }
}
