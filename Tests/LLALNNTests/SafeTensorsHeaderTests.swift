import Foundation
import LLALTensor
import XCTest

@testable import LLALNN

/// Hostile safetensors headers: each is one clear `CheckpointError` naming the tensor and
/// the field, never a trap, and never a tensor loaded from the wrong bytes.
final class SafeTensorsHeaderTests: XCTestCase {
  /// A safetensors file: the 8-byte little-endian length of `header`, `header`, then
  /// `dataBytes` zero bytes.
  private func file(_ header: String, dataBytes: Int) -> Data {
    let h = Array(header.utf8)
    var data = Data()
    withUnsafeBytes(of: UInt64(h.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: h)
    data.append(Data(count: dataBytes))
    return data
  }

  private func entry(_ name: String, shape: String = "[2]", _ offsets: String) -> String {
    #""\#(name)":{"dtype":"F32","shape":\#(shape),"data_offsets":\#(offsets)}"#
  }

  private func assertRejected(
    _ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(
      try SafeTensors.decode(data, path: "h.safetensors"), file: file, line: line
    ) { e in
      XCTAssertTrue(e is CheckpointError, "\(type(of: e))", file: file, line: line)
      XCTAssertEqual("\(e)", "checkpoint h.safetensors: \(expected)", file: file, line: line)
    }
  }

  func testOffsetsMustBeTwoNonNegativeIntegers() {
    // Issue 14: [1, -9223372036854775808] trapped on `end - begin`.
    assertRejected(
      file("{\(entry("w", "[1, -9223372036854775808]"))}", dataBytes: 8),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found "
        + "[1, -9223372036854775808]")
    // Issue 14: [true, 9] was read as [1, 9].
    assertRejected(
      file("{\(entry("w", "[true,9]"))}", dataBytes: 9),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found [true, 9]")
    assertRejected(
      file("{\(entry("w", "[0.0,8]"))}", dataBytes: 8),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found [0.0, 8]")
    assertRejected(
      file("{\(entry("w", "[0,8e0]"))}", dataBytes: 8),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found [0, 8e0]")
    assertRejected(
      file("{\(entry("w", "[0,99999999999999999999]"))}", dataBytes: 8),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found "
        + "[0, 99999999999999999999]")
    assertRejected(
      file("{\(entry("w", "[0,8,16]"))}", dataBytes: 8),
      "tensor 'w': data_offsets must be two non-negative integers [begin, end], found [0, 8, 16]")
    assertRejected(
      file("{\(entry("w", "\"0-8\""))}", dataBytes: 8),
      #"tensor 'w': data_offsets must be two non-negative integers [begin, end], found "0-8""#)
    assertRejected(
      file("{\(entry("w", shape: "[0]", "[8,0]"))}", dataBytes: 8),
      "tensor 'w': data_offsets [8, 0] end before they begin")
    assertRejected(
      file("{\(entry("w", "[0,12]"))}", dataBytes: 12),
      "tensor 'w': data offsets [0, 12] do not hold shape [2] (8 bytes)")
  }

  func testOverlappingOffsetsAreRejected() {
    // Issue 14: 'b' was loaded from 'a''s bytes.
    assertRejected(
      file("{\(entry("a", "[0,8]")),\(entry("b", "[4,12]"))}", dataBytes: 12),
      "tensor 'b': data_offsets [4, 12] overlap tensor 'a' ([0, 8])")
    assertRejected(
      file("{\(entry("a", "[0,8]")),\(entry("b", "[0,8]"))}", dataBytes: 8),
      "tensor 'b': data_offsets [0, 8] overlap tensor 'a' ([0, 8])")
  }

  func testGapsAndTrailingBytesAreRejected() {
    assertRejected(
      file("{\(entry("a", "[0,8]")),\(entry("b", "[12,20]"))}", dataBytes: 20),
      "tensor 'b': data_offsets [12, 20] leave data bytes 8..<12 to no tensor "
        + "(after tensor 'a')")
    assertRejected(
      file("{\(entry("a", "[4,12]"))}", dataBytes: 12),
      "tensor 'a': data_offsets [4, 12] leave data bytes 0..<4 to no tensor")
    // Issue 14: bytes after the last tensor were accepted.
    assertRejected(
      file("{\(entry("a", "[0,8]"))}", dataBytes: 11),
      "3 trailing bytes: the tensors cover data bytes 0..<8 but the data section holds 11")
    assertRejected(
      file("{}", dataBytes: 4),
      "4 trailing bytes: the tensors cover data bytes 0..<0 but the data section holds 4")
  }

  func testZeroByteTensorsMayShareAnOffsetAndOrderIsByOffset() throws {
    let header =
      "{\(entry("z", shape: "[0, 5]", "[8,8]")),\(entry("b", "[8,16]")),"
      + "\(entry("a", "[0,8]")),\(entry("e", shape: "[0]", "[8,8]"))}"
    let r = try SafeTensors.decode(file(header, dataBytes: 16))
    XCTAssertEqual(r.tensors.map(\.name), ["a", "e", "z", "b"])
    XCTAssertEqual(r.tensors.map(\.tensor.shape), [[2], [0], [0, 5], [2]])
    XCTAssertEqual(try SafeTensors.decode(file("{}   ", dataBytes: 0)).tensors.count, 0)
  }

  func testShapeAndDtypeAreChecked() {
    let offsets = #""data_offsets":[0,8]"#
    assertRejected(
      file(#"{"w":{"dtype":"F32","shape":[2,-1],\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w': shape must be a list of non-negative integers, found [2, -1]")
    assertRejected(
      file(#"{"w":{"dtype":"F32","shape":[2.0],\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w': shape must be a list of non-negative integers, found [2.0]")
    assertRejected(
      file(#"{"w":{"dtype":"F32","shape":2,\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w': shape must be a list of non-negative integers, found 2")
    assertRejected(
      file(
        #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w': shape [4294967296, 4294967296] exceeds the limit of 1073741824 elements")
    assertRejected(
      file(#"{"w":{"dtype":"Q7","shape":[2],\#(offsets)}}"#, dataBytes: 8),
      #"tensor 'w': unknown dtype "Q7""#)
    assertRejected(
      file(#"{"w":{"dtype":"BF16","shape":[4],\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w' has dtype BF16; llal reads F32 checkpoints only")
    assertRejected(
      file(#"{"w":{"dtype":32,"shape":[2],\#(offsets)}}"#, dataBytes: 8),
      "tensor 'w': dtype must be a string, found 32")
    assertRejected(
      file(#"{"w":{"dtype":"F32",\#(offsets)}}"#, dataBytes: 8),
      #"tensor 'w': the field "shape" is missing"#)
    assertRejected(
      file(#"{"w":[1,2]}"#, dataBytes: 0),
      "tensor 'w': expected an object with dtype, shape and data_offsets, found [1, 2]")
  }

  func testMalformedJSONAndMetadata() {
    assertRejected(
      file("{\(entry("w", "[0,8]")),\(entry("w", "[0,8]"))}", dataBytes: 8),
      #"malformed header: invalid JSON at header byte 54: the key "w" occurs twice"#)
    assertRejected(
      file(#"{"w":{"dtype":"F32"}"#, dataBytes: 0),
      "malformed header: invalid JSON at header byte 20: expected ',' or '}' after an object "
        + "member, found the end of the text")
    assertRejected(
      file("{\"a\":" + String(repeating: "[", count: 100_000), dataBytes: 0),
      "malformed header: invalid JSON at header byte 68: nested deeper than 64 levels")
    assertRejected(
      file(#"{"w":1} x"#, dataBytes: 0),
      "malformed header: invalid JSON at header byte 8: unexpected text after the value")
    var badUTF8 = file(#"{"w":1}"#, dataBytes: 0)
    badUTF8[10] = 0xFF
    assertRejected(badUTF8, "malformed header: it is not valid UTF-8")
    assertRejected(
      file(#"{"__metadata__":{"n":1}}"#, dataBytes: 0),
      #"malformed header: __metadata__ must map strings to strings, but "n" is 1"#)
    assertRejected(
      file(#"{"__metadata__":[]}"#, dataBytes: 0),
      "malformed header: __metadata__ must map strings to strings, found []")
  }

  func testNamesInMessagesAreEscapedAndShortened() {
    assertRejected(
      file("{\(entry("a\\u001b[31m", "[0,4]"))}", dataBytes: 4),
      #"tensor 'a\u001b[31m': data offsets [0, 4] do not hold shape [2] (8 bytes)"#)
    let long = String(repeating: "n", count: 100)
    assertRejected(
      file("{\(entry(long, "[0,4]"))}", dataBytes: 4),
      "tensor '\(String(repeating: "n", count: 64))…': data offsets [0, 4] do not hold shape "
        + "[2] (8 bytes)")
  }
}
