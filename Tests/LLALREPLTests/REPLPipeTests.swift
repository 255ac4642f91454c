import Foundation
import TestSupport
import XCTest

/// The built `llal` with its standard streams on pipes, as CI or another program runs it.
final class REPLPipeTests: XCTestCase {
  private var executable = ""
  private var stateHome: URL!

  override func setUpWithError() throws {
    let bundle = Bundle(for: Self.self).bundleURL
    let candidates = [bundle, bundle.deletingLastPathComponent()].map {
      $0.appendingPathComponent("llal").path
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
      throw XCTSkip("no built llal binary next to the tests (looked at \(candidates))")
    }
    executable = found
    stateHome = try temporaryDirectory()
  }

  /// A running `llal` with pipes on its three streams.
  private final class Piped {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()

    init(_ executable: String, arguments: [String] = [], stateHome: URL) throws {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      process.environment = [
        "XDG_STATE_HOME": stateHome.path, "TERM": "xterm", "LANG": "C.UTF-8",
      ]
      process.standardInput = input
      process.standardOutput = output
      process.standardError = errors
      try process.run()
    }

    func type(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    /// Closes the input and returns everything written and the exit status.
    func finish() -> (output: String, errors: String, status: Int32) {
      try? input.fileHandleForWriting.close()
      let out = output.fileHandleForReading.readDataToEndOfFile()
      let err = errors.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (
        String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self),
        process.terminationStatus
      )
    }
  }

  private func run(_ input: String) throws -> (output: String, errors: String, status: Int32) {
    let llal = try Piped(executable, stateHome: stateHome)
    llal.type(input)
    return llal.finish()
  }

  func testAPipedSessionHasNoBannerNoPromptAndNoColour() throws {
    let result = try run("x = 2\nx * 21\nx + nope\n:type x\n")
    XCTAssertEqual(result.output, "Out[2]: 42\nint\n")
    XCTAssertEqual(
      result.errors, "In[3]:1:5: error: unknown name 'nope'\nx + nope\n    ^~~~\n")
    XCTAssertEqual(result.status, 0)
  }

  func testLinesStartingWithDotPipeOrElseContinueThePreviousInput() throws {
    let result = try run(
      "h = [3, 1, 2]\n  .sorted()\nh\nk = if h[0] > 1 { \"big\" }\nelse { \"small\" }\nk\n")
    XCTAssertEqual(result.output, "Out[2]: [1, 2, 3]\nOut[4]: \"small\"\n")
    XCTAssertEqual(result.errors, "")
  }

  /// A tiny experiment on generated data, as REPL input or a notebook cell.
  static let experiment = """
    data = blobs(count: 60, classes: 2, seed: 1)
    train, test = data.split(test: 0.3, seed: 0)
    model M(x: [2]) {
      return x |> linear(4) |> relu() |> linear(2)
    }
    r = experiment(
      M, train, test, [random()], budget: budget(initial: 4, step: 4, cycles: 2),
      optimizer: sgd(epochs: 2, batch: 4))
    r.labeled

    """

  func testTrainingWritesNoProgressOnPipes() throws {
    let result = try run(Self.experiment)
    XCTAssertEqual(result.output, "Out[5]: [4, 8]\n")
    // No progress; only the health warning of a model trained on 4 and 8 points.
    XCTAssertEqual(
      result.errors,
      "warning: random seed 0 cycles 1, 2: test accuracy 0.500 is at chance: always "
        + "answering the most common class scores 0.500 on the 18 test points\n")
  }

  func testNotebookWritesNoProgressOnPipes() throws {
    let folder = try temporaryDirectory()
    let source = folder.appendingPathComponent("nb.llal")
    let page = folder.appendingPathComponent("nb.html")
    try Data(("# %% Experiment\n" + Self.experiment + "r\n").utf8).write(to: source)
    let llal = try Piped(
      executable, arguments: ["notebook", source.path, "-o", page.path], stateHome: stateHome)
    let result = llal.finish()
    XCTAssertEqual(result.status, 0, result.errors)
    XCTAssertEqual(result.errors, "")
    let html = try String(contentsOf: page, encoding: .utf8)
    XCTAssertTrue(html.contains("<caption>Test accuracy</caption>"), html)
  }

  func testAProgramWaitingForEachAnswerGetsIt() throws {
    let llal = try Piped(executable, stateHome: stateHome)
    let received = Received()
    let answered = expectation(description: "the first answer arrives before more input")
    llal.output.fileHandleForReading.readabilityHandler = { handle in
      if received.append(handle.availableData).contains("Out[1]: 2\n") {
        handle.readabilityHandler = nil
        answered.fulfill()
      }
    }
    llal.type("1 + 1\n")
    wait(for: [answered], timeout: 10)
    llal.type("3\n")
    let result = llal.finish()
    XCTAssertEqual(result.output, "Out[2]: 3\n")
    XCTAssertEqual(result.status, 0)
  }
}

/// Output collected on another thread.
private final class Received: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  /// Adds `more` and returns all the text so far.
  func append(_ more: Data) -> String {
    lock.withLock {
      data += more
      return String(decoding: data, as: UTF8.self)
    }
  }
}
