import CKernels

/// The process-wide interrupt flag that Ctrl-C sets.
///
/// The REPL installs a SIGINT handler (`installSignalHandler()`) that only sets the flag;
/// long work polls `isRequested` at safe points (between operations, batches, cycles,
/// loop iterations) and stops there, throwing `Interrupt.Stopped`.
public enum Interrupt {
  /// Thrown by code that stopped because of an interrupt; `site` says where.
  public struct Stopped: Error, CustomStringConvertible {
    /// Where the work stopped (e.g. "epoch 3, batch 12").
    public let site: String
    /// Creates the error for a stop at `site`.
    public init(site: String) { self.site = site }
    public var description: String { "interrupted at \(site)" }
  }

  /// Whether an interrupt is pending.
  public static var isRequested: Bool { llal_interrupt_pending() != 0 }

  /// Sets the flag (what the signal handler does; also for tests).
  public static func request() { llal_interrupt_request() }

  /// Clears the flag; returns whether it was set.
  @discardableResult public static func clear() -> Bool { llal_interrupt_take() != 0 }

  /// Throws `Stopped(site:)` and clears the flag if an interrupt is pending.
  public static func check(_ site: @autoclosure () -> String) throws {
    if llal_interrupt_pending() != 0 {
      llal_interrupt_take()
      throw Stopped(site: site())
    }
  }

  /// Installs the SIGINT handler (no SA_RESTART: a blocked read returns EINTR).
  public static func installSignalHandler() { _ = llal_interrupt_install_sigint() }

  /// Restores the default SIGINT behaviour.
  public static func restoreSignalHandler() { _ = llal_interrupt_restore_sigint() }

  /// For a batch run (`llal run`, `llal notebook`): SIGINT and SIGTERM set the flag for
  /// good — `clear()` and `check` no longer reset it — so the running work stops at its
  /// next safe point and so does everything after it; `stopSignal` says which signal it
  /// was. A second signal ends the process at once with status 128 + its number.
  public static func installStopHandlers() { _ = llal_interrupt_install_stop_handlers() }

  /// The signal that asked a batch run to stop (`SIGINT`, `SIGTERM`), or nil.
  public static var stopSignal: Int32? {
    let signal = llal_interrupt_stop_signal()
    return signal == 0 ? nil : Int32(signal)
  }

  /// `SIGINT`, `SIGTERM` or `signal N` for `signal`.
  public static func name(of signal: Int32) -> String {
    switch signal {
    case 2: return "SIGINT"
    case 15: return "SIGTERM"
    default: return "signal \(signal)"
    }
  }
}
