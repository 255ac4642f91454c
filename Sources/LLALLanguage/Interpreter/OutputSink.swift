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

/// Writes to the process's standard output.
public final class StandardOutput: OutputSink {
  /// A sink for standard output.
  public init() {}

  /// Writes straight to the descriptor, so output interleaves correctly with
  /// diagnostics on standard error.
  public func write(_ text: String) { writeAll(text, toDescriptor: 1) }
}

/// Writes to the process's standard error, unbuffered, so diagnostics interleave with
/// standard output in the order they happen.
public final class StandardError: OutputSink {
  /// A sink for standard error.
  public init() {}

  /// Writes straight to the descriptor.
  public func write(_ text: String) { writeAll(text, toDescriptor: 2) }
}

/// Writes all of `text` to file descriptor `fd`, retrying after interrupted writes.
func writeAll(_ text: String, toDescriptor fd: Int32) {
  var copy = text
  copy.withUTF8 { buffer in
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
      let n = systemWrite(fd, base + offset, buffer.count - offset)
      if n < 0, errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
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
