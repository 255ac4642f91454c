import Foundation
import XCTest

@testable import LLALData

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
