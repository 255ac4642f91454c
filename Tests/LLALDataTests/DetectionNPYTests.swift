import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// The npy loader of detection data (the layout of `shared/data/detect`).
final class DetectionNPYTests: XCTestCase {
  /// Two 2×3 uint8 images and their boxes: image 0 holds a disk on the border and a
  /// padding row, image 1 a square and a plus.
  private func writePair(_ dir: TemporaryDirectory, prefix: String) throws {
    try dir.write(
      "\(prefix)_x.npy",
      npyFile(descr: "|u1", shape: "(2, 1, 2, 3)", [0, 51, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
    try dir.write(
      "\(prefix)_y.npy",
      npyFile(
        descr: "<f4", shape: "(2, 2, 5)",
        f32(1, 0, 0, 3, 2, -1, 0, 0, 0, 0, 0, 0.5, 0, 1.5, 1, 2, 1, 1, 3, 2)))
  }

  func testRoundTripOfAFolder() throws {
    let dir = try TemporaryDirectory()
    try writePair(dir, prefix: "train")
    try writePair(dir, prefix: "test")
    let (train, test) = try Datasets.detection(directory: dir.url.path)
    XCTAssertEqual(
      train.description, "Dataset(2 samples, x [2, 1, 2, 3], boxes [2, 5], 3 classes)")
    // uint8 pixels read as x/255.
    XCTAssertEqual(train.x.scalars.prefix(3), [0, 0.2, 1])
    XCTAssertEqual(
      train.boxes?.scalars, [1, 0, 0, 3, 2, -1, 0, 0, 0, 0, 0, 0.5, 0, 1.5, 1, 2, 1, 1, 3, 2])
    XCTAssertEqual(train.classCounts, [1, 1, 1])
    XCTAssertEqual(test.classCount, 3)
  }

  // The class count is shared: the largest class of either part, plus one.
  func testPartsShareTheClassCount() throws {
    let dir = try TemporaryDirectory()
    try writePair(dir, prefix: "train")
    try dir.write("test_x.npy", npyFile(descr: "<f4", shape: "(1, 1, 1, 1)", f32(0.5)))
    try dir.write("test_y.npy", npyFile(descr: "<i8", shape: "(1, 1, 5)", i64(5, 0, 0, 1, 1)))
    let (train, test) = try Datasets.detection(directory: dir.url.path)
    XCTAssertEqual(train.classCount, 6)
    XCTAssertEqual(test.classCount, 6)
    // Float images stay as stored.
    XCTAssertEqual(test.x.scalars, [0.5])
    XCTAssertEqual(train.classCounts, [1, 1, 1, 0, 0, 0])
  }

  func testMissingFilesAreNamed() throws {
    let dir = try TemporaryDirectory()
    try writePair(dir, prefix: "train")
    assertDataError(
      .io,
      [
        "missing test_x.npy, test_y.npy (a detection folder needs train_x.npy, train_y.npy, "
          + "test_x.npy, test_y.npy)"
      ]
    ) { try Datasets.detection(directory: dir.url.path) }
  }

  func testWrongShapesAndDtypesNameTheFile() throws {
    let dir = try TemporaryDirectory()
    let x = try dir.write("x.npy", npyFile(descr: "|u1", shape: "(1, 1, 2, 2)", [0, 1, 2, 3]))
    let y = try dir.write("y.npy", npyFile(descr: "<f4", shape: "(1, 1, 5)", f32(0, 0, 0, 1, 1)))
    let flat = try dir.write("flat.npy", npyFile(descr: "|u1", shape: "(1, 4)", [0, 1, 2, 3]))
    assertDataError(.malformed, ["flat.npy: images must be [N, C, H, W], found [1, 4]"]) {
      try Datasets.detection(x: flat, boxes: y)
    }
    let ints = try dir.write("ints.npy", npyFile(descr: "<i8", shape: "(1, 1, 1, 1)", i64(3)))
    assertDataError(
      .malformed, ["ints.npy: images must be uint8 (read as x/255) or float, found dtype i8"]
    ) { try Datasets.detection(x: ints, boxes: y) }
    let bools = try dir.write("b.npy", npyFile(descr: "|b1", shape: "(1, 1, 5)", [0, 0, 0, 1, 1]))
    assertDataError(.malformed, ["b.npy: boxes must be numbers, found dtype b1"]) {
      try Datasets.detection(x: x, boxes: bools)
    }
    let four = try dir.write("four.npy", npyFile(descr: "<f4", shape: "(1, 1, 4)", f32(0, 0, 1, 1)))
    assertDataError(
      .malformed,
      [
        "four.npy: boxes must be [N, M, 5] (class, x1, y1, x2, y2 per row) with N = 1 images "
          + "of \(x), found [1, 1, 4]"
      ]
    ) { try Datasets.detection(x: x, boxes: four) }
    let two = try dir.write(
      "two.npy", npyFile(descr: "<f4", shape: "(2, 1, 5)", f32s(repeating: 0, count: 10)))
    assertDataError(.malformed, ["two.npy: boxes must be [N, M, 5]", "found [2, 1, 5]"]) {
      try Datasets.detection(x: x, boxes: two)
    }
  }

  // A bad row names the file, the image, the row and the row's byte offset (header 128
  // bytes, 20 bytes a row of float32).
  func testBadRowsAreLocated() throws {
    let dir = try TemporaryDirectory()
    let x = try dir.write(
      "x.npy", npyFile(descr: "|u1", shape: "(2, 1, 4, 4)", [UInt8](repeating: 0, count: 32)))
    func refused(_ rows: [Float], _ expected: String, line: UInt = #line) throws {
      let y = try dir.write("y.npy", npyFile(descr: "<f4", shape: "(2, 2, 5)", bytesOf(rows)))
      assertDataError(.malformed, [expected], line: line) {
        try Datasets.detection(x: x, boxes: y)
      }
    }
    let fine: [Float] = [0, 0, 0, 4, 4, -1, 0, 0, 0, 0]
    try refused(
      fine + [0, 1, 1, 5, 2, -1, 0, 0, 0, 0],
      "y.npy: image 1, row 0 (byte offset 168): box (0, 1, 1, 5, 2) lies outside the image: "
        + "x in [0, 4], y in [0, 4]")
    try refused(
      fine + [2, 1, 1, 3, 3, 1, 3, 1, 3, 2],
      "y.npy: image 1, row 1 (byte offset 188): box (1, 3, 1, 3, 2) is empty: it needs "
        + "x1 < x2 and y1 < y2")
    try refused(
      fine + [0.5, 0, 0, 1, 1, -1, 0, 0, 0, 0],
      "y.npy: image 1, row 0 (byte offset 168): class 0.5 is not a class id")
    try refused(
      [-1, 0, 0, 0, 0, 0, 0, 0, 1, 1] + fine,
      "y.npy: image 0, row 1 (byte offset 148): object (0, 0, 0, 1, 1) after a padding row")
  }

  private func bytesOf(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
  }
}
