import Foundation
import LLALJSON
import LLALKernel
import LLALNotebook
import XCTest

/// Message framing and signatures: what the kernel accepts, and what it drops.
final class WireTests: XCTestCase {
  private let codec = WireCodec(signer: MessageSigner(key: "secret-key"))

  private func message(_ type: String = "execute_request", code: String = "1 + 1") -> WireMessage {
    WireMessage(
      identities: [Data("client-1".utf8)],
      header: [
        "msg_id": "m1", "session": "s1", "username": "test", "date": "2024-01-01T00:00:00Z",
        "msg_type": .string(type), "version": "5.3",
      ],
      content: ["code": .string(code), "silent": false])
  }

  func testSignaturesAreRFC4231HMACSHA256() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    let signer = MessageSigner(key: "Jefe")
    XCTAssertEqual(
      signer.signature(of: [Data("what do ya want ".utf8), Data("for nothing?".utf8)]),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    // RFC 4231 test case 1: key 0x0b × 20 (ASCII, so a valid key string), "Hi There".
    XCTAssertEqual(
      MessageSigner(key: String(repeating: "\u{0B}", count: 20))
        .signature(of: [Data("Hi There".utf8)]),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    XCTAssertEqual(MessageSigner(key: "").signature(of: [Data("x".utf8)]), "")
  }

  func testEncodeThenDecodeGivesTheSameMessage() throws {
    let sent = message()
    let frames = codec.encode(sent)
    XCTAssertEqual(frames[0], Data("client-1".utf8))
    XCTAssertEqual(frames[1], WireMessage.delimiter)
    XCTAssertEqual(frames[2].count, 64, "a hex SHA-256 digest")
    let received = try codec.decode(frames)
    XCTAssertEqual(received.identities, sent.identities)
    XCTAssertEqual(received.header, sent.header)
    XCTAssertEqual(received.parentHeader, [:])
    XCTAssertEqual(received.content, sent.content)
    XCTAssertEqual(received.type, "execute_request")
  }

  func testTheSignatureCoversTheFourJSONFrames() throws {
    let frames = codec.encode(message())
    let expected = MessageSigner(key: "secret-key").signature(of: Array(frames[3...6]))
    XCTAssertEqual(String(decoding: frames[2], as: UTF8.self), expected)
  }

  func testABadSignatureIsRefused() {
    var frames = codec.encode(message())
    frames[2] = Data(String(repeating: "0", count: 64).utf8)
    XCTAssertThrowsError(try codec.decode(frames)) {
      XCTAssertEqual($0 as? WireError, .badSignature)
      XCTAssertEqual("\($0)", "the signature does not match the key")
    }
  }

  func testAMessageSignedWithAnotherKeyIsRefused() {
    let other = WireCodec(signer: MessageSigner(key: "another-key"))
    XCTAssertThrowsError(try codec.decode(other.encode(message()))) {
      XCTAssertEqual($0 as? WireError, .badSignature)
    }
  }

  func testChangedContentUnderAnOldSignatureIsRefused() {
    var frames = codec.encode(message(code: "1 + 1"))
    frames[6] = Data(#"{"code":"remove_everything()","silent":false}"#.utf8)
    XCTAssertThrowsError(try codec.decode(frames)) {
      XCTAssertEqual($0 as? WireError, .badSignature)
    }
  }

  func testAReplayedMessageIsRefused() throws {
    let frames = codec.encode(message())
    _ = try codec.decode(frames)
    XCTAssertThrowsError(try codec.decode(frames)) {
      XCTAssertEqual($0 as? WireError, .replayed)
      XCTAssertEqual("\($0)", "the signature was used before (a replayed message)")
    }
  }

  func testWithoutAKeyNothingIsSignedOrChecked() throws {
    let open = WireCodec(signer: MessageSigner(key: ""))
    var frames = open.encode(message())
    XCTAssertEqual(frames[2], Data())
    frames[2] = Data("anything".utf8)
    XCTAssertEqual(try open.decode(frames).type, "execute_request")
  }

  func testMalformedFramesSayWhatIsWrong() {
    let good = codec.encode(message())
    XCTAssertThrowsError(try codec.decode(Array(good[2...]))) {
      XCTAssertEqual("\($0)", "no <IDS|MSG> delimiter frame")
    }
    XCTAssertThrowsError(try codec.decode(Array(good[0..<5]))) {
      XCTAssertEqual("\($0)", "3 frames after the delimiter; a message needs 5")
    }
    XCTAssertThrowsError(try codec.decode([WireMessage.delimiter])) {
      XCTAssertEqual("\($0)", "0 frames after the delimiter; a message needs 5")
    }
  }

  func testFramesThatAreNotJSONObjectsAreNamed() {
    func signed(_ parts: [String]) -> [Data] {
      let data = parts.map { Data($0.utf8) }
      let signature = MessageSigner(key: "secret-key").signature(of: data)
      return [WireMessage.delimiter, Data(signature.utf8)] + data
    }
    XCTAssertThrowsError(try codec.decode(signed(["{\"msg_type\": ", "{}", "{}", "{}"]))) {
      XCTAssertEqual(
        "\($0)",
        "the header is not JSON: line 1, column 14: expected a value, found the end of the text")
    }
    XCTAssertThrowsError(try codec.decode(signed(["{\"msg_type\": \"x\"}", "[]", "{}", "{}"]))) {
      XCTAssertEqual("\($0)", "the parent header is an array, not an object")
    }
    XCTAssertThrowsError(try codec.decode(signed(["{\"msg_id\": \"x\"}", "{}", "{}", "{}"]))) {
      XCTAssertEqual("\($0)", "the header has no \"msg_type\" string")
    }
  }

  func testExtraFramesAreBuffers() throws {
    var sent = message()
    sent.buffers = [Data([0, 1, 2])]
    XCTAssertEqual(try codec.decode(codec.encode(sent)).buffers, [Data([0, 1, 2])])
  }

  func testHeadersCarryTheSessionAndProtocolVersion() {
    let factory = MessageFactory(session: "abc")
    let header = factory.header("status")
    XCTAssertEqual(header["session"], "abc")
    XCTAssertEqual(header["msg_type"], "status")
    XCTAssertEqual(header["version"], "5.3")
    XCTAssertNotEqual(header["msg_id"], factory.header("status")["msg_id"])
    let date = header["date"]?.string ?? ""
    XCTAssertNotNil(
      date.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression),
      date)
  }

  func testARepliesGoesBackToTheAsker() {
    let request = message()
    let reply = MessageFactory().message(
      "execute_reply", ["status": "ok"], parent: request, route: true)
    XCTAssertEqual(reply.identities, request.identities)
    XCTAssertEqual(reply.parentHeader, request.header)
    let broadcast = MessageFactory().message("status", [:], parent: request)
    XCTAssertEqual(broadcast.identities, [])
  }
}
