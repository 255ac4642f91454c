import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Asserts that `text` parses as XML (an HTML page written as XHTML-compatible markup).
func assertWellFormedXML(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
  let parser = XMLParser(data: Data(text.utf8))
  let ok = parser.parse()
  XCTAssertTrue(
    ok, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")", file: file,
    line: line)
}
