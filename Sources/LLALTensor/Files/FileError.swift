#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error that may mean a file or stream could not be read or written at all (as
/// opposed to read and found malformed). The interpreter marks such errors as I/O
/// failures, which the command line reports with exit status 74.
public protocol IOErrorReporting: Error {
  /// Whether the error is an I/O failure: missing, a directory, no permission, disk full.
  var isIOError: Bool { get }
}

/// A file that could not be read or written, and why in a few words:
/// `cannot write 'out/a.html': no such directory 'out'`.
///
/// The reasons are phrased for people (`no such file`, `is a directory, not a file`,
/// `no space left on device`); Foundation's own descriptions on Linux often say only
/// "The operation could not be completed".
public struct FileError: IOErrorReporting, CustomStringConvertible, Equatable, Sendable {
  /// What was being done to the file.
  public enum Operation: String, Sendable {
    /// Reading it.
    case read
    /// Writing (or replacing) it.
    case write
  }

  /// What was being done.
  public let operation: Operation
  /// The path as the user gave it.
  public let path: String
  /// Why it failed.
  public let reason: String

  /// An error about `path` saying `reason`.
  public init(_ operation: Operation, _ path: String, _ reason: String) {
    self.operation = operation
    self.path = path
    self.reason = reason
  }

  /// An error from the system error number `code` (`errno`) for `path`.
  public init(_ operation: Operation, _ path: String, errno code: Int32) {
    self.init(operation, path, FileError.reason(code, operation: operation, path: path))
  }

  /// Always true: every `FileError` is an I/O failure.
  public var isIOError: Bool { true }

  /// `cannot read 'path': reason` or `cannot write 'path': reason`.
  public var description: String { "cannot \(operation.rawValue) '\(path)': \(reason)" }

  /// The words for `code`: the common cases in the project's phrasing, others from
  /// `strerror` with a lower-case first letter.
  static func reason(_ code: Int32, operation: Operation, path: String) -> String {
    switch code {
    case ENOENT:
      guard operation == .write else { return "no such file" }
      let parent = FilePath.parent(of: path)
      return FilePath.exists(parent) ? "no such file" : "no such directory '\(parent)'"
    case ENOTDIR:
      return operation == .write
        ? "'\(FilePath.parent(of: path))' is not a directory"
        : "a part of the path is not a directory"
    case EISDIR: return "is a directory, not a file"
    case EACCES, EPERM: return "permission denied"
    default:
      let text = String(cString: strerror(code))
      return text.prefix(1).lowercased() + text.dropFirst()
    }
  }
}

/// Small path helpers for the file readers and writers.
public enum FilePath {
  /// Whether `a` and `b` name the same existing file (after symbolic links), as a
  /// writer must check before replacing its own input.
  public static func isSameFile(_ a: String, _ b: String) -> Bool {
    var x = stat()
    var y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// The folder holding `path` (`.` for a bare name).
  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let head = path[..<slash]
    return head.isEmpty ? "/" : String(head)
  }

  /// The last component of `path`.
  static func name(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// Whether something exists at `path` (following symbolic links).
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }
}
