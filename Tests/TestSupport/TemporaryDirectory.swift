import Foundation
import XCTest

/// A fresh directory under the system temporary directory, removed when released.
public final class TemporaryDirectory {
  /// The directory.
  public let url: URL

  /// Creates `llal-tests-<UUID>` under the system temporary directory.
  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { remove() }

  /// Removes the directory and everything in it.
  public func remove() { try? FileManager.default.removeItem(at: url) }

  /// The path of `name` in the directory (which may not exist).
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `bytes` to `name` in the directory and returns its path.
  @discardableResult
  public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = path(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `text` (UTF-8) to `name` and returns its path.
  @discardableResult
  public func write(_ name: String, text: String) throws -> String {
    try write(name, Array(text.utf8))
  }
}

extension XCTestCase {
  /// A fresh directory under the system temporary directory, removed when the test ends.
  public func temporaryDirectory() throws -> URL {
    let directory = try TemporaryDirectory()
    addTeardownBlock { directory.remove() }
    return directory.url
  }
}
