import Foundation
import LLALJSON
import LLALLanguage
import LLALNotebook
import XCTest

@testable import LLALKernel

/// Records what a session publishes on IOPub.
final class RecordingPublisher: Publisher, @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [(type: String, content: JSON)] = []

  func publish(_ type: String, _ content: JSON, parent: WireMessage?) {
    lock.lock()
    recorded.append((type, content))
    lock.unlock()
  }

  /// What was published since the last call.
  func take() -> [(type: String, content: JSON)] {
    lock.lock()
    defer {
      recorded = []
      lock.unlock()
    }
    return recorded
  }
}

/// A session driven as a front end would, without sockets.
class SessionTestCase: XCTestCase {
  let publisher = RecordingPublisher()
  lazy var session = KernelSession(info: KernelInfo(version: "0.1.0"), publisher: publisher)

  func request(_ type: String, _ content: JSON) -> WireMessage {
    WireMessage(
      identities: [], header: ["msg_id": "m", "msg_type": .string(type), "session": "s"],
      content: content)
  }

  /// Runs `code` and returns the reply and what was published.
  @discardableResult
  func execute(_ code: String, _ extra: JSONObject = [:]) -> (
    reply: JSON, published: [(type: String, content: JSON)]
  ) {
    let content = JSON.object(["code": .string(code)]).merging(extra)
    let reply = session.handle(request("execute_request", content))
    XCTAssertEqual(reply?.type, "execute_reply")
    return (reply?.content ?? .null, publisher.take())
  }

  func ask(_ type: String, _ content: JSON) -> JSON {
    session.handle(request(type, content))?.content ?? .null
  }
}

final class ExecuteTests: SessionTestCase {
  func testAValueIsAnExecuteResultWithItsCount() {
    let (reply, published) = execute("x = 2\nx * 21")
    XCTAssertEqual(reply["status"], "ok")
    XCTAssertEqual(reply["execution_count"], 1)
    XCTAssertEqual(reply["user_expressions"], [:])
    XCTAssertEqual(published.map(\.type), ["execute_input", "execute_result"])
    XCTAssertEqual(published[0].content["code"], "x = 2\nx * 21")
    XCTAssertEqual(published[1].content["execution_count"], 1)
    XCTAssertEqual(published[1].content["data"], ["text/plain": "42"])
    XCTAssertEqual(execute("x").reply["execution_count"], 2)
  }

  func testPrintedTextIsAStreamBeforeTheResult() {
    let (_, published) = execute("print(\"hello\")\nprint(\"world\")\n3")
    XCTAssertEqual(published.map(\.type), ["execute_input", "stream", "execute_result"])
    XCTAssertEqual(published[1].content, ["name": "stdout", "text": "hello\nworld\n"])
  }

  func testTablesAreHTMLAndChartsSVG() {
    let table = execute("table([[1, 2], [3, 4]], headers: [\"a\", \"b\"])").published[1].content
    let data = table["data"]?.object ?? [:]
    XCTAssertEqual(Set(data.keys), ["text/plain", "text/html"])
    XCTAssertTrue(data["text/html"]?.string?.contains("<table") ?? false)
    let chart = execute("plot({a: [1.0, 2.0, 3.0]})").published[1].content["data"]?.object ?? [:]
    XCTAssertEqual(Set(chart.keys), ["text/plain", "image/svg+xml"])
    XCTAssertTrue(chart["image/svg+xml"]?.string?.hasPrefix("<svg") ?? false)
  }

  func testAnErrorIsPublishedAndReplied() {
    let (reply, published) = execute("y = 1 + nope")
    XCTAssertEqual(reply["status"], "error")
    XCTAssertEqual(reply["ename"], "CheckError")
    XCTAssertEqual(reply["evalue"], "unknown name 'nope'")
    XCTAssertEqual(published.map(\.type), ["execute_input", "error"])
    let traceback = published[1].content["traceback"]?.array?.compactMap(\.string) ?? []
    XCTAssertEqual(traceback.count, 3, "\(traceback)")
    // The located diagnostic, in colour: position and message, the line, the caret.
    let plain = traceback.map {
      $0.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }
    XCTAssertEqual(
      plain, ["In[1]:1:9: error: unknown name 'nope'", "y = 1 + nope", "        ^~~~"])
    XCTAssertTrue(traceback[0].contains("\u{1B}[1;31merror:"), traceback[0])
  }

  func testARuntimeErrorKeepsWhatRanBeforeIt() {
    let (reply, published) = execute("print(\"before\")\nz = 5\n[1, 2][7]")
    XCTAssertEqual(reply["ename"], "RuntimeError")
    XCTAssertEqual(published.map(\.type), ["execute_input", "stream", "error"])
    XCTAssertEqual(execute("z").published.last?.content["data"], ["text/plain": "5"])
  }

  func testSilentPublishesNothingAndKeepsNoCount() {
    let (reply, published) = execute("print(\"quiet\")\n7", ["silent": true])
    XCTAssertEqual(reply["status"], "ok")
    XCTAssertEqual(reply["execution_count"], 0)
    XCTAssertTrue(published.isEmpty, "\(published)")
    XCTAssertEqual(execute("1").reply["execution_count"], 1)
  }

  func testStoreHistoryFalseKeepsTheCountAndTheHistory() {
    execute("1")
    let (reply, published) = execute("2", ["store_history": false])
    XCTAssertEqual(reply["execution_count"], 1)
    XCTAssertEqual(published.first?.content["execution_count"], 1)
    let history = ask("history_request", ["hist_access_type": "tail", "n": 10, "output": false])
    XCTAssertEqual(history["history"], [[1, 1, "1"]])
  }

  func testUserExpressionsAreEvaluatedAfterTheCode() {
    let (reply, _) = execute(
      "w = 3", ["user_expressions": ["double": "w * 2", "broken": "w +"]])
    let results = reply["user_expressions"]
    XCTAssertEqual(
      results?["double"], ["status": "ok", "data": ["text/plain": "6"], "metadata": [:]])
    XCTAssertEqual(results?["broken"]?["status"], "error")
    XCTAssertEqual(results?["broken"]?["ename"], "ParseError")
  }

  func testAnInterruptStopsALoopAndTheSessionGoesOn() {
    let done = DispatchSemaphore(value: 0)
    // Keeps asking until the cell has stopped: the cell clears a request that comes
    // before it starts, as a kernel does after an idle Ctrl-C.
    Thread.detachNewThread {
      while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
        Interpreter.requestInterrupt()
      }
    }
    let (reply, published) = execute("n = 0\nwhile true { n += 1 }")
    done.signal()
    XCTAssertEqual(reply["status"], "error")
    XCTAssertEqual(reply["ename"], "Interrupted")
    XCTAssertEqual(published.last?.type, "error")
    XCTAssertEqual(execute("n > 0").published.last?.content["data"], ["text/plain": "true"])
  }

  func testExperimentProgressIsOneDisplayUpdatedInPlace() {
    let (reply, published) = execute(
      """
      data = blobs(count: 60, classes: 2, dimensions: 2, spread: 1, seed: 4)
      train, test = data.split(test: 0.3, seed: 0)
      model M(x: [2]) {
        return x |> linear(2)
      }
      experiment(M, train, test, [random()], budget: budget(initial: 6, step: 4, cycles: 2),
        optimizer: sgd(epochs: 2, batch: 4), seeds: 1)
      """)
    XCTAssertEqual(reply["status"], "ok")
    let displays = published.filter { $0.type.hasSuffix("display_data") }
    XCTAssertEqual(displays.first?.type, "display_data")
    XCTAssertGreaterThan(displays.count, 2)
    let ids = Set(displays.compactMap { $0.content["transient"]?["display_id"]?.string })
    XCTAssertEqual(ids.count, 1, "one display, updated in place")
    XCTAssertTrue(displays.dropFirst().allSatisfy { $0.type == "update_display_data" })
    let last = displays.last?.content["data"]?["text/plain"]?.string ?? ""
    XCTAssertTrue(last.hasPrefix("random seed 0 cycle 1/2: 6 labeled, test acc "), last)
    XCTAssertTrue(last.contains("\nrandom seed 0 cycle 2/2: 10 labeled"), last)
    XCTAssertEqual(published.last?.type, "execute_result")
  }
}
