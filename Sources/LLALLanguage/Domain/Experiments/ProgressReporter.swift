import Foundation
import LLALActive
import LLALNN
import LLALRender

/// Progress of training and experiments on standard error — strategy, seed, cycle,
/// epoch, loss, accuracy — when standard error is a terminal; silent otherwise, so
/// that redirected output and tests stay clean.
///
/// On a terminal one status line is rewritten in place (at most ten times a second)
/// while a cycle trains, and each finished cycle leaves one line behind. With colour
/// allowed (`NO_COLOR` unset) the status line is dimmed.
final class ProgressReporter {
  /// Whether anything is written.
  let isEnabled: Bool
  private let color: Bool
  private let cycles: Int
  private var current = ""
  private var lastWrite = Date.distantPast
  private var statusShown = false

  private let sink: (String) -> Void
  private let width: () -> Int

  /// A reporter for runs of `cycles` cycles, enabled when standard error is a terminal,
  /// dimming its status line unless `NO_COLOR` is set.
  convenience init(cycles: Int) {
    let env = ProcessInfo.processInfo.environment
    let terminal = isatty(2) != 0
    self.init(
      cycles: cycles, enabled: terminal,
      color: terminal && env["NO_COLOR"] == nil && env["TERM"] != "dumb",
      width: ProgressReporter.terminalWidth
    ) { FileHandle.standardError.write(Data($0.utf8)) }
  }

  /// The width of the terminal on standard error, else `COLUMNS`, else 80.
  static func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
  }

  /// A reporter writing to `sink` when `enabled`, fitting status lines to `width()` cells.
  init(
    cycles: Int, enabled: Bool, color: Bool, width: @escaping () -> Int = { 80 },
    sink: @escaping (String) -> Void
  ) {
    self.isEnabled = enabled
    self.cycles = cycles
    self.color = color
    self.width = width
    self.sink = sink
  }

  /// The callback the session and experiment runners take.
  func handle(_ event: ActiveLearningEvent) {
    guard isEnabled else { return }
    switch event {
    case .cycleStarted(let strategy, let seed, let cycle, let labeled):
      current = "\(strategy) · seed \(seed) · cycle \(cycle + 1)/\(cycles) · \(labeled) labeled"
      status(current, force: true)
    case .training(.step(let s)):
      status(
        "\(current) · epoch \(s.epoch + 1)/\(s.epochs) · step \(s.step + 1)/\(s.steps) · loss "
          + String(format: "%.3f", s.loss))
    case .training(.epoch(let e)):
      status(
        "\(current) · epoch \(e.epoch + 1)/\(e.epochs) · loss "
          + String(format: "%.3f", e.loss) + " · train acc " + String(format: "%.3f", e.accuracy),
        force: true)
    case .cycleFinished(let r):
      var line = "\(r.strategy) seed \(r.seed) cycle \(r.cycle + 1)/\(cycles): \(r.labeled) labeled"
      if let acc = r.testAccuracy { line += ", test acc " + String(format: "%.4f", acc) }
      line += ", loss " + String(format: "%.3f", r.finalTrainLoss)
      line += " (" + String(format: "%.1f", r.cycleSeconds) + " s)"
      clear()
      write(line + "\n")
    }
  }

  /// Removes the status line, if one is shown.
  func finish() {
    guard isEnabled else { return }
    clear()
  }

  private func status(_ text: String, force: Bool = false) {
    let now = Date()
    guard force || now.timeIntervalSince(lastWrite) >= 0.1 else { return }
    lastWrite = now
    // A status line longer than the terminal would wrap, and `\r` could not erase it.
    let fitted = DisplayWidth.truncate(text, to: max(20, width() - 1))
    let shown = color ? "\u{1B}[2m\(fitted)\u{1B}[0m" : fitted
    write("\r\u{1B}[2K" + shown)
    statusShown = true
  }

  private func clear() {
    if statusShown { write("\r\u{1B}[2K") }
    statusShown = false
  }

  private func write(_ text: String) { sink(text) }
}
