import LLALDomain
import LLALLanguage
import XCTest

/// The rendering of diagnostics, and the exact message and position of each kind of
/// error, with positions marked inline by `1️⃣`.
final class DiagnosticTests: XCTestCase {
  // MARK: - Rendering

  func testRenderingHasLocationSourceLineAndCaret() {
    let file = SourceFile(name: "demo.llal", text: "x = 1\ny = 1 + foo(2)\n")
    let start = file.lineRange(2).lowerBound + 8
    let d = Diagnostic(
      .check, "unknown name 'foo'", file: file, range: SourceRange(start, start + 3))
    XCTAssertEqual(
      d.description,
      """
      demo.llal:2:9: error: unknown name 'foo'
      y = 1 + foo(2)
              ^~~

      """)
  }

  func testCaretLinesUpUnderTabsAndNonASCII() {
    let file = SourceFile(name: "t", text: "\tλ = \"é\" + bad")
    let offset = file.text.utf8.count - 3
    let d = Diagnostic(.check, "m", file: file, range: SourceRange(offset, offset + 3))
    XCTAssertEqual(d.location, SourceLocation(line: 1, column: 12))
    XCTAssertEqual(d.description.split(separator: "\n").last, "\t          ^~~")
  }

  func testAPointAtTheEndOfALineGetsACaretAfterIt() {
    let file = SourceFile(name: "t", text: "f(1, 2\n")
    let d = Diagnostic(.parse, "m", file: file, range: .at(6))
    XCTAssertEqual(d.description, "t:1:7: error: m\nf(1, 2\n      ^\n")
  }

  func testNotesFollowTheExcerptAndAFilelessDiagnosticHasNoExcerpt() {
    let file = SourceFile(name: "t", text: "a")
    let d = Diagnostic(.runtime, "boom", file: file, range: SourceRange(0, 1), notes: ["in 'f'"])
    XCTAssertEqual(d.description, "t:1:1: error: boom\na\n^\n  in 'f'\n")
    XCTAssertEqual(
      Diagnostic(.runtime, "boom", file: nil, range: .at(0)).description, "error: boom\n")
  }

  func testColourIsOnlyAddedWhenAsked() {
    let d = Diagnostic(
      .check, "m", file: SourceFile(name: "t", text: "a"), range: SourceRange(0, 1))
    XCTAssertFalse(DiagnosticRenderer(color: false).render(d).contains("\u{1B}"))
    XCTAssertTrue(DiagnosticRenderer(color: true).render(d).contains("\u{1B}[1;31merror:"))
  }

  func testInterruptsAreLabelledAsSuch() {
    let d = Diagnostic(
      .interrupted, "interrupted", file: SourceFile(name: "t", text: "a"), range: SourceRange(0, 1))
    XCTAssertTrue(d.description.hasPrefix("t:1:1: interrupted: interrupted"))
  }

  // MARK: - Each kind of error: message and position

  private func firstDiagnostic(_ marked: String, file: StaticString = #filePath, line: UInt = #line)
    -> (Diagnostic, MarkedSource)?
  {
    let source = MarkedSource(marked)
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    do {
      try interpreter.evaluate(source.text, name: "t")
    } catch let error as LanguageError {
      return (error.diagnostics[0], source)
    } catch {
      XCTFail("unexpected error \(error)", file: file, line: line)
      return nil
    }
    XCTFail("no error for \(marked)", file: file, line: line)
    return nil
  }

  private func assertError(
    _ marked: String, _ message: String, _ phase: Diagnostic.Phase,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let (d, source) = firstDiagnostic(marked) else { return }
    XCTAssertEqual(d.message, message, file: file, line: line)
    XCTAssertEqual(d.location, source.location, "position", file: file, line: line)
    XCTAssertEqual(d.phase, phase, file: file, line: line)
  }

  func testSyntaxErrors() {
    assertError(
      "x = f(1, 21️⃣\ny = 2",
      "expected ')' to close '(' at 1:6, found end of line", .parse)
    assertError("x = 1️⃣)", "expected an expression, found ')'", .parse)
    assertError("x = 5 1️⃣5", "expected end of line after the statement, found number '5'", .parse)
    assertError("f(a 1️⃣= 1)", "labelled arguments use ':', as in 'a: ...'", .parse)
    assertError("x = 1 1️⃣$ 2", "unexpected character '$'", .parse)
    assertError(
      "s = 1️⃣\"open",
      "unterminated string: expected '\"' before the end of input", .parse)
    assertError("fn f(a, 1️⃣a) = a", "duplicate parameter 'a'", .parse)
    assertError(
      "t = 1 < 2 1️⃣< 3", "'<' and '<' cannot be chained; combine comparisons with 'and'", .parse)
    assertError("x = [1, 21️⃣", "expected ']' to close '[' at 1:5, found end of input", .parse)
  }

  func testCheckErrors() {
    assertError("print(1️⃣nmae)", "unknown name 'nmae'", .check)
    assertError("name = 1\nprint(1️⃣nmae)", "unknown name 'nmae'; did you mean 'name'?", .check)
    assertError("1️⃣break", "'break' outside a loop", .check)
    assertError("1️⃣return 2", "'return' outside a function", .check)
    assertError("zeros([1], 1️⃣2)", "zeros() takes 1 positional argument but 2 were given", .check)
    assertError(
      "conv = zeros\nzeros(1️⃣shap: [1])", "zeros() has no parameter 'shap'; did you mean 'shape'?",
      .check)
    assertError("1️⃣randn([2])", "randn() is missing argument 'seed'", .check)
  }

  func testRuntimeErrors() {
    assertError(
      "x = exp(1️⃣\"a\")", "argument 'x' of 'exp' must be a tensor or number, found string",
      .runtime)
    assertError(
      "x = 1 1️⃣+ \"a\"", "cannot apply '+' to int and string; convert with str() first", .runtime)
    assertError(
      "xs = [1]\ny = xs[1️⃣4]",
      "index 4 is out of range for a list of 1 element", .runtime)
    assertError("r = {a: 1}\ny = r.1️⃣b", "record has no field 'b'", .runtime)
    assertError(
      "t = zeros([2])\ny = t.1️⃣summ()", "tensor has no member 'summ'; did you mean 'sum'?",
      .runtime)
    assertError(
      "t = zeros([2, 3])\ny = t[0, 1️⃣5]", "index 5 is out of range for axis 0 of size 3", .runtime)
    assertError(
      "t = zeros([2, 3])\ny = 1️⃣t[0, 1, 2]", "too many indices for a tensor of shape [2, 3]: 3",
      .runtime)
    assertError(
      "y = zeros([2]) 1️⃣+ zeros([3])", "add: shapes [2] and [3] cannot be broadcast together",
      .runtime)
    assertError(
      "y = 1️⃣softmax(zeros([2]), axis: 3)",
      "softmax: axis 3 is out of range for a tensor of shape [2]", .runtime)
    assertError(
      "fn f(x) = x 1️⃣+ \"s\"\nf(1)",
      "cannot apply '+' to int and string; convert with str() first",
      .runtime)
    assertError(
      "if 1️⃣zeros([2]) { }",
      "a condition must be a bool, found a tensor of shape [2]; "
        + "reduce it first, e.g. with .all() or .any()",
      .runtime)
  }

  func testRuntimeErrorsCarryTheCallStack() {
    guard let (d, _) = firstDiagnostic("fn f(x) = g(x)\nfn g(x) = x[3]\nf([1])") else { return }
    XCTAssertEqual(d.notes, ["in 'g', called at t:1:11", "in 'f', called at t:3:1"])
  }
}
