import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Asserts that `text` parses as XML (an SVG, or an HTML page written as XHTML-compatible
/// markup); with `wrap`, an HTML fragment is wrapped in a root element first.
public func assertWellFormedXML(
  _ text: String, wrap: Bool = false, file: StaticString = #filePath, line: UInt = #line
) {
  let document = wrap ? "<root>\(text)</root>" : text
  let parser = XMLParser(data: Data(document.utf8))
  let ok = parser.parse()
  XCTAssertTrue(
    ok, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")\n\(document)",
    file: file, line: line)
}
