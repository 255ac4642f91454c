import Foundation

/// Why Foundation could not read or write a file, in a few words for a message.
/// Foundation's own descriptions on Linux say only "The operation could not be
/// completed". (llal's own readers and writers, `FileContents` and `AtomicFile`, throw a
/// `FileError` that already says why.)
public enum FileProblem {
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
