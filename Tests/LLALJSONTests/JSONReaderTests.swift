import LLALJSON
import XCTest

/// The rules that headers of untrusted files lean on: numbers keep their text, objects
/// their order, and every error has its byte offset.
final class JSONReaderTests: XCTestCase {
  func testReadsStringsAndNumbersExactly() throws {
    let text =
      #"{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","n":[-0,1.5e-3,0],"t":[true,false,null]}"#
    let value = try JSON.parse(Array(text.utf8))
    XCTAssertEqual(
      value,
      [
        "s": .string("a\"\\/\u{8}\u{c}\n\r\té😀"),
        "n": .array([.number("-0"), .number("1.5e-3"), .number("0")]),
        "t": .array([.bool(true), .bool(false), .null]),
      ])
    XCTAssertEqual(value.object?.keys, ["s", "n", "t"])
  }

  func testIntegersAreIntegerLiteralsThatFit() {
    XCTAssertEqual(JSON.number("12").nonNegativeInt, 12)
    XCTAssertNil(JSON.number("-0").nonNegativeInt)
    XCTAssertNil(JSON.number("-3").nonNegativeInt)
    XCTAssertNil(JSON.bool(true).nonNegativeInt)
    XCTAssertEqual(JSON.number("-12").int, -12)
    XCTAssertEqual(JSON.number("9223372036854775807").int, Int.max)
    for notAnInt: JSON in [
      .number("9.0"), .number("8e0"), .number("1E2"), .number("9223372036854775808"),
      .bool(true), .string("3"), .null,
    ] {
      XCTAssertNil(notAnInt.int, "\(notAnInt)")
    }
    XCTAssertEqual(JSON.number("8e0").double, 8)
    XCTAssertEqual(JSON.number("-12").double, -12)
    XCTAssertNil(JSON.bool(true).double)
    XCTAssertEqual(JSON.array([1, 2]).nonNegativeInts, [1, 2])
    XCTAssertNil(JSON.array([1, -2]).nonNegativeInts)
    XCTAssertNil(JSON.number("1").nonNegativeInts)
  }

  func testErrorsGiveTheByteOffset() {
    for (bad, offset, message) in [
      (#""\ud800x""#, 1, "a lone surrogate \\u escape in a string"),
      (#""\udc00""#, 1, "a lone surrogate \\u escape in a string"),
      (#""\ud800\u0041""#, 1, "a lone surrogate \\u escape in a string"),
      (#""\q""#, 2, "unknown escape \\q in a string"),
      ("\"a\nb\"", 2, "a control character inside a string must be escaped"),
      ("01", 1, "unexpected text after the value"),
      ("-", 1, "expected a digit, found the end of the text"),
      ("1.", 2, "expected a digit after '.', found the end of the text"),
      ("1e+", 3, "expected a digit in the exponent, found the end of the text"),
      ("[1,]", 3, "expected a value, found ']'"),
      ("tru", 0, "expected a value, found 't'"),
      ("", 0, "expected a value, found the end of the text"),
      (#"{"é":1,"é":2}"#, 8, #"the key "é" occurs twice"#),
      ("{\"\\n\":1,\"\\n\":2}", 8, #"the key "\n" occurs twice"#),
    ] {
      XCTAssertThrowsError(try JSON.parse(Array(bad.utf8)), bad) { e in
        let e = e as? JSONSyntaxError
        XCTAssertEqual(e?.offset, offset, bad)
        XCTAssertEqual(e?.message, message, bad)
      }
    }
  }

  func testTheDepthLimitIsTheCallers() throws {
    // 64 levels are allowed, the 65th is refused at its bracket.
    let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    XCTAssertNoThrow(try JSON.parse(ok, maxDepth: 64))
    XCTAssertThrowsError(try JSON.parse("[" + ok + "]", maxDepth: 64)) {
      XCTAssertEqual(($0 as? JSONSyntaxError)?.offset, 64)
      XCTAssertEqual(($0 as? JSONSyntaxError)?.message, "nested deeper than 64 levels")
    }
    // A scalar inside the deepest container is not another level.
    XCTAssertEqual(try JSON.parse(#"{"a":[1]}"#, maxDepth: 2), ["a": [1]])
    XCTAssertEqual(JSON.defaultMaxDepth, 512)
  }

  func testObjectsKeepTheirOrderButCompareWithoutIt() {
    var object: JSONObject = ["b": 1, "a": 2]
    object["c"] = 3
    object["b"] = 4
    XCTAssertEqual(object.keys, ["b", "a", "c"])
    object["a"] = nil
    XCTAssertEqual(object.map(\.key), ["b", "c"])
    XCTAssertEqual(object.count, 2)
    XCTAssertEqual(object, ["c": 3, "b": 4])
    XCTAssertNotEqual(object, ["c": 3, "b": 5])
    XCTAssertNotEqual(object, ["c": 3])
    XCTAssertEqual(JSONObject(["z": 1, "y": 2]).keys, ["y", "z"])
  }

  func testBriefWritesInOrderAndCutsLongText() {
    let value: JSON = ["z": [1, 2], "a": "x"]
    XCTAssertEqual(value.brief(), #"{"z": [1, 2], "a": "x"}"#)
    let long = JSON.array(Array(repeating: 123_456_789, count: 20))
    XCTAssertEqual(long.brief(limit: 12), "[123456789, …")
  }
}
