import Foundation
import LLALNotebook
import XCTest

@testable import LLALKernel

/// The kernel's output sink: streams gathered in order, progress as one display.
final class KernelOutputTests: XCTestCase {
  private let publisher = RecordingPublisher()
  private lazy var output = KernelOutput(publisher: publisher)
  private let request = WireMessage(header: ["msg_type": "execute_request"], content: [:])

  func testWritesAreGatheredIntoOneStream() {
    output.begin(request, silent: false)
    output.write("a")
    output.write("b\n")
    output.write("c\n")
    output.end()
    let published = publisher.take()
    XCTAssertEqual(published.map(\.type), ["stream"])
    XCTAssertEqual(published.first?.content, ["name": "stdout", "text": "ab\nc\n"])
  }

  func testNothingIsPublishedWhenSilentOrOutsideARequest() {
    output.write("before any request\n")
    output.begin(request, silent: true)
    output.write("silent\n")
    output.showProgress("cycle 1/2")
    output.end()
    XCTAssertTrue(publisher.take().isEmpty)
  }

  func testProgressIsOneDisplayUpdatedInPlace() {
    output.begin(request, silent: false)
    output.write("starting\n")
    output.showProgress("cycle 1/2 · epoch 1/3")
    output.showProgress("cycle 1/2 · epoch 3/3")
    output.logProgress("cycle 1/2: 20 labeled")
    output.showProgress("cycle 2/2 · epoch 1/3")
    output.endProgress()
    output.showProgress("a second run")
    output.end()
    let published = publisher.take()
    XCTAssertEqual(
      published.map(\.type),
      [
        "stream", "display_data", "update_display_data", "update_display_data",
        "update_display_data", "update_display_data", "display_data",
      ])
    let first = published[1].content["transient"]?["display_id"]
    XCTAssertNotNil(first?.string)
    for message in published[2...5] {
      XCTAssertEqual(message.content["transient"]?["display_id"], first)
    }
    XCTAssertNotEqual(published[6].content["transient"]?["display_id"], first)
    let texts = published[1...6].map { $0.content["data"]?["text/plain"]?.string ?? "" }
    XCTAssertEqual(
      texts,
      [
        "cycle 1/2 · epoch 1/3", "cycle 1/2 · epoch 3/3", "cycle 1/2: 20 labeled",
        "cycle 1/2: 20 labeled\ncycle 2/2 · epoch 1/3", "cycle 1/2: 20 labeled",
        "a second run",
      ])
  }

  func testTheFlushingThreadSendsTextThatWaits() {
    output.startFlushing()
    output.begin(request, silent: false)
    output.write("soon\n")
    let sent = expectation(description: "the timer sent the text")
    Thread.detachNewThread { [publisher] in
      while true {
        if publisher.take().contains(where: { $0.content["text"] == "soon\n" }) { break }
        Thread.sleep(forTimeInterval: 0.02)
      }
      sent.fulfill()
    }
    wait(for: [sent], timeout: 30)
    output.end()
  }
}
