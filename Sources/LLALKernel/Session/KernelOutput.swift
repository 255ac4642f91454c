import Foundation
import LLALLanguage
import LLALNotebook

/// The interpreter's output in the kernel: what a cell prints goes out as `stream`
/// messages on IOPub (gathered for up to a tenth of a second, so a loop that prints
/// thousands of lines sends a few messages), and the progress of training and
/// experiments as one display updated in place (`display_data` with a `display_id`,
/// then `update_display_data`).
///
/// One output serves the whole session: `begin(_:silent:)` points it at the request
/// being executed. Evaluation writes from its own thread and a timer flushes from
/// another, so the state is locked.
final class KernelOutput: ProgressDisplay, @unchecked Sendable {
  /// How long printed text may wait before it is sent.
  static let flushInterval = 0.1

  private let publisher: Publisher
  private let lock = NSLock()
  private var parent: WireMessage?
  private var silent = false
  private var pending = ""
  private var firstPending: Date?
  // The progress display now shown: its id, the lines it keeps, its status line.
  private var progressID: String?
  private var progressLines: [String] = []
  private var progressStatus: String?

  let progressWidth = 100

  init(publisher: Publisher) { self.publisher = publisher }

  /// Starts the thread that sends printed text that has waited `flushInterval`.
  func startFlushing() {
    let thread = Thread { [weak self] in
      while true {
        Thread.sleep(forTimeInterval: KernelOutput.flushInterval / 2)
        guard let self else { return }
        self.flushIfDue()
      }
    }
    thread.name = "llal-kernel-output"
    thread.start()
  }

  /// Points the output at `request`; with `silent`, nothing is published.
  func begin(_ request: WireMessage, silent: Bool) {
    lock.lock()
    defer { lock.unlock() }
    parent = request
    self.silent = silent
  }

  /// Sends what is pending and closes a progress display left open.
  func end() {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
    endProgressLocked()
    parent = nil
  }

  /// Writes `text` to the notebook's standard output.
  func write(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    guard parent != nil, !silent, !text.isEmpty else { return }
    pending += text
    if firstPending == nil { firstPending = Date() }
    if pending.utf8.count >= 64 * 1024 { flushLocked() }
  }

  /// Sends what is pending now (before an execute result or error, so output stays in
  /// order).
  func flush() {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
  }

  private func flushIfDue() {
    lock.lock()
    defer { lock.unlock() }
    if let first = firstPending, Date().timeIntervalSince(first) >= Self.flushInterval {
      flushLocked()
    }
  }

  private func flushLocked() {
    defer {
      pending = ""
      firstPending = nil
    }
    guard !pending.isEmpty, let parent else { return }
    publisher.publish(
      "stream", ["name": "stdout", "text": .string(pending)], parent: parent)
  }

  // MARK: - Progress

  func showProgress(_ status: String) {
    lock.lock()
    defer { lock.unlock() }
    progressStatus = status
    publishProgressLocked()
  }

  func logProgress(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    progressLines.append(line)
    progressStatus = nil
    publishProgressLocked()
  }

  func endProgress() {
    lock.lock()
    defer { lock.unlock() }
    endProgressLocked()
  }

  /// Leaves the display showing the finished lines (or, when there are none, the last
  /// status), so the next long work starts a display of its own.
  private func endProgressLocked() {
    if progressID != nil, !progressLines.isEmpty, progressStatus != nil {
      progressStatus = nil
      publishProgressLocked()
    }
    progressID = nil
    progressLines = []
    progressStatus = nil
  }

  private func publishProgressLocked() {
    guard let parent, !silent else { return }
    flushLocked()
    let text = (progressLines + (progressStatus.map { [$0] } ?? [])).joined(separator: "\n")
    let update = progressID != nil
    let id = progressID ?? "llal-progress-" + UUID().uuidString.lowercased()
    progressID = id
    publisher.publish(
      update ? "update_display_data" : "display_data",
      [
        "data": ["text/plain": .string(text)], "metadata": [:],
        "transient": ["display_id": .string(id)],
      ], parent: parent)
  }
}
