import Foundation

/// Why a file could not be read or written, in a few words for a message
/// (`cannot write 'out/a.html': no such directory 'out'`). Foundation's own descriptions
/// on Linux say only "The operation could not be completed".
public enum FileProblem {
  /// Why `path` cannot be read: missing, a directory, or not readable.
  public static func unreadable(_ path: String) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return "no such file"
    }
    return isDirectory.boolValue ? "it is a directory" : "permission denied"
  }

  /// Why writing `path` failed with `error`: a missing or non-directory parent, the path
  /// being a directory, or the system's reason.
  public static func unwritable(_ path: String, _ error: Error) -> String {
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
      return "no such directory '\(parent)'"
    }
    if !isDirectory.boolValue { return "'\(parent)' is not a directory" }
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return "it is a directory"
    }
    return reason(error)
  }

  /// The POSIX reason under a Foundation error, else the error's own description.
  public static func reason(_ error: Error) -> String {
    let ns = error as NSError
    if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      posix.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(posix.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    // A library's own error describes itself; bridged, it would give only its type name.
    return ns.domain == NSCocoaErrorDomain ? ns.localizedDescription : "\(error)"
  }
}
