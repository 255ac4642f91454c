import XCTest

@testable import LLALLanguage

final class LexerTests: XCTestCase {
  private func kinds(_ text: String) -> [TokenKind] {
    var lexer = Lexer(file: SourceFile(name: "t", text: text))
    return lexer.tokenize().map(\.kind)
  }

  func testRangesAfterNumbersAreNotDecimalPoints() {
    XCTAssertEqual(kinds("0..<10"), [.int, .halfOpenRange, .int, .endOfInput])
    XCTAssertEqual(kinds("1...3"), [.int, .closedRange, .int, .endOfInput])
    XCTAssertEqual(kinds("1.5 5e-4 2E3 1_000"), [.float, .float, .float, .int, .endOfInput])
  }

  func testOperatorsAndKeywords() {
    XCTAssertEqual(
      kinds("x |> f ** 2 @ w => a != b and not c"),
      [
        .identifier, .pipe, .identifier, .starStar, .int, .at, .identifier, .arrow, .identifier,
        .notEqual, .identifier, .kwAnd, .kwNot, .identifier, .endOfInput,
      ])
    XCTAssertEqual(
      kinds("fn if else for in while break continue return true false none"),
      [
        .kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwBreak, .kwContinue, .kwReturn,
        .kwTrue, .kwFalse, .kwNone, .endOfInput,
      ])
    XCTAssertEqual(
      kinds("x += 1; y -= 2"),
      [
        .identifier, .plusAssign, .int, .semicolon,
        .identifier, .minusAssign, .int, .endOfInput,
      ])
  }

  func testLineBreaksAreFlagsOnTheNextToken() {
    var lexer = Lexer(file: SourceFile(name: "t", text: "a # comment\n\n  b c"))
    let tokens = lexer.tokenize()
    XCTAssertEqual(tokens.map(\.atLineStart), [true, true, false, false])
  }

  func testStringsDecodeEscapesAndMaySpanLines() {
    let file = SourceFile(name: "t", text: "\"a\\n\\\"b\\\\\"  \"x\ny\"")
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize()
    XCTAssertEqual(tokens.map(\.kind), [.string, .string, .endOfInput])
    XCTAssertEqual(StringLiteral.decode(file.bytes, tokens[0].range), "a\n\"b\\")
    XCTAssertEqual(StringLiteral.decode(file.bytes, tokens[1].range), "x\ny")
  }

  func testProblemsBecomeDiagnostics() {
    var lexer = Lexer(file: SourceFile(name: "t", text: "a $ \"open"))
    _ = lexer.tokenize()
    XCTAssertEqual(
      lexer.diagnostics.map(\.message),
      [
        "unexpected character '$'", "unterminated string: expected '\"' before the end of input",
      ])
    XCTAssertEqual(lexer.diagnostics.map(\.isAtEndOfInput), [false, true])
  }
}
