import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// `.npy` files with float targets, and the `train_/test_` file pair of a data folder.
extension NPYLoaderTests {
  func testFloatTargetsLoadWithTheirShape() throws {
    let dir = try TemporaryDirectory()
    let x = try dir.write(
      "x.npy", npyFile(descr: "|u1", shape: "(2, 1, 2, 2)", [0, 255, 3, 4, 5, 6, 7, 8]))
    let t = try dir.write(
      "t.npy",
      npyFile(descr: "<f4", shape: "(2, 3, 2)", f32(1, 2, 3.5, 4, 5, 6, 7, 8, 9, 10, 11, 12.25)))
    let d = try Datasets.npy(x: x, targets: t)
    XCTAssertEqual(d.x.shape, [2, 1, 2, 2])
    XCTAssertEqual(d.x.scalars.prefix(2), [0, 255])
    XCTAssertEqual(d.targetShape, [3, 2])
    XCTAssertEqual(d.targetTensor.scalars, [1, 2, 3.5, 4, 5, 6, 7, 8, 9, 10, 11, 12.25])
    // Integer targets are read as Float too.
    let ti = try dir.write("ti.npy", npyFile(descr: "<i8", shape: "(2,)", i64(3, -7)))
    XCTAssertEqual(try Datasets.npy(x: x, targets: ti).targetTensor.scalars, [3, -7])
  }

  func testFloatTargetErrorsNameTheFile() throws {
    let dir = try TemporaryDirectory()
    let x = try dir.write("x.npy", npyFile(descr: "<f4", shape: "(2, 2)", f32(1, 2, 3, 4)))
    let short = try dir.write("short.npy", npyFile(descr: "<f4", shape: "(3, 1)", f32(1, 2, 3)))
    assertDataError(
      .malformed, ["short.npy: targets [3, 1] need one row per sample; ", "holds 2 samples"]
    ) {
      try Datasets.npy(x: x, targets: short)
    }
    let bad = try dir.write("bad.npy", npyFile(descr: "<f4", shape: "(2, 2)", f32(1, 2, .infinity, 4)))
    assertDataError(
      .malformed, ["bad.npy: element 2 (byte offset 136): inf is not a finite number"]
    ) {
      try Datasets.npy(x: x, targets: bad)
    }
  }

  func testPairOfFloatTargets() throws {
    let dir = try TemporaryDirectory()
    try dir.write("train_x.npy", npyFile(descr: "|u1", shape: "(3, 1, 1, 2)", [1, 2, 3, 4, 5, 6]))
    try dir.write("train_y.npy", npyFile(descr: "<f4", shape: "(3, 1, 2)", f32(1, 2, 3, 4, 5, 6)))
    try dir.write("test_x.npy", npyFile(descr: "|u1", shape: "(1, 1, 1, 2)", [7, 8]))
    try dir.write("test_y.npy", npyFile(descr: "<f4", shape: "(1, 1, 2)", f32(7.5, 8)))
    let (train, test) = try Datasets.npyPair(directory: dir.url.path)
    XCTAssertEqual(train.description, "Dataset(3 samples, x [3, 1, 1, 2], targets [1, 2])")
    XCTAssertEqual(test.targetTensor.scalars, [7.5, 8])
  }

  // Integer [N] files are class ids, with one class count for both parts; a float [N]
  // file is a regression target.
  func testPairOfClassIdsSharesTheClassCount() throws {
    let dir = try TemporaryDirectory()
    try dir.write("train_x.npy", npyFile(descr: "<f4", shape: "(2, 1)", f32(1, 2)))
    try dir.write("train_y.npy", npyFile(descr: "<i8", shape: "(2,)", i64(0, 1)))
    try dir.write("test_x.npy", npyFile(descr: "<f4", shape: "(1, 1)", f32(3)))
    try dir.write("test_y.npy", npyFile(descr: "<i4", shape: "(1, 1)", i32(4)))
    let (train, test) = try Datasets.npyPair(directory: dir.url.path)
    XCTAssertEqual(train.y, [0, 1])
    XCTAssertEqual(test.y, [4])
    XCTAssertEqual([train.classCount, test.classCount], [5, 5])
    try dir.write("test_y.npy", npyFile(descr: "<f4", shape: "(1,)", f32(0.5)))
    try dir.write("train_y.npy", npyFile(descr: "<f4", shape: "(2,)", f32(1.5, 2)))
    let (regression, _) = try Datasets.npyPair(directory: dir.url.path)
    XCTAssertFalse(regression.hasClassIDs)
    XCTAssertEqual(regression.targetTensor.scalars, [1.5, 2])
  }

  func testPairNamesEveryMissingFile() throws {
    let dir = try TemporaryDirectory()
    try dir.write("train_x.npy", npyFile(descr: "<f4", shape: "(1, 1)", f32(1)))
    assertDataError(
      .io,
      [
        "missing train_y.npy, test_x.npy, test_y.npy (an npy pair needs train_x.npy, train_y.npy, "
          + "test_x.npy, test_y.npy)"
      ]
    ) { try Datasets.npyPair(directory: dir.url.path) }
  }

  // The pose peer's data, where this checkout sits next to shared/ (as in the workshop).
  func testSharedPoseDataLoadsWhenPresent() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let pose = root.deletingLastPathComponent().appendingPathComponent("shared/data/pose").path
    try XCTSkipUnless(FileManager.default.fileExists(atPath: pose), "no \(pose)")
    let (train, test) = try Datasets.npyPair(directory: pose)
    XCTAssertEqual(train.x.shape, [2000, 1, 32, 32])
    XCTAssertEqual(test.description, "Dataset(400 samples, x [400, 1, 32, 32], targets [3, 2])")
    let joints = train.targetTensor.scalars
    XCTAssertTrue(joints.allSatisfy { (2...29).contains($0) })
  }
}
