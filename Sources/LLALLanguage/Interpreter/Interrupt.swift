/// The interrupt flag that evaluation polls at safe points (every loop iteration and
/// every call of a user function), so Ctrl-C stops a long run cleanly.
///
/// The flag is a plain C `int` at a fixed address: a signal handler may set it with
/// `Interrupt.request()` (it only stores to memory) or through `Interrupt.flag` from C.
/// The interpreter clears it when it stops because of it.
public enum Interrupt {
  /// The flag: non-zero means "stop at the next safe point". Allocated once, never
  /// freed, so its address is stable for a C signal handler.
  public static let flag: UnsafeMutablePointer<Int32> = {
    let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
  }()

  /// Asks running code to stop at its next safe point. Async-signal-safe once `flag`
  /// has been touched (call `Interrupt.clear()` once before installing the handler).
  public static func request() { flag.pointee = 1 }

  /// Clears a pending request.
  public static func clear() { flag.pointee = 0 }

  /// Whether a stop has been requested.
  public static var isRequested: Bool { flag.pointee != 0 }
}
