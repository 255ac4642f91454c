import Foundation
import LLALLanguage

/// The process's standard output and error as the commands use them.
enum StandardStreams {
  /// The sink programs print to; it remembers a failed write (`BatchRun` stops the run
  /// at the first one).
  static let output = StandardOutput()
  private static let errors = StandardError()

  /// Writes `text` to standard error, unbuffered; failures are ignored.
  static func writeError(_ text: String) { errors.write(text) }

  /// Whether anything written to standard output was lost, and why.
  static var outputFailure: String? {
    if let failure = output.failure { return failure }
    // `print` (help, version, benchmark lines) goes through C's buffered stdout.
    if fflush(stdout) != 0 || ferror(stdout) != 0 {
      let reason = String(cString: strerror(errno))
      return reason.prefix(1).lowercased() + reason.dropFirst()
    }
    return nil
  }

  /// The status to exit with: `status`, or 74 after a message when standard output
  /// could not be written in full (unless the status already reports an I/O error or a
  /// signal).
  static func finish(_ status: Int32) -> Int32 {
    guard status != ExitStatus.ioError, status < 128, let failure = outputFailure else {
      return status
    }
    writeError("llal: cannot write to standard output: \(failure)\n")
    return ExitStatus.ioError
  }
}
