import LLALDomain
import LLALLanguage
import XCTest

final class CommandLineValueTests: XCTestCase {
  private func shown(_ text: String) throws -> String {
    let v = try CommandLineValue.parse(text)
    return "\(v.typeName) \(ValueFormatter.repr(v))"
  }

  func testScalarsListsAndNestedLists() throws {
    XCTAssertEqual(try shown(" 42 "), "int 42")
    XCTAssertEqual(try shown("0.5"), "float 0.5")
    XCTAssertEqual(try shown("true"), "bool true")
    XCTAssertEqual(try shown("inf"), "string \"inf\"")
    XCTAssertEqual(try shown("runs/a b"), "string \"runs/a b\"")
    XCTAssertEqual(try shown("[160, 180]"), "list [160, 180]")
    XCTAssertEqual(try shown("[]"), "list []")
    XCTAssertEqual(try shown("[1,,2, ]"), "list [1, 2]")
    XCTAssertEqual(try shown("[[1, 2], [3], []]"), "list [[1, 2], [3], []]")
    XCTAssertEqual(try shown("[a b, [x], 0.1]"), "list [\"a b\", [\"x\"], 0.1]")
  }

  func testBracketsThatDoNotPairUpAreText() throws {
    XCTAssertEqual(try shown("[1, 2"), "string \"[1, 2\"")
    XCTAssertEqual(try shown("[1], [2]"), "string \"[1], [2]\"")
    XCTAssertEqual(try shown("[[1] 2]"), "string \"[[1] 2]\"")
    XCTAssertEqual(try shown("[a[1]]"), "string \"[a[1]]\"")
    XCTAssertEqual(try shown("[1]]"), "string \"[1]]\"")
  }

  func testDeepBracketsAreReadInOnePassAndLimited() throws {
    // 12,000 levels took 30 s when each level split the text again; now they are
    // refused after one pass, and 256 levels (the language's limit) are read.
    let deep = String(repeating: "[", count: 12_000) + String(repeating: "]", count: 12_000)
    XCTAssertThrowsError(try CommandLineValue.parse(deep)) { error in
      XCTAssertEqual(
        "\(error)", "lists nested more than 256 deep in '\(String(repeating: "[", count: 40))...'")
    }
    let limit = String(repeating: "[", count: 256) + "7" + String(repeating: "]", count: 256)
    var value = try CommandLineValue.parse(limit)
    var depth = 0
    while case .list(let xs) = value, let first = xs.first {
      depth += 1
      value = first
    }
    XCTAssertEqual(depth, 256)
    XCTAssertEqual(ValueFormatter.repr(value), "7")
  }

  func testSetOptionsUseIt() throws {
    let p = try ScriptParameters.parse(["sizes=[[1, 2], [3]]", "name=[x"])
    XCTAssertEqual(p["sizes"].map(ValueFormatter.repr), "[[1, 2], [3]]")
    XCTAssertEqual(p["name"].map(ValueFormatter.repr), "\"[x\"")
  }
}
