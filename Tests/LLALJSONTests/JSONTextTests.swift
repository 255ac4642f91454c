import Foundation
import XCTest

import LLALJSON

final class JSONTextTests: XCTestCase {
  // Whatever the name, the literal parses back to it with Foundation's JSON parser.
  func testQuotedRoundTripsThroughJSONParser() throws {
    for s in ["plain", "a \"quoted\" \\ path", "line\nbreak\ttab\r", "bell\u{7}", "λ naïve", ""] {
      let literal = JSONText.quoted(s)
      let parsed = try JSONSerialization.jsonObject(
        with: Data("[\(literal)]".utf8)) as? [String]
      XCTAssertEqual(parsed, [s], literal)
    }
    XCTAssertEqual(JSONText.quoted("a\u{1}b"), "\"a\\u0001b\"")
    XCTAssertEqual(JSONText.quoted("\u{8}\u{c}\u{1f}é"), #""\b\f\u001fé""#)
  }
}
