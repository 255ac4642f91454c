import Foundation
import TestSupport
import XCTest

/// The REPL on a real pseudo-terminal: the built `llal` binary under util-linux `script`,
/// with libedit, signals and the history file as a user gets them.
final class REPLTerminalTests: XCTestCase {
  private var executable = ""
  private var stateHome: URL!

  override func setUpWithError() throws {
    // The test bundle is the build folder itself on Linux and sits in it on macOS.
    let bundle = Bundle(for: Self.self).bundleURL
    let candidates = [bundle, bundle.deletingLastPathComponent()].map {
      $0.appendingPathComponent("llal").path
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
      throw XCTSkip(
        "no built llal binary next to the tests (looked at \(candidates)); run swift build")
    }
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
      throw XCTSkip("util-linux 'script' is needed to run the REPL on a pseudo-terminal")
    }
    executable = found
    stateHome = try temporaryDirectory()
  }

  /// Starts the REPL and waits for its first prompt.
  private func start(
    environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
  ) throws -> TerminalSession {
    let session = try TerminalSession(
      executable: executable,
      environment: environment.merging(["XDG_STATE_HOME": stateHome.path]) { a, _ in a },
      columns: 80)
    addTeardownBlock { session.finish(timeout: 3) }
    expect(session, "Type :help for help.\nllal> ", file: file, line: line)
    return session
  }

  /// Asserts that `text` appears after `mark`, showing the transcript when it does not.
  private func expect(
    _ session: TerminalSession, _ text: String, after mark: Int = 0,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertTrue(
      session.waitFor(text, after: mark), "no \(text.debugDescription) in:\n\(session.transcript)",
      file: file, line: line)
  }

  func testLineEditingAndContinuationLines() throws {
    let s = try start()
    s.type("xs = [1,\r")
    expect(s, "\n  ... ")
    s.type("2]\r")
    var mark = s.mark
    s.type("lem\u{7F}n(xs)\r")  // Backspace fixes a typo.
    expect(s, "Out[2]: 2", after: mark)
    mark = s.mark
    s.type("(xs)\u{1}len\r")  // Ctrl-A goes to the start of the line.
    expect(s, "Out[3]: 2", after: mark)
    s.type("\u{4}")
    XCTAssertEqual(s.finish(), 0)
  }

  func testHistoryIsKeptAcrossSessionsWithNonASCIIText() throws {
    let first = try start()
    first.type("s = \"naïve λ 精度\"\r")
    expect(first, "llal> ", after: first.mark)
    first.type("\u{4}")
    XCTAssertEqual(first.finish(), 0)
    let saved = try String(
      contentsOf: stateHome.appendingPathComponent("llal/history"), encoding: .utf8)
    XCTAssertEqual(saved, "s = \"naïve λ 精度\"\n")

    let second = try start()
    second.type("\u{1B}[A\r")  // Up recalls the entry; Enter runs it again.
    let mark = second.mark
    second.type("s\r")
    expect(second, "Out[2]: \"naïve λ 精度\"", after: mark)
  }

  func testTabCompletesNamesAndMembers() throws {
    let s = try start()
    s.type("learning_rate = 5\r")
    s.type("cfg = {momentum: 9}\r")
    var mark = s.mark
    s.type("learning_r\t\r")
    expect(s, "Out[3]: 5", after: mark)
    mark = s.mark
    s.type("cfg.mom\t\r")
    expect(s, "Out[4]: 9", after: mark)
  }

  func testTabCompletesTheNodesOfAModelBlock() throws {
    let s = try start()
    s.type("model Net(x: [4]) {\r")
    s.type("stem = x |> linear(8) |> relu()\r")
    s.type("s1 = stem |> linear(8) |> relu()\r")
    s.type("head = s1 |> linear(3)\r")
    s.type("return head\r}\r")
    expect(s, "}\nllal> ")
    var mark = s.mark
    s.type("Net.he\t\r")  // one candidate: the line becomes Net.head
    expect(s, "Out[2]: node head of Net: linear(3) [3]", after: mark)
    mark = s.mark
    s.type("Net.s\t")  // several: listed under the line, their common prefix kept
    expect(s, "s1  save  stem", after: mark)
    mark = s.mark
    s.type("te\t.shape\r")
    expect(s, "Out[3]: [8]", after: mark)
  }

  /// A small pool of generated 2-D points and a tiny model, typed into a session.
  private func defineData(_ s: TerminalSession) {
    s.type("data = blobs(count: 400, classes: 2, dimensions: 2, seed: 1)\r")
    s.type("train, test = data.split(test: 0.25, seed: 0)\r")
    s.type("model M(x: [2]) {\rh = x |> linear(8) |> relu()\rreturn h |> linear(2)\r}\r")
    expect(s, "}\nllal> ")
  }

  func testCtrlCStopsASessionStepAndClearsTheProgressLine() throws {
    let s = try start(environment: ["NO_COLOR": "1"])
    defineData(s)
    s.type(
      "s = session(M, train, strategy: random(), budget: budget(initial: 200, step: 10, "
        + "cycles: 2), optimizer: sgd(epochs: 100000, batch: 4))\r")
    expect(s, "llal> ", after: s.mark)
    let mark = s.mark
    s.type("s.step()\r")
    // The status line on standard error (a terminal here) says where training is.
    expect(s, "random seed 0 · cycle 1/2 · epoch ", after: mark)
    Thread.sleep(forTimeInterval: 0.3)
    s.type("\u{3}")
    expect(s, "Stopped by Ctrl-C; variables and finished results are kept.", after: mark)
    let transcript = String(s.transcript.dropFirst(mark))
    // The status line is erased (carriage return, clear line) before the diagnostic.
    XCTAssertTrue(
      transcript.contains("\u{1B}[2KIn[5]:1:1: interrupted: stopped by Ctrl-C at epoch "),
      transcript)
    let after = s.mark
    s.type("[s.cycle, len(s.labeled)]\r")
    expect(s, "Out[6]: [0, 200]", after: after)
  }

  func testCtrlCStopsAnExperimentThatKeepsItsFinishedCycles() throws {
    let s = try start(environment: ["NO_COLOR": "1"])
    defineData(s)
    // Cycle 1 trains on 4 points (one batch per epoch), cycle 2 on 204 (51 batches):
    // Ctrl-C comes early in cycle 2, which would otherwise run fifty times longer.
    let mark = s.mark
    s.type(
      "r = experiment(M, train, test, [random()], budget: budget(initial: 4, step: 200, "
        + "cycles: 2), optimizer: sgd(epochs: 4000, batch: 4))\r")
    expect(s, "random seed 0 cycle 1/2: 4 labeled", after: mark)
    Thread.sleep(forTimeInterval: 0.2)
    s.type("\u{3}")
    expect(s, "Stopped by Ctrl-C; variables and finished results are kept.", after: mark)
    let transcript = String(s.transcript.dropFirst(mark))
    XCTAssertTrue(
      transcript.contains(
        "\u{1B}[2Knote: experiment stopped by Ctrl-C in random seed 0, cycle 2 of 2, "),
      transcript)
    XCTAssertTrue(transcript.contains("; its results keep the 1 finished cycle\n"), transcript)
    let after = s.mark
    s.type("[len(r.records), r.labeled, r.records[0].cycle]\r")
    expect(s, "Out[5]: [1, [4], 1]", after: after)
  }

  func testNotebookShowsProgressOnATerminal() throws {
    let folder = try temporaryDirectory()
    let source = folder.appendingPathComponent("nb.llal")
    try Data(("# %% Experiment\n" + REPLPipeTests.experiment).utf8).write(to: source)
    let s = try TerminalSession(
      executable: executable,
      arguments: ["notebook", source.path, "-o", folder.appendingPathComponent("nb.html").path],
      environment: ["NO_COLOR": "1"])
    XCTAssertEqual(s.finish(timeout: 30), 0, s.transcript)
    let transcript = s.transcript
    XCTAssertTrue(transcript.contains("\u{1B}[2Krandom seed 0 · cycle 1/2 · epoch "), transcript)
    XCTAssertTrue(transcript.contains("random seed 0 cycle 2/2: 8 labeled, test acc "), transcript)
  }

  func testCtrlCAtThePromptClearsTheLine() throws {
    let s = try start()
    s.type("not_a_name")
    expect(s, "not_a_name")
    var mark = s.mark
    s.type("\u{3}")
    expect(s, "llal> ", after: mark)
    mark = s.mark
    s.type("1 + 1\r")
    expect(s, "Out[1]: 2", after: mark)
    XCTAssertFalse(s.transcript.contains("unknown name"))
  }

  func testCtrlCStopsALongLoopAndTheSessionGoesOn() throws {
    let s = try start()
    s.type("n = 0\r")
    s.type("while true { n += 1 }\r")
    expect(s, "while true { n += 1 }\n")
    Thread.sleep(forTimeInterval: 0.3)
    s.type("\u{3}")
    expect(s, "Stopped by Ctrl-C; variables and finished results are kept.")
    XCTAssertTrue(s.transcript.contains("In[2]:1:"), s.transcript)
    let mark = s.mark
    s.type("n > 0\r")
    expect(s, "Out[3]: true", after: mark)
  }

  func testCtrlCStopsTrainingAndKeepsTheFinishedSteps() throws {
    // Gradient descent written in the language: each iteration is one finished step.
    let s = try start()
    s.type("w = tensor([0.0])\r")
    s.type("loss = fn (w) => ((w - 3) ** 2).sum()\r")
    s.type("steps = 0\r")
    s.type("while true { w = w - 0.1 * grad(loss, w); steps += 1 }\r")
    expect(s, "steps += 1 }\n")
    Thread.sleep(forTimeInterval: 0.3)
    s.type("\u{3}")
    expect(s, "Stopped by Ctrl-C")
    let mark = s.mark
    s.type("steps > 10 and abs(float(w) - 3) < 0.001\r")
    expect(s, "Out[5]: true", after: mark)
  }

  func testCtrlCDropsTheRestOfAPastedBlock() throws {
    let s = try start()
    s.type("while true { }\rprint(\"after\")\r")
    expect(s, "while true { }\n")
    Thread.sleep(forTimeInterval: 0.3)
    s.type("\u{3}")
    expect(s, "Stopped by Ctrl-C")
    let mark = s.mark
    s.type("7\r")
    expect(s, "Out[2]: 7", after: mark)
    XCTAssertFalse(s.transcript.contains("\nafter\n"), s.transcript)
  }

  func testCommandsAndQuit() throws {
    let s = try start()
    s.type(":help\r")
    expect(s, ":export FILE.md|FILE.html")
    s.type(":quit\r")
    XCTAssertEqual(s.finish(), 0)
    let saved = try String(
      contentsOf: stateHome.appendingPathComponent("llal/history"), encoding: .utf8)
    XCTAssertEqual(saved, ":help\n:quit\n")
  }
}
