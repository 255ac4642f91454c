import Foundation
import XCTest

@testable import LLALData

/// A fresh directory under the system temporary directory, removed by `tearDown`.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-data-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `bytes` to `name` in the directory and returns its path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = url.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `text` (UTF-8) to `name` and returns its path.
  @discardableResult
  func write(_ name: String, text: String) throws -> String {
    try write(name, Array(text.utf8))
  }

  /// The path of `name` in the directory (which may not exist).
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Asserts that `body` throws a `DataError` of `kind` whose message contains every
/// string of `fragments`.
func assertDataError<T>(
  _ kind: DataError.Kind, _ fragments: [String], file: StaticString = #filePath,
  line: UInt = #line, _ body: () throws -> T
) {
  do {
    _ = try body()
    XCTFail("expected a DataError", file: file, line: line)
  } catch let error as DataError {
    XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
    for fragment in fragments {
      XCTAssertTrue(
        error.description.contains(fragment), "\"\(error)\" lacks \"\(fragment)\"",
        file: file, line: line)
    }
  } catch {
    XCTFail("expected a DataError, got \(error)", file: file, line: line)
  }
}
