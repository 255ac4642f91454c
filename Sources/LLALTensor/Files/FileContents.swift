import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `read(2)`, named apart from `FileContents.read`.
private let systemRead = read

/// Reading whole files: scripts, data sets, checkpoints. The one place llal opens a file
/// for reading, so every reader refuses the same things with the same words.
///
/// A regular file is read in one go after checking its size. A pipe, a FIFO or a
/// terminal (`llal run /dev/stdin`, `csv("/dev/stdin")`) is read as a stream to its end.
/// Either way at most `limit` bytes are taken: a larger file is refused before it is
/// read, a stream as soon as it passes the limit. Other devices (`/dev/zero`,
/// `/dev/urandom`, disks) and sockets are refused: they are not files and may never end.
///
/// ```swift
/// let bytes = try FileContents.read("iris.csv")
/// ```
public enum FileContents {
  /// The most bytes read by default: 2 GiB.
  public static let defaultLimit = 1 << 31

  /// The bytes of the file at `path`, at most `limit` of them. Throws `FileError`
  /// (`.read`) saying why the file cannot be read, or `Interrupt.Stopped` when an
  /// interrupt arrives while waiting for a stream.
  public static func read(_ path: String, limit: Int = defaultLimit) throws -> Data {
    let fd = try openForReading(path)
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileError(.read, path, errno: errno) }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      throw FileError(.read, path, "is a directory, not a file")
    case S_IFREG where info.st_size > 0:
      guard info.st_size <= limit else {
        throw FileError(
          .read, path, "is \(info.st_size) bytes, more than the limit of \(describe(limit))")
      }
      // The size may change while reading (a file still being written): read to its end.
      return try stream(fd, path, limit: limit, expected: Int(info.st_size))
    case S_IFREG, S_IFIFO:
      // An empty regular file may still have content (`/proc` files report size 0).
      return try stream(fd, path, limit: limit, expected: 0)
    case S_IFCHR where isatty(fd) != 0:
      return try stream(fd, path, limit: limit, expected: 0)
    case S_IFCHR, S_IFBLK:
      throw FileError(.read, path, "is a device, not a file")
    default:
      throw FileError(.read, path, "is not a regular file, a pipe or a terminal")
    }
  }

  /// Opens `path` for reading, waiting on a FIFO until it has a writer.
  private static func openForReading(_ path: String) throws -> Int32 {
    while true {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      if fd >= 0 { return fd }
      guard errno == EINTR else { throw FileError(.read, path, errno: errno) }
      try Interrupt.check("opening '\(path)'")
    }
  }

  /// Reads `fd` to its end, refusing more than `limit` bytes.
  private static func stream(_ fd: Int32, _ path: String, limit: Int, expected: Int) throws
    -> Data
  {
    var data = Data(capacity: expected > 0 ? expected + 1 : 1 << 16)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
      if n == 0 { return data }
      if n < 0 {
        guard errno == EINTR else { throw FileError(.read, path, errno: errno) }
        try Interrupt.check("reading '\(path)'")
        continue
      }
      guard data.count + n <= limit else {
        throw FileError(.read, path, "holds more than the limit of \(describe(limit))")
      }
      data.append(contentsOf: chunk[0..<n])
    }
  }

  /// `64 MiB`, `2 GiB`, or a byte count.
  static func describe(_ bytes: Int) -> String {
    if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    return "\(bytes) bytes"
  }
}
