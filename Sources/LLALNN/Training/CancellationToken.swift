import Foundation

/// A cooperative stop request, polled by training and inference at least once per batch.
///
/// Either call `cancel()` (from any thread) or create the token over a check that the
/// caller owns, e.g. the REPL's Ctrl-C flag: `CancellationToken { interrupted }`. Work
/// that sees the token cancelled throws `CancellationError` at its next batch, leaving
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

  /// Throws `CancellationError` when a stop was requested.
  public func checkCancellation() throws {
    if isCancelled { throw CancellationError() }
  }
}
