#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where `print`, `help` and other output of a program goes. The notebook swaps in an
/// `OutputBuffer` per cell to capture each cell's output.
public protocol OutputSink: AnyObject {
  /// Writes `text` as is (it carries its own newlines).
  func write(_ text: String)
}

/// `write(2)`, named apart from `OutputSink.write`.
private let systemWrite = write

/// Writes to the process's standard output, remembering whether a write failed.
///
/// Output that cannot be written (a full disk, `> /dev/full`, a closed pipe) must not be
/// lost silently: the first failure is kept in `failure` and reported to `onFailure`;
/// later writes are dropped. The command line exits with status 74 when it is set.
public final class StandardOutput: OutputSink {
  /// Why the first failed write failed (`no space left on device`), or nil.
  public private(set) var failure: String?
  /// Called once, at the first failed write (the command line stops the run there).
  public var onFailure: (() -> Void)?

  /// A sink for standard output.
  public init() {}

  /// Writes straight to the descriptor, so output interleaves correctly with
  /// diagnostics on standard error.
  public func write(_ text: String) {
    guard failure == nil else { return }
    let code = writeAll(text, toDescriptor: 1)
    guard code != 0 else { return }
    let reason = String(cString: strerror(code))
    failure = reason.prefix(1).lowercased() + reason.dropFirst()
    onFailure?()
  }
}

/// Writes to the process's standard error, unbuffered, so diagnostics interleave with
/// standard output in the order they happen. Failures are ignored: there is nowhere
/// left to report them.
public final class StandardError: OutputSink {
  /// A sink for standard error.
  public init() {}

  /// Writes straight to the descriptor.
  public func write(_ text: String) { writeAll(text, toDescriptor: 2) }
}

/// Writes all of `text` to file descriptor `fd`, retrying after interrupted writes.
/// Returns 0, or the `errno` of the write that failed.
@discardableResult
func writeAll(_ text: String, toDescriptor fd: Int32) -> Int32 {
  var copy = text
  return copy.withUTF8 { buffer in
    guard let base = buffer.baseAddress else { return 0 }
    var offset = 0
    while offset < buffer.count {
      let n = systemWrite(fd, base + offset, buffer.count - offset)
      if n < 0, errno == EINTR { continue }
      if n < 0 { return errno }
      if n == 0 { return EIO }
      offset += n
    }
    return 0
  }
}

/// Collects output in memory.
public final class OutputBuffer: OutputSink {
  /// Everything written so far.
  public private(set) var text = ""

  /// An empty buffer.
  public init() {}

  /// Appends `text`.
  public func write(_ text: String) { self.text += text }

  /// Returns the text and empties the buffer.
  public func take() -> String {
    defer { text = "" }
    return text
  }
}
