import Foundation
import LLALNotebook
import XCTest

@testable import LLALKernel

/// Completion, inspection, is_complete, history and kernel info.
final class IntrospectionTests: SessionTestCase {
  func testCompletionOffersNamesAtTheCursor() {
    execute("learning_rate = 0.1")
    let reply = ask("complete_request", ["code": "x = learn", "cursor_pos": 9])
    XCTAssertEqual(reply["status"], "ok")
    XCTAssertEqual(reply["matches"]?.array?.first, "learning_loss")
    XCTAssertTrue(reply["matches"]?.array?.contains("learning_rate") ?? false)
    XCTAssertEqual(reply["cursor_start"], 4)
    XCTAssertEqual(reply["cursor_end"], 9)
  }

  func testCursorPositionsCountCodePoints() {
    execute("donnees = [1, 2]")
    // Before the cursor: "🙂" is one code point but four UTF-8 bytes (and two UTF-16
    // units), "é" one code point but two bytes.
    let code = "s = \"🙂é\"\nt = donn"
    let reply = ask("complete_request", ["code": .string(code), "cursor_pos": 17])
    XCTAssertEqual(reply["matches"], ["donnees"])
    XCTAssertEqual(reply["cursor_start"], 13)
    XCTAssertEqual(reply["cursor_end"], 17)
    // A cursor in the middle completes what is before it.
    let middle = ask("complete_request", ["code": "é = donn + 1", "cursor_pos": 8])
    XCTAssertEqual(middle["matches"], ["donnees"])
    XCTAssertEqual(middle["cursor_start"], 4)
  }

  func testCompletionOffersMembersAndModelNodes() {
    execute("model Net(x: [4]) {\n  hidden = x |> linear(8)\n  return hidden |> linear(2)\n}")
    let reply = ask("complete_request", ["code": "Net.hi", "cursor_pos": 6])
    XCTAssertEqual(reply["matches"], ["hidden"])
    XCTAssertEqual(reply["cursor_start"], 4)
    let tensor = ask("complete_request", ["code": "t = zeros([2])\nt.su", "cursor_pos": 19])
    XCTAssertEqual(tensor["matches"], [], "t is not defined until the cell runs")
    execute("t = zeros([2])")
    XCTAssertEqual(ask("complete_request", ["code": "t.su", "cursor_pos": 4])["matches"], ["sum"])
  }

  func testCompletionOffersPathsInStrings() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("llal-kernel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    try Data().write(to: folder.appendingPathComponent("pool.csv"))
    let code = "d = csv(\"\(folder.path)/po"
    let reply = ask("complete_request", ["code": .string(code), "cursor_pos": .int(code.count)])
    XCTAssertEqual(reply["matches"], [.string("\(folder.path)/pool.csv")])
    XCTAssertEqual(reply["cursor_start"], 9)
  }

  func testInspectShowsABuiltinsSignatureAndDocs() {
    let reply = ask(
      "inspect_request", ["code": "zeros([2, 3])", "cursor_pos": 2, "detail_level": 0])
    XCTAssertEqual(reply["status"], "ok")
    XCTAssertEqual(reply["found"], true)
    let text = reply["data"]?["text/plain"]?.string ?? ""
    XCTAssertTrue(text.hasPrefix("zeros("), text)
    // After the opening parenthesis, the function called.
    let call = ask("inspect_request", ["code": "zeros(", "cursor_pos": 6])
    XCTAssertEqual(call["data"], reply["data"])
  }

  func testInspectShowsMethodsAndValues() {
    execute("t = ones([2, 2])\nr = {lr: 0.5}")
    let method = ask("inspect_request", ["code": "t.sum()", "cursor_pos": 3])
    XCTAssertTrue(method["data"]?["text/plain"]?.string?.contains("sum(") ?? false, "\(method)")
    let value = ask("inspect_request", ["code": "t", "cursor_pos": 1])
    XCTAssertTrue(
      value["data"]?["text/plain"]?.string?.hasPrefix("t: Tensor[2, 2] float32\n") ?? false,
      "\(value)")
    let field = ask("inspect_request", ["code": "r.lr", "cursor_pos": 4])
    XCTAssertEqual(field["data"]?["text/plain"], "r.lr: float\n0.5\n")
    let unknown = ask("inspect_request", ["code": "nothing_here", "cursor_pos": 3])
    XCTAssertEqual(unknown, ["status": "ok", "found": false, "data": [:], "metadata": [:]])
  }

  func testIsCompleteFollowsTheParser() {
    XCTAssertEqual(ask("is_complete_request", ["code": "x = 1"]), ["status": "complete"])
    XCTAssertEqual(
      ask("is_complete_request", ["code": "for i in 0..<3 {\n  if i > 1 {"]),
      ["status": "incomplete", "indent": "    "])
    XCTAssertEqual(
      ask("is_complete_request", ["code": "x = (1 +"]), ["status": "incomplete", "indent": "  "])
    XCTAssertEqual(ask("is_complete_request", ["code": "x = )"]), ["status": "invalid"])
    XCTAssertEqual(KernelSession.openBrackets(in: "s = \"({[\" # ((\n f("), 1)
  }

  func testHistoryHoldsThisSessionsInputs() {
    execute("a = 1")
    execute("a + 1")
    execute("print(a)")
    let tail = ask("history_request", ["hist_access_type": "tail", "n": 2, "output": true])
    XCTAssertEqual(tail["history"], [[1, 2, ["a + 1", "2"]], [1, 3, ["print(a)", nil]]])
    let range = ask("history_request", ["hist_access_type": "range", "start": 1, "stop": 2])
    XCTAssertEqual(range["history"], [[1, 1, "a = 1"]])
    let search = ask("history_request", ["hist_access_type": "search", "pattern": "a*"])
    XCTAssertEqual(search["history"], [[1, 1, "a = 1"], [1, 2, "a + 1"]])
  }

  func testKernelInfoNamesTheLanguage() {
    let info = ask("kernel_info_request", [:])
    XCTAssertEqual(info["protocol_version"], "5.3")
    XCTAssertEqual(info["implementation"], "llal")
    XCTAssertEqual(info["language_info"]?["name"], "llal")
    XCTAssertEqual(info["language_info"]?["file_extension"], ".llal")
    XCTAssertEqual(info["language_info"]?["pygments_lexer"], "python")
    XCTAssertEqual(info["language_info"]?["codemirror_mode"], "python")
    XCTAssertTrue(info["banner"]?.string?.hasPrefix("llal 0.1.0") ?? false)
    XCTAssertFalse(info["help_links"]?.array?.isEmpty ?? true)
  }

  func testCommsAreRefused() {
    XCTAssertEqual(ask("comm_info_request", [:]), ["status": "ok", "comms": [:]])
    XCTAssertNil(session.handle(request("comm_open", ["comm_id": "c1", "target_name": "x"])))
    let published = publisher.take()
    XCTAssertEqual(published.map(\.type), ["comm_close"])
    XCTAssertEqual(published.first?.content["comm_id"], "c1")
  }
}
