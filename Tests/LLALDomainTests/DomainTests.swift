import Foundation
import LLALActive
import LLALLanguage
import TestSupport
import XCTest

@testable import LLALDomain

/// The domain functions from Swift: saving results, script parameters, progress.
final class DomainTests: XCTestCase {
  private func run(_ source: String, parameters: [String: Value] = [:]) throws -> String {
    let buffer = OutputBuffer()
    let interpreter = Interpreter(output: buffer, libraries: [DomainLibrary.self])
    interpreter.parameters = parameters
    try ScriptRunner(interpreter: interpreter).run(SourceFile(name: "test.llal", text: source))
    return buffer.text
  }

  private static let smallExperiment = """
    data = blobs(count: 90, classes: 3, dimensions: 2, spread: 1, seed: 4)
    train, test = data.split(test: 0.3, seed: 0)
    model M(x: [2]) {
      h = x |> linear(8) |> relu()
      return h |> linear(3)
    }
    ll = learning_loss(lossnet(taps: [M.h], width: 4))
    r = experiment(
      M, train, test, [random(), ll], budget: budget(initial: 9, step: 6, cycles: 2),
      optimizer: sgd(epochs: 2, batch: 4), seeds: [3, 5])

    """

  func testResultsSaveAsCSVAndJSON() throws {
    let dir = try temporaryDirectory()
    let csv = dir.appendingPathComponent("r.csv").path
    let json = dir.appendingPathComponent("r.json").path
    _ = try run(Self.smallExperiment + "r.save(\"\(csv)\")\nr.save(\"\(json)\")\n")

    let lines = try String(contentsOfFile: csv, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    XCTAssertEqual(
      lines.first,
      "strategy,seed,cycle,labeled,test_acc,final_train_loss,entropy_rank_acc,margin_rank_acc,"
        + "lc_rank_acc,lpm_rank_acc,entropy_kendall_tau,lpm_kendall_tau,cycle_s,train_s,chosen")
    // 2 strategies × 2 seeds × 2 cycles.
    XCTAssertEqual(lines.count, 1 + 8)
    // Cycles count from 1, as in the tables.
    XCTAssertTrue(lines[1].hasPrefix("random,3,1,9,"), lines[1])
    XCTAssertTrue(lines.contains { $0.hasPrefix("learning_loss,5,2,15,") })

    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: json)))
    let top = try XCTUnwrap(object as? [String: Any])
    XCTAssertEqual(top["strategies"] as? [String], ["random", "learning_loss"])
    XCTAssertEqual(top["seeds"] as? [Int], [3, 5])
    XCTAssertEqual((top["records"] as? [Any])?.count, 8)
  }

  func testSaveRefusesOtherFormats() throws {
    XCTAssertThrowsError(try run(Self.smallExperiment + "r.save(\"/tmp/r.txt\")\n")) { error in
      let message = (error as? LanguageError)?.diagnostics.first?.message ?? "\(error)"
      XCTAssertEqual(
        message, "argument 'path' of 'save' must end in .csv or .json, found \"/tmp/r.txt\"")
    }
  }

  func testScriptParametersParse() throws {
    let p = try ScriptParameters.parse([
      "epochs=2", "lr=0.05", "warm=true", "milestones=[3, 4]", "name=paper run", "neg=-1",
    ])
    XCTAssertEqual(p.count, 6)
    XCTAssertTrue(p["epochs"]?.isEqual(to: .int(2)) ?? false)
    XCTAssertTrue(p["lr"]?.isEqual(to: .float(0.05)) ?? false)
    XCTAssertTrue(p["warm"]?.isEqual(to: .bool(true)) ?? false)
    XCTAssertTrue(p["milestones"]?.isEqual(to: .list([.int(3), .int(4)])) ?? false)
    XCTAssertTrue(p["name"]?.isEqual(to: .string("paper run")) ?? false)
    XCTAssertTrue(p["neg"]?.isEqual(to: .int(-1)) ?? false)
    XCTAssertThrowsError(try ScriptParameters.parse(["epochs"]))
    XCTAssertThrowsError(try ScriptParameters.parse(["ep och=1"]))
  }

  func testParamReadsGivenValues() throws {
    let out = try run(
      "print(param(\"epochs\", 200), param(\"lr\", 0.1), param(\"tag\", \"x\"))\n",
      parameters: ["epochs": .int(2), "lr": .int(1), "tag": .int(7)])
    // An int given for a float default is a float; for a string default, its text.
    XCTAssertEqual(out, "2 1.0 7\n")
    XCTAssertThrowsError(try run("param(\"epochs\", 200)\n", parameters: ["epochs": .string("x")]))
    { error in
      let d = (error as? LanguageError)?.diagnostics.first
      XCTAssertEqual(d?.message, "--set epochs=x gives string, but the script's default 200 is int")
    }
  }

  func testParamRecordsWhatWasRead() throws {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    interpreter.parameters = ["epochs": .int(2), "unused": .int(1)]
    _ = try interpreter.evaluate("param(\"epochs\", 1)")
    XCTAssertEqual(interpreter.parametersRead, ["epochs"])
  }

  func testProgressWritesCyclesAndEpochsWhenEnabled() {
    var text = ""
    let reporter = ProgressReporter(cycles: 2, enabled: true, color: false) { text += $0 }
    reporter.handle(.cycleStarted(strategy: "entropy", seed: 1, cycle: 0, labeled: 20))
    reporter.handle(
      .cycleFinished(
        CycleRecord(
          strategy: "entropy", seed: 1, cycle: 0, labeled: 20, testAccuracy: 0.75,
          finalTrainLoss: 0.5, cycleSeconds: 1.25)))
    reporter.finish()
    XCTAssertTrue(text.contains("\r\u{1B}[2Kentropy seed 1 · cycle 1/2 · epoch 0/1 ▕"), text)
    XCTAssertTrue(
      text.contains("entropy seed 1 cycle 1/2: 20 labeled, test acc 0.7500, loss 0.500 (1.2 s)\n"),
      text)
    XCTAssertFalse(text.contains("\u{1B}[2m"), "no colour when colour is off")
  }

  func testProgressStatusFitsTheTerminal() {
    var text = ""
    let reporter = ProgressReporter(
      runs: 15, cycles: 8, enabled: true, color: false, width: { 30 }
    ) { text += $0 }
    reporter.handle(.cycleStarted(strategy: "least_confidence", seed: 2, cycle: 0, labeled: 400))
    let status = text.replacingOccurrences(of: "\r\u{1B}[2K", with: "")
    XCTAssertEqual(status.count, 29, status)
    XCTAssertTrue(status.hasPrefix("least_confidence seed 2 · r"), status)
    XCTAssertTrue(status.hasSuffix("…"), status)
  }

  func testProgressIsSilentWhenDisabled() {
    var text = ""
    let reporter = ProgressReporter(cycles: 2, enabled: false, color: false) { text += $0 }
    reporter.handle(.cycleStarted(strategy: "entropy", seed: 1, cycle: 0, labeled: 20))
    reporter.finish()
    XCTAssertEqual(text, "")
  }

  func testProgressGoesToAnOutputThatDisplaysIt() throws {
    let display = RecordingProgressDisplay()
    let interpreter = Interpreter(output: display, libraries: [DomainLibrary.self])
    try ScriptRunner(interpreter: interpreter, quiet: true)
      .run(SourceFile(name: "test.llal", text: Self.smallExperiment))
    XCTAssertEqual(display.printed, "", "progress is not printed as text")
    XCTAssertTrue(
      display.events.contains { $0.hasPrefix("show random seed 3 · run 1/4 · cycle 1/2 · epoch") },
      "\(display.events.prefix(3))")
    let logged = display.events.filter { $0.hasPrefix("log ") }
    XCTAssertEqual(logged.count, 8, "one line per cycle: 2 strategies × 2 seeds × 2 cycles")
    XCTAssertTrue(
      logged[0].hasPrefix("log random seed 3 cycle 1/2: 9 labeled, test acc "), logged[0])
    XCTAssertEqual(display.events.last, "end")
  }

  func testModelBlockHTMLTable() throws {
    let interpreter = Interpreter(output: OutputBuffer(), libraries: [DomainLibrary.self])
    let value = try interpreter.evaluate(
      "model Net(x: [3]) {\n  h = x |> linear(4)\n  return h |> relu()\n}\nNet")
    guard case .host(let model)? = value else { return XCTFail("expected a model") }
    let html = try XCTUnwrap(model.rendering(.html))
    XCTAssertTrue(html.contains("<table class=\"llal-table\">"), html)
    XCTAssertTrue(html.contains("linear(4)"), html)
  }
}

/// An output that shows progress in place, recording what it was asked to show.
private final class RecordingProgressDisplay: ProgressDisplay {
  var printed = ""
  var events: [String] = []
  let progressWidth = 100
  func write(_ text: String) { printed += text }
  func showProgress(_ status: String) { events.append("show " + status) }
  func logProgress(_ line: String) { events.append("log " + line) }
  func endProgress() { events.append("end") }
}
