import Foundation
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALREPL

/// Hostile and first-hour inputs at the REPL: deep and long values, words a newcomer
/// types to leave, large pastes, huge history entries, `:save` after `:load`.
final class REPLReliabilityTests: XCTestCase {
  func testADeeplyNestedListDisplaysAndIsForgottenWithoutOverflowingTheStack() {
    let run = REPLRun(["xs = []", "for i in 0..<100000 { xs = [xs] }", "xs", ":reset", "1"])
    let shown = String(repeating: "[", count: 100) + "[...]" + String(repeating: "]", count: 100)
    XCTAssertEqual(
      run.output,
      "Out[3]: \(shown)\nForgot every variable and input of this session.\nOut[4]: 1\n")
    XCTAssertEqual(run.errors, "")
  }

  func testLongListsWrapToTheTerminalWidth() {
    let run = REPLRun(["list(0..<30)", "[\"a\", \"b\"]"], options: REPL.Options(width: { 40 }))
    XCTAssertEqual(
      run.output,
      """
      Out[1]:
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
       12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
       22, 23, 24, 25, 26, 27, 28, 29]
      Out[2]: ["a", "b"]

      """)
  }

  func testAPastedListOfTwentyThousandLinesRuns() {
    // Parsed once, when its bracket closes (see PendingInput); before, every line
    // parsed the whole input again.
    let lines = ["xs = ["] + (0..<20_000).map { "  \($0).5," } + ["]", "len(xs)", "xs[19999]"]
    let run = REPLRun(lines)
    XCTAssertEqual(run.output, "Out[2]: 20000\nOut[3]: 19999.5\n")
    XCTAssertEqual(run.errors, "")
    XCTAssertEqual(run.reader.prompts.count, lines.count + 1)
    XCTAssertEqual(run.reader.prompts[1], REPL.continuationPrompt)
  }

  func testAnErrorInALongOpenInputIsReportedWhenItsBracketCloses() {
    let lines = ["xs = ["] + Array(repeating: "  1,", count: 2000) + ["  2 3,", "  4]", "5"]
    let run = REPLRun(lines)
    XCTAssertEqual(
      run.errors,
      """
      In[1]:2002:5: error: expected ']' to close '[' at 1:6, found number '3'
        2 3,
          ^
      In[1]:2003:4: error: expected end of line after the statement, found ']'
        4]
         ^

      """)
    XCTAssertEqual(run.output, "Out[2]: 5\n")
  }

  func testAnErrorInAShortInputIsReportedAtOnce() {
    let run = REPLRun(["xs = [1,", "2 3", "4]"])
    // The error shows after "2 3", before "4]" arrives (which is then an input of its own).
    XCTAssertTrue(
      run.errors.hasPrefix("In[1]:2:3: error: expected ']' to close '[' at 1:6, found number '3'"),
      run.errors)
    XCTAssertTrue(run.errors.contains("In[2]:1:2: error: expected end of line"), run.errors)
    XCTAssertEqual(run.reader.prompts, ["llal> ", "  ... ", "llal> ", "llal> "])
  }

  func testExitQuitAndClearGiveHintsUnlessTheyAreNames() {
    let run = REPLRun([
      "exit", "quit", " quit() ", "exit()", "clear", "x = 1", "clear = 2", "clear",
    ])
    XCTAssertEqual(
      run.output,
      """
      Use :quit or Ctrl-D to exit.
      Use :quit or Ctrl-D to exit.
      Use :quit or Ctrl-D to exit.
      Use :quit or Ctrl-D to exit.
      Use :clear to clear the screen.
      Out[3]: 2

      """)
    XCTAssertEqual(run.errors, "")
    XCTAssertEqual(run.reader.history.prefix(2), ["exit", "quit"])
  }

  func testClearClearsOnlyATerminalScreen() {
    XCTAssertEqual(REPLRun([":clear", "1"]).output, "Out[1]: 1\n")
    let reader = ScriptedLineReader([":clear"])
    reader.isInteractive = true
    let out = OutputBuffer()
    REPL(reader: reader, output: out, errors: OutputBuffer()).run()
    XCTAssertEqual(out.text, "\u{1B}[H\u{1B}[2J\n")
  }

  func testHistoryLeavesOutEntriesOver64KiB() throws {
    let folder = try temporaryDirectory()
    let url = folder.appendingPathComponent("history")
    let big = "s = \"" + String(repeating: "x", count: HistoryFile.maxEntryBytes) + "\""
    let run = REPLRun(
      ["a = 1", big, "len(s)"], options: REPL.Options(historyURL: url, width: { 60 }))
    XCTAssertEqual(run.output, "Out[3]: 65536\n")
    XCTAssertEqual(run.reader.history, ["a = 1", "len(s)"])
    var file = HistoryFile(url: url)
    XCTAssertNil(file.load())
    XCTAssertEqual(file.entries, ["a = 1", "len(s)"])
    XCTAssertFalse(file.append(big))
    XCTAssertTrue(file.append(String(repeating: "y", count: HistoryFile.maxEntryBytes)))
  }

  func testSaveAfterLoadWritesANotebookThatRunsAgain() throws {
    let folder = try temporaryDirectory()
    try "r = {acc: 0.5}\nfn double(x) = x * 2\n".write(
      to: folder.appendingPathComponent("plain.llal"), atomically: true, encoding: .utf8)
    try "# %% Setup\nbase = 10\n".write(
      to: folder.appendingPathComponent("cells.llal"), atomically: true, encoding: .utf8)
    let options = REPL.Options(width: { 60 }, currentDirectory: folder)
    let run = REPLRun(
      [":load plain.llal", ":load cells.llal", "y = double(base) + r.acc", ":save s.llal"],
      options: options)
    XCTAssertEqual(run.errors, "")
    let saved = try String(contentsOf: folder.appendingPathComponent("s.llal"), encoding: .utf8)
    XCTAssertEqual(
      saved,
      """
      # llal session saved with :save

      # %% [markdown]
      # The session ran `:load plain.llal` here; its cells follow.

      # %% plain.llal
      r = {acc: 0.5}
      fn double(x) = x * 2

      # %% [markdown]
      # The session ran `:load cells.llal` here; its cells follow.

      # %% Setup
      base = 10

      # %% In[1]
      y = double(base) + r.acc

      """)
    let interpreter = Interpreter(output: OutputBuffer())
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "s.llal", text: saved))
    XCTAssertEqual(interpreter.globals["y"]?.description, "20.5")
  }
}
