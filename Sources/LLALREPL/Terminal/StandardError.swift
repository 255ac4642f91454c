import LLALLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `write(2)`, named apart from `OutputSink.write`.
private let systemWrite = write

/// Writes to the process's standard error, unbuffered, so diagnostics interleave with
/// standard output in the order they happen.
public final class StandardError: OutputSink {
  /// A sink for standard error.
  public init() {}

  /// Writes all of `text`, retrying after interrupted writes.
  public func write(_ text: String) {
    var copy = text
    copy.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let n = systemWrite(2, base + offset, buffer.count - offset)
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
      }
    }
  }
}
