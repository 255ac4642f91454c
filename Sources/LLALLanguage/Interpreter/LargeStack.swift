import Foundation

/// Runs evaluation on a thread with a large stack, so a tree-walking interpreter can
/// recurse as deep as `Limits.maxCallDepth` allows even in debug builds (whose frames
/// are large), and the stack guard turns anything deeper into an error.
enum LargeStack {
  /// Runs `body` on a fresh thread with `bytes` of stack and waits for it.
  static func run<T>(bytes: Int, _ body: @escaping () throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.result = Result { try body() }
      done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    guard let result = box.result else {
      throw RuntimeError("internal error: the evaluation thread returned no result")
    }
    return try result.get()
  }

  /// An address on the current stack, to measure how much of it is in use.
  @inline(never)
  static func currentAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
  }
}

/// The result handed from the evaluation thread back to the waiting one; the semaphore
/// orders the write before the read.
private final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, Error>?
}
