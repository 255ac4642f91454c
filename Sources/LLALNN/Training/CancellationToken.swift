import Foundation
import LLALTensor

/// A cooperative stop request, polled by training and inference once per batch.
///
/// Training and inference always stop on the process-wide `Interrupt` flag (Ctrl-C in
/// the REPL); a token adds a stop that the caller owns: call `cancel()` from any thread,
/// or create the token over a check, `CancellationToken { deadlinePassed }`. Either way the
/// work throws `Interrupt.Stopped` at its next batch, naming where it stopped, and leaves
/// the parameters as the last completed step left them.
public final class CancellationToken: @unchecked Sendable {
  private let lock = NSLock()
  private var cancelled = false
  private let check: (() -> Bool)?

  /// A token cancelled only by `cancel()`.
  public init() { check = nil }

  /// A token that also counts as cancelled whenever `check()` returns true.
  public init(_ check: @escaping () -> Bool) { self.check = check }

  /// Requests a stop.
  public func cancel() {
    lock.lock()
    cancelled = true
    lock.unlock()
  }

  /// Whether a stop was requested.
  public var isCancelled: Bool {
    lock.lock()
    let c = cancelled
    lock.unlock()
    return c || (check?() ?? false)
  }
}

/// Throws `Interrupt.Stopped(site:)` when Ctrl-C is pending (clearing it) or `token` is
/// cancelled.
func checkStop(_ token: CancellationToken?, _ site: @autoclosure () -> String) throws {
  try Interrupt.check(site())
  if token?.isCancelled == true { throw Interrupt.Stopped(site: site()) }
}
