import LLALJSON
import XCTest

/// The JSON reader and writer under the kernel's messages, `.ipynb` files and
/// safetensors headers.
final class JSONTests: XCTestCase {
  func testReadsEveryKindOfValue() throws {
    let value = try JSON.parse(
      #" {"a": [1, -2.5, 3e2, true, false, null], "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude42", "o": {}} "#
    )
    XCTAssertEqual(
      value,
      [
        "a": [1, -2.5, .number("3e2"), true, false, nil], "s": "x\"\\/\u{08}\u{0C}\n\r\té🙂",
        "o": [:],
      ])
    XCTAssertEqual(try JSON.parse("0"), .int(0))
    XCTAssertEqual(try JSON.parse("-0.0"), .double(-0.0))
    XCTAssertEqual(try JSON.parse("[]"), [])
  }

  func testWritesCompactOrIndentedWithSortedKeys() {
    let value: JSON = ["b": [1, 2.5, "é\n"], "a": nil, "c": [:], "d": []]
    XCTAssertEqual(value.text(), #"{"a":null,"b":[1,2.5,"é\n"],"c":{},"d":[]}"#)
    XCTAssertEqual(
      value.text(indent: 1),
      """
      {
       "a": null,
       "b": [
        1,
        2.5,
        "é\\n"
       ],
       "c": {},
       "d": []
      }
      """)
    XCTAssertEqual(JSON.double(.nan).text(), "null")
    XCTAssertEqual(JSON.double(3).text(), "3.0")
    XCTAssertEqual(JSON.string("\u{01}").text(), #""\u0001""#)
  }

  func testRoundTrips() throws {
    let value: JSON = [
      "text": "line 1\nline 2\t\"quoted\" \\ 🙂", "n": [0, -7, 1.5e-7, 123456789012],
      "nested": ["deep": [[[]]]],
    ]
    XCTAssertEqual(try JSON.parse(value.text()), value)
    XCTAssertEqual(try JSON.parse(value.text(indent: 2)), value)
  }

  func testSyntaxErrorsSayWhereAndWhat() {
    func problem(_ text: String) -> String {
      do {
        _ = try JSON.parse(text)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    XCTAssertEqual(problem(""), "line 1, column 1: expected a value, found the end of the text")
    XCTAssertEqual(
      problem("{\n  \"a\": 1,\n}"),
      "line 3, column 1: expected a member name in double quotes, found '}'")
    XCTAssertEqual(
      problem("[1 2]"), "line 1, column 4: expected ',' or ']' after an array element, found '2'")
    XCTAssertEqual(
      problem("{\"a\" 1}"), "line 1, column 6: expected ':' after a member name, found '1'")
    XCTAssertEqual(
      problem("{\"a\": 1, \"a\": 2}"), "line 1, column 10: the key \"a\" occurs twice")
    XCTAssertEqual(problem("\"abc"), "line 1, column 1: a string is not closed")
    XCTAssertEqual(
      problem("\"a\nb\""), "line 1, column 3: a control character inside a string must be escaped")
    XCTAssertEqual(problem("\"\\x\""), "line 1, column 3: unknown escape \\x in a string")
    XCTAssertEqual(
      problem("\"\\ud800\""), "line 1, column 2: a lone surrogate \\u escape in a string")
    XCTAssertEqual(
      problem("\"\\u12\""), "line 1, column 6: expected four hexadecimal digits after \\u")
    XCTAssertEqual(problem("01"), "line 1, column 2: unexpected text after the value")
    XCTAssertEqual(
      problem("1."), "line 1, column 3: expected a digit after '.', found the end of the text")
    XCTAssertEqual(problem("tru"), "line 1, column 1: expected a value, found 't'")
    XCTAssertEqual(problem("[1] x"), "line 1, column 5: unexpected text after the value")
    XCTAssertEqual(problem("é"), "line 1, column 1: expected a value, found byte 0xc3")
    XCTAssertEqual(
      problem(String(repeating: "[", count: 600)),
      "line 1, column 513: nested deeper than 512 levels")
  }

  func testInvalidUTF8InAStringIsRefused() {
    XCTAssertThrowsError(try JSON.parse([0x22, 0xFF, 0x22])) {
      XCTAssertEqual("\($0)", "line 1, column 2: a string holds bytes that are not UTF-8")
    }
  }

  func testAccessors() {
    let value: JSON = ["n": 3, "d": 2.0, "f": 2.5, "s": "x", "b": true, "a": [1]]
    XCTAssertEqual(value["n"]?.int, 3)
    // Only integer literals are integers: 2.0 is not, though it equals one.
    XCTAssertNil(value["d"]?.int)
    XCTAssertEqual(value["d"]?.double, 2)
    XCTAssertNil(value["f"]?.int)
    XCTAssertEqual(value["s"]?.string, "x")
    XCTAssertEqual(value["b"]?.bool, true)
    XCTAssertEqual(value["a"]?.array, [1])
    XCTAssertNil(value["missing"])
    XCTAssertNil(JSON.int(1)["key"])
    XCTAssertEqual(value.merging(["n": 4])["n"], 4)
  }
}
