import Foundation
import LLALLanguage
import LLALTensor

/// The REPL's persistent history: `$XDG_STATE_HOME/llal/history`, falling back to
/// `~/.local/state/llal/history`.
///
/// One entry per line, UTF-8; a backslash and a newline inside an entry are written as
/// `\\` and `\n`, so a multi-line entry stays one entry. The file keeps the last
/// `capacity` entries, drops consecutive duplicates, and is written atomically
/// (`AtomicFile`). Failures become warnings, never crashes.
public struct HistoryFile {
  /// The longest entry kept, in bytes of UTF-8: 64 KiB. Longer entries (a pasted data
  /// file is input, not history) are left out of the file and of the session's history.
  public static let maxEntryBytes = 64 << 10

  /// Where the history lives.
  public let url: URL
  /// The most entries kept.
  public let capacity: Int
  /// The entries, oldest first.
  public private(set) var entries: [String] = []

  /// The default location from the environment.
  public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> URL
  {
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
      return URL(fileURLWithPath: state).appendingPathComponent("llal/history")
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/state/llal/history")
  }

  /// A history at `url` holding at most `capacity` entries (nothing is read yet).
  public init(url: URL = HistoryFile.defaultURL(), capacity: Int = 1000) {
    self.url = url
    self.capacity = capacity
  }

  /// Reads the file. A missing file is an empty history; an unreadable one gives a
  /// warning (returned) and an empty history.
  public mutating func load() -> String? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return "warning: could not read history \(url.path): it is a directory"
    }
    do {
      guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
        return "warning: could not read history \(url.path): it is not UTF-8 text"
      }
      entries = text.split(separator: "\n", omittingEmptySubsequences: true).map {
        HistoryFile.unescape(String($0))
      }.filter(HistoryFile.keeps)
      if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
      return nil
    } catch {
      return "warning: could not read history \(url.path): \(FileProblem.reason(error))"
    }
  }

  /// Whether an entry may be kept: it is not blank and not over `maxEntryBytes`.
  public static func keeps(_ entry: String) -> Bool {
    entry.utf8.count <= maxEntryBytes && !entry.allSatisfy(\.isWhitespace)
  }

  /// Adds an entry unless `keeps` refuses it or it repeats the last one. Returns whether
  /// it was added.
  @discardableResult
  public mutating func append(_ entry: String) -> Bool {
    guard HistoryFile.keeps(entry), entries.last != entry else { return false }
    entries.append(entry)
    if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    return true
  }

  /// Writes the file (creating its folder); returns a warning on failure.
  public func save() -> String? {
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      let text = entries.map(HistoryFile.escape).joined(separator: "\n") + "\n"
      try AtomicFile.write(text, to: url.path)
      return nil
    } catch let error as FileError {
      return "warning: could not save history \(url.path): \(error.reason)"
    } catch {
      return "warning: could not save history \(url.path): \(FileProblem.reason(error))"
    }
  }

  static func escape(_ entry: String) -> String {
    entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  static func unescape(_ line: String) -> String {
    var out = ""
    var escaping = false
    for c in line {
      if escaping {
        out.append(c == "n" ? "\n" : c)
        escaping = false
      } else if c == "\\" {
        escaping = true
      } else {
        out.append(c)
      }
    }
    if escaping { out.append("\\") }
    return out
  }
}
