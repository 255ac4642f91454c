import LLALLanguage
import XCTest

final class ParserTests: XCTestCase {
  private func parse(_ text: String) -> ParseResult {
    Parser.parse(SourceFile(name: "t.llal", text: text))
  }

  private func isIncomplete(_ text: String) -> Bool {
    if case .incomplete = parse(text) { return true }
    return false
  }

  private func isFailure(_ text: String) -> Bool {
    if case .failure = parse(text) { return true }
    return false
  }

  func testInputEndingInsideAConstructIsIncomplete() {
    let incomplete = [
      "f(", "f(1,", "[1, 2", "{lr: 0.1,", "x = (1 +", "\"abc", "s = \"line one\nline two",
      "1 +", "x = 2 *", "x |>", "a and", "not", "-", "if x {", "if x { 1 } else {",
      "for i in 0..<3 {", "for i in", "while true {", "fn f(a) {", "fn f(a", "fn f(a) =",
      "f = fn (x) =>", "x =", "a, b =", "t[1,", "t.", "if", "x = if c",
    ]
    for text in incomplete {
      XCTAssertTrue(isIncomplete(text), "expected incomplete: \(text.debugDescription)")
    }
  }

  func testErrorsAreNotIncomplete() {
    for text in ["x = )", "1 2", "f(a = 1)", "x = [1, 2)", "3 = x", "$", "fn f(a, a) = 1", ")("] {
      XCTAssertTrue(isFailure(text), "expected a failure: \(text.debugDescription)")
    }
  }

  func testCompleteInputParses() {
    for (text, statements) in [
      ("x = 1", 1), ("if x { 1 }", 1), ("f(1,\n 2)", 1), ("[1,\n2]", 1), ("x = 1 +\n 2", 1),
      ("x\n |> f()", 1), ("fn f(a) {\n return a\n}", 1), ("", 0), ("# only a comment", 0),
      ("a; b; c", 3), ("a\nb", 2),
    ] {
      XCTAssertEqual(
        parse(text).program?.statements.count, statements,
        "expected a program of \(statements): \(text.debugDescription)")
    }
  }

  func testAnErrorBeforeTheEndMakesAFailureEvenIfTheInputIsAlsoOpen() {
    XCTAssertTrue(isFailure("x = )\nf("))
  }

  func testRecoveryReportsSeveralErrorsInOrder() {
    let d = parse("x = )\ny = 1 2\nz = ]\nok = 1").diagnostics
    XCTAssertEqual(d.map { $0.location?.line }, [1, 2, 3])
  }

  func testPrecedenceAndAssociativity() throws {
    XCTAssertEqual(try shape("1 + 2 * 3"), "(1 + (2 * 3))")
    XCTAssertEqual(try shape("1 - 2 - 3"), "((1 - 2) - 3)")
    XCTAssertEqual(try shape("2 ** 3 ** 2"), "(2 ** (3 ** 2))")
    XCTAssertEqual(try shape("-2 ** 2"), "(-(2 ** 2))")
    XCTAssertEqual(try shape("a or b and not c == d"), "(a or (b and (not (c == d))))")
    XCTAssertEqual(try shape("0..<n + 1"), "(0 ..< (n + 1))")
    XCTAssertEqual(try shape("x @ w + b"), "((x @ w) + b)")
  }

  func testPipelineBecomesACallWithThePipedValueFirst() throws {
    XCTAssertEqual(try shape("x |> f(a, k: 1)"), "f(|x, a, k: 1)")
    XCTAssertEqual(try shape("x |> f |> g(2)"), "g(|f(|x), 2)")
    XCTAssertEqual(try shape("a + b |> f()"), "f(|(a + b))")
  }

  func testPostfixChains() throws {
    XCTAssertEqual(try shape("t.sum(axis: 1)[0].shape"), "t.sum(axis: 1)[0].shape")
  }

  func testEveryNodeCarriesItsSourceRange() throws {
    let file = SourceFile(name: "t", text: "y = foo(1, bar)")
    let program = try XCTUnwrap(Parser.parse(file).program)
    guard case .assign(_, let value) = program.statements[0].kind,
      case .call(let callee, let args) = value.kind
    else { return XCTFail("expected an assignment of a call") }
    XCTAssertEqual(file.text(in: value.range), "foo(1, bar)")
    XCTAssertEqual(file.text(in: callee.range), "foo")
    XCTAssertEqual(file.text(in: args[1].value.range), "bar")
    XCTAssertEqual(file.text(in: program.statements[0].range), "y = foo(1, bar)")
  }

  func testACellIsParsedInPlace() throws {
    let file = SourceFile(name: "t", text: "a = 1\nb = oops(\nc = 2\n")
    let start = file.lineRange(3).lowerBound
    let program = try XCTUnwrap(Parser.parse(file, range: start..<file.bytes.count).program)
    XCTAssertEqual(file.location(of: program.statements[0].range.start).line, 3)
  }

  func testDeepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    XCTAssertEqual(
      parse(deep).diagnostics.first?.message,
      "expression or block is nested too deeply (more than 256 levels)")
    let blocks = String(repeating: "if x {\n", count: 5_000)
    XCTAssertEqual(
      parse(blocks).diagnostics.first?.message,
      "expression or block is nested too deeply (more than 256 levels)")
  }

  func testLongOperatorChainsAreBoundedBecauseTheTreeIsDeep() {
    let terms = (0..<1_500).map { _ in "1" }
    XCTAssertEqual(
      parse("x = " + terms.joined(separator: " + ")).diagnostics.first?.message,
      "expression is too deep (more than 1000 operators and levels); "
        + "split it with intermediate variables")
    XCTAssertEqual(
      parse("x = y" + String(repeating: ".a", count: 1_500)).diagnostics.first?.message,
      "expression is too deep (more than 1000 operators and levels); "
        + "split it with intermediate variables")
    XCTAssertEqual(
      parse("f" + String(repeating: "()", count: 1_500)).diagnostics.first?.message,
      "expression is too deep (more than 1000 operators and levels); "
        + "split it with intermediate variables")
    XCTAssertEqual(
      parse("x = " + terms.prefix(900).joined(separator: " + ")).program?.statements.count, 1)
  }

  // MARK: - A compact rendering of expressions

  private func shape(_ text: String) throws -> String {
    let program = try XCTUnwrap(parse(text).program, "\(parse(text).diagnostics)")
    guard case .expression(let e) = program.statements[0].kind else {
      throw XCTSkip("not an expression")
    }
    return render(e)
  }

  private func render(_ e: Expr) -> String {
    switch e.kind {
    case .int(let i): return String(i)
    case .float(let d): return String(d)
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return String(b)
    case .none: return "none"
    case .name(let n): return n
    case .list(let xs): return "[" + xs.map(render).joined(separator: ", ") + "]"
    case .record(let fs):
      return "{" + fs.map { "\($0.name.name): \(render($0.value))" }.joined(separator: ", ") + "}"
    case .unary(let op, let x): return "(\(op.rawValue)\(op == .not ? " " : "")\(render(x)))"
    case .binary(let op, let l, let r, _): return "(\(render(l)) \(op.rawValue) \(render(r)))"
    case .call(let callee, let args):
      let a = args.map {
        ($0.isPiped ? "|" : "") + ($0.label.map { "\($0.name): " } ?? "") + render($0.value)
      }
      return "\(render(callee))(\(a.joined(separator: ", ")))"
    case .member(let base, let name): return "\(render(base)).\(name.name)"
    case .index(let base, let items):
      let parts = items.map { item -> String in
        switch item {
        case .all: return ":"
        case .value(let v): return render(v)
        case .slice: return "slice"
        }
      }
      return "\(render(base))[\(parts.joined(separator: ", "))]"
    case .function: return "fn"
    case .ifElse: return "if"
    }
  }
}
