import LLALDomain
import Foundation
import LLALLanguage
import LLALNotebook
import LLALRender
import TestSupport
import XCTest

@testable import LLALREPL

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class REPLSessionTests: XCTestCase {
  func testBareExpressionsShowNumberedValues() {
    let run = REPLRun(["x = 20", "x + 22", "\"two\nlines\"", "print(\"hi\")", "none"])
    XCTAssertEqual(run.output, "Out[2]: 42\nOut[3]: \"two\\nlines\"\nhi\n")
    XCTAssertEqual(run.errors, "")
  }

  func testIncompleteInputContinuesWithAPromptOfTheSameWidth() {
    let run = REPLRun(["fn double(a) {", "  return a * 2", "}", "double(", "4)"])
    XCTAssertEqual(run.output, "Out[2]: 8\n")
    XCTAssertEqual(
      run.reader.prompts, ["llal> ", "  ... ", "  ... ", "llal> ", "  ... ", "llal> "])
    XCTAssertEqual(REPL.prompt.count, REPL.continuationPrompt.count)
    XCTAssertEqual(run.reader.history, ["fn double(a) {\n  return a * 2\n}", "double(\n4)"])
  }

  func testErrorsAreLocatedAndTheSessionGoesOn() {
    let run = REPLRun(["y = 1", "y + nope", "y + 1", "[1, 2][5]", "y"])
    XCTAssertEqual(
      run.errors,
      """
      In[2]:1:5: error: unknown name 'nope'
      y + nope
          ^~~~
      In[4]:1:8: error: index 5 is out of range for a list of 2 elements
      [1, 2][5]
             ^

      """)
    XCTAssertEqual(run.output, "Out[3]: 2\nOut[5]: 1\n")
  }

  func testEndOfInputInsideAnOpenBracketReportsIt() {
    let run = REPLRun(["xs = [1,", "2"])
    XCTAssertTrue(run.errors.hasPrefix("In[1]:2:2: error: expected ']'"), run.errors)
  }

  func testLinesThatContinueAFinishedInput() {
    XCTAssertTrue(REPL.continuesInput("  |> relu()"))
    XCTAssertTrue(REPL.continuesInput("\t.sorted()"))
    XCTAssertTrue(REPL.continuesInput("else { 2 }"))
    XCTAssertTrue(REPL.continuesInput("else"))
    XCTAssertFalse(REPL.continuesInput("elsewhere = 1"))
    XCTAssertFalse(REPL.continuesInput(".5"))
    XCTAssertFalse(REPL.continuesInput("x |> f()"))
    let run = REPLRun(["xs = [2, 1]", "  |> sorted()", "xs"])
    XCTAssertEqual(run.output, "Out[2]: [1, 2]\n")
  }

  func testCommentsAndBlankLinesAreNotInputs() {
    let run = REPLRun(["", "   ", "# just a note", "1"])
    XCTAssertEqual(run.output, "Out[1]: 1\n")
  }

  func testCtrlCDuringEvaluationStopsTheLoopAndKeepsTheSession() {
    // A request raised while the loop runs: what the SIGINT handler does.
    let run = REPLRun(["n = 0", "while true { n += 1 }", "n > 0", "m = 1", "m"]) { index in
      guard index == 1 else { return }
      Thread.detachNewThread {
        Thread.sleep(forTimeInterval: 0.2)
        Interpreter.requestInterrupt()
      }
    }
    XCTAssertTrue(run.errors.contains("In[2]:1:1: interrupted: stopped by Ctrl-C\n"), run.errors)
    XCTAssertTrue(
      run.errors.contains("Stopped by Ctrl-C; variables and finished results are kept."))
    XCTAssertEqual(run.output, "Out[3]: true\nOut[5]: 1\n")
    XCTAssertFalse(Interpreter.isInterruptRequested)
  }

  func testValueDisplays() {
    let run = REPLRun([
      "tensor([[1, 2.5], [3, -4]])", "[1, 2.5, \"s\", none]", "{lr: 0.1, epochs: 3}",
      "0..<4", "fn f(a, b: 2) = a + b", "f", "table([{k: \"a\", v: 1}, {k: \"b\", v: 22}])",
      "sparkline([3, 1, 4, 1, 5, 9, 2, 6])", "plot({a: [1, 2, 4], b: [2, 2, 1]}, title: \"T\")",
      "scatter([[0, 0], [1, 2], [2, 1]])",
    ])
    assertSnapshot(run.output)
  }

  func testHelpText() {
    let run = REPLRun([":help"])
    assertSnapshot(run.output)
    XCTAssertTrue(REPLRun([":h"]).output == run.output)
  }

  func testHelpOfACommandABuiltinAndAVariable() {
    let run = REPLRun([":help :load", ":help zeros", "w = 3", ":help w", ":help nothing_here"])
    XCTAssertTrue(run.output.hasPrefix(":load FILE\n  run a .llal file"), run.output)
    XCTAssertTrue(run.output.contains("zeros(shape: [int]) -> tensor\n"), run.output)
    XCTAssertTrue(run.output.hasSuffix("w = 3  (int)\n"), run.output)
    XCTAssertEqual(run.errors, "error: no help for 'nothing_here'; help() lists the built-ins\n")
  }

  func testUnknownCommandsAndQuit() {
    let run = REPLRun([":frobnicate", ":q", "1"])
    XCTAssertEqual(run.errors, "error: unknown command ':frobnicate'; :help lists the commands\n")
    XCTAssertEqual(run.output, "")
  }

  func testVarsTypeAndTime() {
    let run = REPLRun([
      "t = zeros([2, 3])", "name = \"λ\"", "fn f(a) = a", ":vars", ":type t", ":type [1, 2]",
      ":type f", ":type nope", ":time 6 * 7",
    ])
    let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(
      Array(lines.prefix(9)),
      [
        "name  type      value", "----  --------  ------------",
        "f     function  <fn f(a)>", "name  string    \"λ\"", "t     tensor    Tensor[2, 3]",
        "Tensor[2, 3] float32", "list of 2", "function f(a)", "Out[4]: 42",
      ])
    XCTAssertTrue(lines[9].hasPrefix("Time: "), run.output)
    XCTAssertTrue(run.errors.hasPrefix(":type:1:1: error: unknown name 'nope'"), run.errors)
  }

  func testGraphNeedsAModel() {
    let run = REPLRun([":graph [1]", ":graph plot([1])", ":graph"])
    XCTAssertEqual(
      run.errors,
      """
      error: ':graph' needs a model, found list
      error: ':graph' needs a model; a chart has no graph
      error: usage: :graph MODEL

      """)
  }

  func testGraphShowsHowTheNodesOfAModelConnect() {
    let model = [
      "model Net(x: [1, 8, 8]) {", "  c1 = x |> conv(4, 3, pad: 1, bias: false) |> relu()",
      "  c2 = c1 |> conv(4, 3, pad: 1) |> relu()", "  s = c1 + c2",
      "  return s |> gap() |> linear(10)", "}",
    ]
    let wide = REPLRun(model + [":graph Net", "type(Net.graph)"], options: .init(width: { 100 }))
    assertSnapshot(wide.output)
    XCTAssertEqual(wide.errors, "")
    // Too narrow for the box: plain rules instead.
    let narrow = REPLRun(model + [":graph Net"], options: .init(width: { 40 }))
    XCTAssertFalse(narrow.output.contains("│"), narrow.output)
    XCTAssertTrue(narrow.output.contains("s         add()"), narrow.output)
  }

  func testDomainValuesShowAsTextAtTheTerminalsWidth() {
    let run = REPLRun(
      [
        "data = blobs(count: 60, classes: 2, seed: 1)",
        "train, test = data.split(test: 0.3, seed: 0)",
        "model M(x: [2]) {", "  h = x |> linear(4) |> relu()", "  return h |> linear(2)", "}",
        "M",
        "r = experiment(M, train, test, [random(), entropy()], "
          + "budget: budget(initial: 4, step: 4, cycles: 2), optimizer: sgd(epochs: 2, batch: 4))",
        "r", "r.ranking", "plot(r)", "r.curves",
      ], options: .init(width: { 50 }))
    // Trained on 4 and 8 points, both runs guess: the warning is shown once.
    XCTAssertEqual(
      run.errors,
      "warning: random seed 0 cycles 1, 2; entropy seed 0 cycles 1, 2: test accuracy 0.500 "
        + "is at chance: always answering the most common class scores 0.500 on the 18 test "
        + "points\n")
    let outputs = run.output.components(separatedBy: "Out[").dropFirst().map { "Out[" + $0 }
    XCTAssertEqual(outputs.count, 5, run.output)
    XCTAssertTrue(
      outputs[0].hasPrefix("Out[4]:\nM\nnode      layer      output  params\n"), outputs[0])
    XCTAssertTrue(outputs[1].hasPrefix("Out[6]:\nTest accuracy\n┌───────┬─────────┬"), outputs[1])
    XCTAssertTrue(outputs[2].hasPrefix("Out[7]:\nRanking on the unlabeled pool"), outputs[2])
    for chart in outputs[3...] {
      XCTAssertTrue(chart.contains("─── random   ━━━ entropy"), chart)
      let widest = chart.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
      XCTAssertEqual(widest, 50, chart)
    }
    XCTAssertEqual(outputs[3].dropFirst(8), outputs[4].dropFirst(8))
  }

  func testHistoryCommandNumbersEntries() {
    let run = REPLRun(["a = 1", "fn g() {", "  1", "}", ":history 2"])
    XCTAssertEqual(run.output, "    2  fn g() {\n         1\n       }\n    3  :history 2\n")
  }

  func testResetForgetsVariables() {
    let run = REPLRun(["a = 1", ":reset", "a"])
    XCTAssertEqual(run.output, "Forgot every variable and input of this session.\n")
    XCTAssertTrue(run.errors.contains("unknown name 'a'"))
  }

  func testLoadRunsAFileInTheSessionAndReloadRunsItAgain() throws {
    let folder = try temporaryDirectory()
    let file = folder.appendingPathComponent("defs.llal")
    try "# %% Setup\nbase = 10\nprint(\"loaded\")\n".write(
      to: file, atomically: true, encoding: .utf8)
    let options = REPL.Options(width: { 60 }, currentDirectory: folder)
    let run = REPLRun(
      [":load defs.llal", "base + 1", ":reload", ":load missing.llal"], options: options)
    XCTAssertEqual(
      run.output, "=== Setup ===\nloaded\nOut[1]: 11\n=== Setup ===\nloaded\n")
    XCTAssertEqual(run.errors, "error: cannot read 'missing.llal': no such file\n")
    XCTAssertEqual(REPLRun([":reload"]).errors, "error: nothing to reload; use :load FILE first\n")
  }

  func testWritingIntoAMissingFolderSaysWhich() throws {
    let folder = try temporaryDirectory()
    let options = REPL.Options(width: { 60 }, currentDirectory: folder)
    let run = REPLRun(["a = 1", ":save nope/a.llal", ":export nope/a.md"], options: options)
    let missing = folder.appendingPathComponent("nope").path
    XCTAssertEqual(
      run.errors,
      "error: cannot write 'nope/a.llal': no such directory '\(missing)'\n"
        + "error: cannot write 'nope/a.md': no such directory '\(missing)'\n")
  }

  func testSaveWritesANotebookThatRunsAgain() throws {
    let folder = try temporaryDirectory()
    let options = REPL.Options(width: { 60 }, currentDirectory: folder)
    let run = REPLRun(
      ["a = 2", "bad +", "1", "b = a * 21", "b", ":save session.llal", ":save x.txt"],
      options: options)
    XCTAssertTrue(run.output.hasSuffix("Wrote session.llal.\n"), run.output)
    XCTAssertEqual(run.errors.components(separatedBy: "error:").count, 3, run.errors)
    let saved = try String(
      contentsOf: folder.appendingPathComponent("session.llal"), encoding: .utf8)
    XCTAssertEqual(
      saved,
      """
      # llal session saved with :save

      # %% In[1]
      a = 2

      # %% In[3]
      b = a * 21

      # %% In[4]
      b

      """)
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "s", text: saved))
    XCTAssertEqual(interpreter.globals["b"]?.description, "42")
  }

  func testExportWritesMarkdownAndHTML() throws {
    let folder = try temporaryDirectory()
    let options = REPL.Options(width: { 60 }, currentDirectory: folder)
    let run = REPLRun(
      [
        "s = \"<script>alert(1)</script>\"", "print(s)", "s + nope",
        "table([{strategy: \"random\", acc: 0.61}])", "plot([1, 2, 3], title: \"Loss\")",
        ":export page.md", ":export page.html", ":export page.pdf",
      ], options: options)
    XCTAssertEqual(
      run.errors.split(separator: "\n").last,
      "error: ':export' writes a page named with .html, .md or .ipynb")
    let markdown = try String(contentsOf: folder.appendingPathComponent("page.md"), encoding: .utf8)
    assertSnapshot(markdown, named: "exportedSession", pathExtension: "md")
    let html = try String(contentsOf: folder.appendingPathComponent("page.html"), encoding: .utf8)
    assertSnapshot(html, named: "exportedSession", pathExtension: "html")
    XCTAssertFalse(html.contains("<script"))
    let parser = XMLParser(data: Data(html.utf8))
    XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
  }

  func testHistoryPersistsAcrossSessionsWithNonASCIIAndMultiLineEntries() throws {
    let url = try temporaryDirectory().appendingPathComponent("state/llal/history")
    let options = REPL.Options(historyURL: url, width: { 60 })
    _ = REPLRun(["s = \"naïve λ 精度\"", "fn f() {", "  1", "}", "s", "s"], options: options)
    let second = REPLRun(["2"], options: options)
    XCTAssertEqual(
      second.reader.history, ["s = \"naïve λ 精度\"", "fn f() {\n  1\n}", "s", "2"])
    var file = HistoryFile(url: url)
    XCTAssertNil(file.load())
    XCTAssertEqual(file.entries, ["s = \"naïve λ 精度\"", "fn f() {\n  1\n}", "s", "2"])
  }

  func testUnusableHistoryFileWarnsAndTheSessionRuns() throws {
    let folder = try temporaryDirectory()
    let blocker = folder.appendingPathComponent("not-a-folder")
    try Data("x".utf8).write(to: blocker)
    let options = REPL.Options(historyURL: blocker.appendingPathComponent("history"), width: { 60 })
    let run = REPLRun(["1"], options: options)
    XCTAssertEqual(run.output, "Out[1]: 1\n")
    XCTAssertTrue(run.errors.hasPrefix("warning: could not save history"), run.errors)
  }

  func testBannerSaysHowToGetHelpOnItsOwnLine() {
    let run = REPLRun([], options: REPL.Options(banner: "llal 9.9"))
    XCTAssertEqual(run.output, "llal 9.9\nType :help for help.\n")
  }
}
