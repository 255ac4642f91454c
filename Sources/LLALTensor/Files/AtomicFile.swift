import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `write(2)`, named apart from `AtomicFile.write`.
private let systemWrite = write

/// Writing a file so that a crash, `kill -9` or a full disk never leaves a half-written
/// file and never loses the old one: the one place llal writes files (notebook pages,
/// results, `:save` and `:export`, checkpoints, the REPL history).
///
/// The bytes go to a temporary file `.NAME.llal-tmp-PID` in the destination's folder,
/// are flushed to disk, and the temporary is renamed over the destination in one step.
/// On failure the temporary is removed and the destination is left as it was. Each write
/// also removes temporaries of this naming that processes no longer running left in the
/// folder (killed, or stopped by a full disk).
///
/// What is at the destination decides what happens (`destination(of:)`):
/// - nothing: the file is created (its folder must exist);
/// - a regular file: it is replaced, keeping its permission bits;
/// - a symbolic link to a regular file: the file it points to is replaced and the link
///   stays a link (a link to nothing is refused);
/// - a directory, a device, a FIFO or a socket: refused, never replaced.
public enum AtomicFile {
  /// What the names of temporary files contain, before the writer's process id.
  public static let temporaryMarker = ".llal-tmp-"

  /// Writes `text` as UTF-8 to `path`. Throws `FileError` (`.write`).
  public static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }

  /// Writes `data` to `path` through a temporary file renamed into place. Throws
  /// `FileError` (`.write`) saying why, with the destination unchanged.
  public static func write(_ data: Data, to path: String) throws {
    let target = try destination(of: path)
    let folder = FilePath.parent(of: target)
    removeStaleTemporaries(in: folder)
    let temporary = folder + "/" + temporaryName(for: FilePath.name(of: target), pid: getpid())
    var info = stat()
    let mode = stat(target, &info) == 0 ? mode_t(info.st_mode & 0o7777) : nil
    var fd = try create(temporary, path)
    func fail(_ code: Int32) -> FileError {
      if fd >= 0 { close(fd) }
      unlink(temporary)
      return FileError(.write, path, errno: code)
    }
    if let mode, fchmod(fd, mode) != 0 { throw fail(errno) }
    let written: Int32 = data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count, let base = raw.baseAddress {
        let n = systemWrite(fd, base + offset, raw.count - offset)
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return n == 0 ? EIO : errno }
        offset += n
      }
      return 0
    }
    if written != 0 { throw fail(written) }
    if fsync(fd) != 0 { throw fail(errno) }
    let closed = close(fd)
    fd = -1
    if closed != 0 { throw fail(errno) }
    if rename(temporary, target) != 0 { throw fail(errno) }
    syncFolder(folder)
  }

  /// The path a write to `path` replaces: `path` itself, or the regular file a symbolic
  /// link at `path` points to. Throws `FileError` (`.write`) for a missing folder or
  /// for anything but a regular file at the destination, so a front end can check its
  /// output before doing long work.
  @discardableResult
  public static func destination(of path: String) throws -> String {
    var info = stat()
    if lstat(path, &info) != 0 {
      guard errno == ENOENT else { throw FileError(.write, path, errno: errno) }
      let parent = FilePath.parent(of: path)
      var folder = stat()
      guard stat(parent, &folder) == 0 else { throw FileError(.write, path, errno: errno) }
      guard folder.st_mode & S_IFMT == S_IFDIR else {
        throw FileError(.write, path, "'\(parent)' is not a directory")
      }
      return path
    }
    var target = path
    if info.st_mode & S_IFMT == S_IFLNK {
      guard stat(path, &info) == 0 else {
        throw FileError(.write, path, "is a symbolic link to nothing; llal does not follow it")
      }
      if info.st_mode & S_IFMT == S_IFREG {
        guard let resolved = realpath(path, nil) else {
          throw FileError(.write, path, errno: errno)
        }
        defer { free(resolved) }
        target = String(cString: resolved)
      }
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return target
    case S_IFDIR: throw FileError(.write, path, "is a directory, not a file")
    case S_IFCHR, S_IFBLK: throw FileError(.write, path, "is a device, not a regular file")
    case S_IFIFO: throw FileError(.write, path, "is a pipe, not a regular file")
    default: throw FileError(.write, path, "is a socket, not a regular file")
    }
  }

  /// `.NAME.llal-tmp-PID`, with a long NAME shortened so the whole fits a file name.
  static func temporaryName(for name: String, pid: Int32) -> String {
    var short = ""
    for c in name {
      if short.utf8.count + c.utf8.count > 200 { break }
      short.append(c)
    }
    return "." + short + temporaryMarker + String(pid)
  }

  /// The writer's process id in a temporary file's name, or nil for any other name.
  static func writerID(ofTemporary name: String) -> Int32? {
    guard name.hasPrefix("."), let marker = name.range(of: temporaryMarker, options: .backwards)
    else { return nil }
    let digits = name[marker.upperBound...]
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int32(digits)
  }

  /// Removes the temporaries in `folder` whose writer no longer runs.
  static func removeStaleTemporaries(in folder: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names {
      guard let pid = writerID(ofTemporary: name), pid > 0, pid != getpid() else { continue }
      guard kill(pid, 0) != 0, errno == ESRCH else { continue }
      let path = folder + "/" + name
      var info = stat()
      if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { unlink(path) }
    }
  }

  /// Creates the temporary file; a leftover of an earlier process that had this one's id
  /// is replaced.
  private static func create(_ temporary: String, _ path: String) throws -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
    var fd = open(temporary, flags, 0o666)
    if fd < 0, errno == EEXIST {
      unlink(temporary)
      fd = open(temporary, flags, 0o666)
    }
    guard fd >= 0 else { throw FileError(.write, path, errno: errno) }
    return fd
  }

  /// Flushes the folder's entry for the renamed file (best effort: not every file
  /// system allows it).
  private static func syncFolder(_ folder: String) {
    let fd = open(folder, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }
}
