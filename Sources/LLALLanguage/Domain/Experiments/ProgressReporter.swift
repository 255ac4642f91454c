import Foundation
import LLALActive
import LLALNN

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

  /// A reporter for runs of `cycles` cycles, enabled when standard error is a terminal,
  /// dimming its status line unless `NO_COLOR` is set.
  convenience init(cycles: Int) {
    let env = ProcessInfo.processInfo.environment
    let terminal = isatty(2) != 0
    self.init(
      cycles: cycles, enabled: terminal,
      color: terminal && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    ) { FileHandle.standardError.write(Data($0.utf8)) }
  }

  /// A reporter writing to `sink` when `enabled`.
  init(cycles: Int, enabled: Bool, color: Bool, sink: @escaping (String) -> Void) {
    self.isEnabled = enabled
    self.cycles = cycles
    self.color = color
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
    let shown = color ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    write("\r\u{1B}[2K" + shown)
    statusShown = true
  }

  private func clear() {
    if statusShown { write("\r\u{1B}[2K") }
    statusShown = false
  }

  private func write(_ text: String) { sink(text) }
}
