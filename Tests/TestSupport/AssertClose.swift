import XCTest

extension XCTestCase {
  /// Asserts that two arrays have the same length and agree element-wise within
  /// `tolerance · max(1, |expected|)`; NaN matches only NaN, an infinity only itself.
  public func assertClose(
    _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(actual.count, expected.count, "count \(message)", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
      if e.isNaN {
        XCTAssertTrue(
          a.isNaN, "element \(i): \(a), expected NaN \(message)", file: file, line: line)
      } else if e.isInfinite {
        XCTAssertEqual(a, e, "element \(i) \(message)", file: file, line: line)
      } else {
        XCTAssertLessThanOrEqual(
          Swift.abs(a - e), tolerance * Swift.max(1, Swift.abs(e)),
          "element \(i): \(a) vs \(e) \(message)", file: file, line: line)
      }
    }
  }
}
