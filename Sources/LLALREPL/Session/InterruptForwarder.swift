import Foundation
import LLALLanguage
import LLALTensor

/// Carries Ctrl-C from the engine's interrupt flag (which the REPL's SIGINT handler sets)
/// to the interpreter's, while a piece of work runs.
///
/// NOTE: the language keeps its own flag (`LLALLanguage.Interrupt`) for now. Once it reads
/// `LLALTensor.Interrupt` instead, forwarding sets a flag that is already set, and this
/// type can go.
enum InterruptForwarder {
  /// Runs `body`, polling the engine's flag every few milliseconds on another thread and
  /// raising the interpreter's when it is set.
  static func during<T>(_ body: () throws -> T) rethrows -> T {
    let state = ForwarderState()
    let thread = Thread {
      while !state.isDone {
        if LLALTensor.Interrupt.isRequested { LLALLanguage.Interrupt.request() }
        Thread.sleep(forTimeInterval: 0.005)
      }
      state.finished.signal()
    }
    thread.start()
    defer {
      state.isDone = true
      state.finished.wait()
    }
    return try body()
  }
}

/// The flag that stops the forwarding thread, and the semaphore it signals on leaving.
private final class ForwarderState: @unchecked Sendable {
  private let lock = NSLock()
  private var done = false
  let finished = DispatchSemaphore(value: 0)

  var isDone: Bool {
    get { lock.withLock { done } }
    set { lock.withLock { done = newValue } }
  }
}
