import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// An .npy file as `numpy.save` writes it: magic, version, little-endian header
/// length, the dict padded with spaces to a multiple of 64 bytes and a newline, then
/// `body`.
func npyFile(
  descr: String, shape: String, fortran: Bool = false, version: UInt8 = 1, _ body: [UInt8]
) -> [UInt8] {
  let dict =
    "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), "
    + "'shape': \(shape), }"
  let prefix = version == 1 ? 10 : 12
  let padded = (prefix + dict.utf8.count + 1 + 63) / 64 * 64
  let header =
    Array(dict.utf8) + [UInt8](repeating: 32, count: padded - prefix - dict.utf8.count - 1) + [10]
  let length = header.count
  let lengthBytes: [UInt8] =
    version == 1
    ? [UInt8(length & 0xFF), UInt8(length >> 8)]
    : [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), 0, 0]
  return [0x93] + Array("NUMPY".utf8) + [version, 0] + lengthBytes + header + body
}

/// The little-endian bytes of `values` (every platform llal runs on is little-endian).
func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
func f32(_ values: Float...) -> [UInt8] { bytes(values) }
func f32s(repeating value: Float, count: Int) -> [UInt8] {
  bytes([Float](repeating: value, count: count))
}
func f64(_ values: Double...) -> [UInt8] { bytes(values) }
func i64(_ values: Int64...) -> [UInt8] { bytes(values) }
func i32(_ values: Int32...) -> [UInt8] { bytes(values) }

final class NPYLoaderTests: XCTestCase {
  func testFeaturesAndLabelsOfEachDtype() throws {
    let dir = try TemporaryDirectory()
    let f4 = try dir.write(
      "x4.npy", npyFile(descr: "<f4", shape: "(3, 2)", f32(1, 2, 3, 4, 5, 6.5)))
    let f8 = try dir.write(
      "x8.npy", npyFile(descr: "<f8", shape: "(3, 2)", version: 2, f64(1, 2, 3, 4, 5, 6.5)))
    let u1 = try dir.write("xu.npy", npyFile(descr: "|u1", shape: "(3, 2)", [1, 2, 3, 4, 5, 255]))
    let i8 = try dir.write("y8.npy", npyFile(descr: "<i8", shape: "(3,)", i64(2, 0, 1)))
    let i4 = try dir.write("y4.npy", npyFile(descr: "<i4", shape: "(3, 1)", i32(2, 0, 1)))
    let yf = try dir.write("yf.npy", npyFile(descr: "<f4", shape: "(3,)", f32(2, 0, 1)))
    for (x, expected) in [
      (f4, [1, 2, 3, 4, 5, 6.5]), (f8, [1, 2, 3, 4, 5, 6.5]), (u1, [1, 2, 3, 4, 5, 255]),
    ] as [(String, [Float])] {
      for y in [i8, i4, yf] {
        let d = try Datasets.npy(x: x, y: y)
        XCTAssertEqual(d.x.shape, [3, 2])
        XCTAssertEqual(d.x.scalars, expected)
        XCTAssertEqual(d.y, [2, 0, 1])
        XCTAssertEqual(d.classCount, 3)
      }
    }
    let images = try dir.write(
      "img.npy", npyFile(descr: "<f4", shape: "(3, 1, 2, 1)", f32s(repeating: 0.5, count: 6)))
    XCTAssertEqual(try Datasets.npy(x: images, y: i8).x.shape, [3, 1, 2, 1])
    let scalar = try dir.write("s.npy", npyFile(descr: "<f8", shape: "()", f64(2.5)))
    let s = try Datasets.npyArray(scalar)
    XCTAssertEqual(s.shape, [])
    XCTAssertEqual(s.item, 2.5)
  }

  func testFortranOrderAndUnsupportedDtypesAreErrors() throws {
    let dir = try TemporaryDirectory()
    let fortran = try dir.write(
      "f.npy", npyFile(descr: "<f4", shape: "(1, 2)", fortran: true, f32(1, 2))
    )
    assertDataError(.malformed, ["f.npy", "byte offset 10", "Fortran-order"]) {
      try Datasets.npyArray(fortran)
    }
    let big = try dir.write("b.npy", npyFile(descr: ">f4", shape: "(1,)", [0, 0, 0, 0]))
    assertDataError(.malformed, ["b.npy", "big-endian", ".astype('<f4')"]) {
      try Datasets.npyArray(big)
    }
    let object = try dir.write(
      "o.npy", npyFile(descr: "|O", shape: "(1,)", [0, 0, 0, 0, 0, 0, 0, 0]))
    assertDataError(.malformed, ["unsupported dtype '|O'"]) { try Datasets.npyArray(object) }
  }

  func testMalformedHeadersAndSizes() throws {
    let dir = try TemporaryDirectory()
    let magic = try dir.write("m.npy", Array("NOTNUMPY..........".utf8))
    assertDataError(.malformed, ["m.npy", "byte offset 0", "magic string"]) {
      try Datasets.npyArray(magic)
    }
    var v9 = npyFile(descr: "<f4", shape: "(1,)", [0, 0, 0, 0])
    v9[6] = 9
    let version = try dir.write("v.npy", v9)
    assertDataError(.malformed, ["byte offset 6", "version 9.0"]) { try Datasets.npyArray(version) }
    let dict = try dir.write("d.npy", npyFile(descr: "<f4", shape: "[1, 2]", []))
    assertDataError(.malformed, ["d.npy", "bad .npy header", "'shape' must be a tuple"]) {
      try Datasets.npyArray(dict)
    }
    // Shape (2, 3) of <f4 needs 24 bytes; element 4 is cut after two of its bytes.
    let short = try dir.write(
      "t.npy", npyFile(descr: "<f4", shape: "(2, 3)", [UInt8](repeating: 0, count: 18)))
    assertDataError(
      .malformed,
      ["t.npy", "byte offset 144", "truncated", "needs 24 bytes", "element 4 is incomplete"]
    ) {
      try Datasets.npyArray(short)
    }
    let headerCut = try dir.write(
      "h.npy", Array(npyFile(descr: "<f4", shape: "(1,)", []).prefix(40)))
    assertDataError(.malformed, ["h.npy", "truncated header"]) { try Datasets.npyArray(headerCut) }
    let extra = try dir.write("e.npy", npyFile(descr: "|u1", shape: "(2,)", [1, 2, 3]))
    assertDataError(.malformed, ["e.npy", "1 unexpected bytes"]) { try Datasets.npyArray(extra) }
  }

  func testLabelsMustMatchAndBeClassIds() throws {
    let dir = try TemporaryDirectory()
    let x = try dir.write("x.npy", npyFile(descr: "<f4", shape: "(2, 1)", f32(1, 2)))
    let three = try dir.write("y3.npy", npyFile(descr: "<i8", shape: "(3,)", i64(0, 1, 1)))
    assertDataError(.malformed, ["y3.npy", "3 labels, but", "x.npy holds 2 samples"]) {
      try Datasets.npy(x: x, y: three)
    }
    let negative = try dir.write("yn.npy", npyFile(descr: "<i4", shape: "(2,)", i32(0, -1)))
    assertDataError(.malformed, ["yn.npy", "label 1 (byte offset 132)", "-1.0 is not a class id"]) {
      try Datasets.npy(x: x, y: negative)
    }
    let fractional = try dir.write("yf.npy", npyFile(descr: "<f8", shape: "(2,)", f64(0.5, 1)))
    assertDataError(.malformed, ["label 0 (byte offset 128)", "0.5 is not a class id"]) {
      try Datasets.npy(x: x, y: fractional)
    }
    let matrix = try dir.write("ym.npy", npyFile(descr: "<i8", shape: "(1, 2)", i64(0, 1)))
    assertDataError(.malformed, ["labels must have shape [N] or [N, 1]", "[1, 2]"]) {
      try Datasets.npy(x: x, y: matrix)
    }
    assertDataError(.io, ["no such file"]) { try Datasets.npy(x: dir.path("none.npy"), y: x) }
  }
}
