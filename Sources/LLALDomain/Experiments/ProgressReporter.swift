import LLALLanguage
import Foundation
import LLALActive
import LLALNN
import LLALRender

/// Progress of training and experiments on standard error — run, cycle, epoch, loss,
/// accuracy, time left — when standard error is a terminal (and `TERM` is not `dumb`);
/// silent otherwise, so that redirected output, `llal notebook` in CI and tests stay
/// clean. `llal run`, the REPL and `llal notebook` all report through it.
///
/// On a terminal one status line (`LLALRender.ProgressStatus`: stages, a bar, metrics,
/// the time left) is redrawn in place at most ten times a second while a cycle trains,
/// and each finished cycle leaves one line behind. With colour allowed (`NO_COLOR`
/// unset or empty) the status line is dimmed. `finish()` erases the status line; the
/// built-ins call it on every way out, Ctrl-C included, so a message about the stop
/// starts on a clean line. Where the work stands is tracked even when nothing is drawn
/// (`position`), for the note an interrupted experiment leaves.
final class ProgressReporter {
  /// Whether anything is written.
  let isEnabled: Bool
  private let color: Bool
  private let runs: Int
  private let cycles: Int
  private let sink: (String) -> Void
  private let width: () -> Int
  /// Where progress goes instead of standard error, when the interpreter's output shows it.
  private var display: ProgressDisplay?

  // Where the work stands.
  private var label = ""
  private var run = 0
  private var cycle = 0
  private var epoch = 0
  private var epochs = 1
  private var loss: Double?
  private var accuracy: Double?
  private var started: Date?
  private var lastWrite = Date.distantPast
  private var statusShown = false

  /// A reporter for `runs` runs (strategies × seeds) of `cycles` cycles, enabled when
  /// standard error is a terminal that is not `dumb` (which could not redraw a line),
  /// dimming its status line unless `NO_COLOR` is set.
  convenience init(runs: Int = 1, cycles: Int) {
    let env = ProcessInfo.processInfo.environment
    let terminal = isatty(2) != 0 && env["TERM"] != "dumb"
    self.init(
      runs: runs, cycles: cycles, enabled: terminal,
      color: terminal && (env["NO_COLOR"] ?? "").isEmpty,
      width: ProgressReporter.terminalWidth
    ) { FileHandle.standardError.write(Data($0.utf8)) }
  }

  /// A reporter for an interpreter writing to `output`: into `output` when it is a
  /// `ProgressDisplay` (a Jupyter kernel), else on the terminal as above.
  convenience init(runs: Int = 1, cycles: Int, output: OutputSink) {
    guard let display = output as? ProgressDisplay else {
      self.init(runs: runs, cycles: cycles)
      return
    }
    self.init(
      runs: runs, cycles: cycles, enabled: true, color: false,
      width: { display.progressWidth }, sink: { _ in })
    self.display = display
  }

  /// The width of the terminal on standard error, else `COLUMNS`, else 80.
  static func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
  }

  /// A reporter writing to `sink` when `enabled`, fitting status lines to `width()` cells.
  init(
    runs: Int = 1, cycles: Int, enabled: Bool, color: Bool, width: @escaping () -> Int = { 80 },
    sink: @escaping (String) -> Void
  ) {
    self.isEnabled = enabled
    self.runs = max(runs, 1)
    self.cycles = max(cycles, 1)
    self.color = color
    self.width = width
    self.sink = sink
  }

  /// Where the work stands: `entropy seed 0, cycle 2 of 3, 12 of 30 epochs done`, or nil
  /// before the first cycle starts.
  var position: String? {
    guard cycle > 0 else { return nil }
    return "\(label), cycle \(cycle) of \(cycles), \(epoch) of \(epochs) epochs done"
  }

  /// The callback the session and experiment runners take.
  func handle(_ event: ActiveLearningEvent) {
    if started == nil { started = Date() }
    switch event {
    case .cycleStarted(let strategy, let seed, let c, _):
      if c == 0 { run += 1 }
      label = "\(strategy) seed \(seed)"
      cycle = c + 1
      epoch = 0
      loss = nil
      accuracy = nil
      draw(force: true)
    case .training(.step(let s)):
      epochs = max(s.epochs, 1)
      epoch = s.epoch
      loss = Double(s.loss)
      draw(force: false)
    case .training(.epoch(let e)):
      epochs = max(e.epochs, 1)
      epoch = e.epoch + 1
      loss = e.loss
      accuracy = e.accuracy
      // Short epochs come by the thousand: only the last forces a redraw.
      draw(force: epoch == epochs)
    case .cycleFinished(let r):
      var line = "\(r.strategy) seed \(r.seed) cycle \(r.cycle + 1)/\(cycles): \(r.labeled) labeled"
      if let m = r.testAccuracy {
        let name = r.metricName == "accuracy" ? "acc" : r.metricName
        line += ", test \(name) " + String(format: "%.4f", m)
      }
      line += ", loss " + String(format: "%.3f", r.finalTrainLoss)
      line += " (" + String(format: "%.1f", r.cycleSeconds) + " s)"
      guard isEnabled else { return }
      if let display { return display.logProgress(line) }
      clear()
      write(line + "\n")
    }
  }

  /// Removes the status line, if one is shown.
  func finish() {
    guard isEnabled else { return }
    if let display { return display.endProgress() }
    clear()
  }

  /// The status line: `entropy seed 0 · run 2/15 · cycle 3/8 · epoch 12/30 ▕██▏ 25% · …`.
  private func draw(force: Bool) {
    guard isEnabled else { return }
    let now = Date()
    guard force || now.timeIntervalSince(lastWrite) >= 0.1 else { return }
    lastWrite = now
    var stages: [ProgressStatus.Stage] = []
    if runs > 1 { stages.append(.init("run", run, of: runs)) }
    stages.append(.init("cycle", cycle, of: cycles))
    stages.append(.init("epoch", epoch, of: epochs))
    var metrics: [ProgressStatus.Metric] = []
    if let loss { metrics.append(.init("loss", loss)) }
    if let accuracy { metrics.append(.init("acc", accuracy)) }
    let status = ProgressStatus(stages: stages, metrics: metrics)
    var remaining: Double?
    if let started, status.fraction > 0.01 {
      let elapsed = now.timeIntervalSince(started)
      remaining = elapsed * (1 - status.fraction) / status.fraction
    }
    let room = max(20, width() - 1)
    let head = label + " · "
    let text = head + status.line(width: room - DisplayWidth.of(head), remaining: remaining)
    // A status line longer than the terminal would wrap, and `\r` could not erase it.
    let fitted = DisplayWidth.truncate(text, to: room)
    if let display { return display.showProgress(fitted) }
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
