import Foundation
import LLALRender

/// Shows the progress of long work (training, experiments) as one line on standard error
/// that redraws in place, when standard error is a terminal; quiet otherwise.
///
/// The line is redrawn at most `interval` seconds apart, and the time left is estimated
/// from the time since `start()` (or the first update) and the fraction done. `finish()`
/// erases the line, so the next output starts on a clean one.
public final class ProgressReporter {
  /// Whether anything is drawn.
  public let isEnabled: Bool
  private let write: (String) -> Void
  private let width: () -> Int
  private let interval: TimeInterval
  private var started: Date?
  private var lastDrawn: Date?
  private var isShowing = false

  /// A reporter that draws through `write` when `isEnabled`, fitting lines to `width()`
  /// cells and redrawing at most every `interval` seconds.
  public init(
    isEnabled: Bool, width: @escaping () -> Int, interval: TimeInterval = 0.1,
    write: @escaping (String) -> Void
  ) {
    self.isEnabled = isEnabled
    self.width = width
    self.interval = interval
    self.write = write
  }

  /// A reporter on standard error, enabled when it is a terminal whose `TERM` is not
  /// `dumb`.
  public static func standardError(width: @escaping () -> Int) -> ProgressReporter {
    let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
    return ProgressReporter(isEnabled: isatty(2) != 0 && term != "dumb", width: width) { text in
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  /// Starts timing a new piece of work.
  public func start() {
    started = Date()
    lastDrawn = nil
  }

  /// Redraws the line for `status`, unless the last redraw was too recent.
  public func update(_ status: ProgressStatus) {
    guard isEnabled else { return }
    let now = Date()
    if started == nil { started = now }
    if let lastDrawn, now.timeIntervalSince(lastDrawn) < interval, status.fraction < 1 { return }
    lastDrawn = now
    var remaining: Double?
    if let started, status.fraction > 0 {
      let elapsed = now.timeIntervalSince(started)
      remaining = elapsed * (1 - status.fraction) / status.fraction
    }
    // Leave the last column free: writing there makes some terminals wrap.
    write("\r" + status.line(width: max(width() - 1, 20), remaining: remaining) + "\u{1B}[K")
    isShowing = true
  }

  /// Erases the line and forgets the start time.
  public func finish() {
    if isShowing { write("\r\u{1B}[K") }
    isShowing = false
    started = nil
    lastDrawn = nil
  }
}
