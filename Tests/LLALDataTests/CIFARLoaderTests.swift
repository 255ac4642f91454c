import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// `labels.count` CIFAR records; record r's pixel k holds (r + k) % 256.
func cifarRecords(_ labels: [UInt8]) -> [UInt8] {
  labels.enumerated().flatMap { r, label in [label] + (0..<3072).map { UInt8((r + $0) % 256) } }
}

final class CIFARLoaderTests: XCTestCase {
  func testReadsABatchFile() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("test_batch.bin", cifarRecords([3, 9]))
    let d = try Datasets.cifar10Batch(path)
    XCTAssertEqual(d.x.shape, [2, 3, 32, 32])
    XCTAssertEqual(d.y, [3, 9])
    XCTAssertEqual(d.classNames?[3], "cat")
    let x = d.x.scalars
    XCTAssertEqual(x[0], 0)
    XCTAssertEqual(x[1024], 0, "green plane starts at byte 1024 (1024 % 256 == 0)")
    XCTAssertEqual(x[1030], 6)
    XCTAssertEqual(x[3072], 1, "the second record starts at pixel value 1")
  }

  func testDirectoryGivesTrainAndTestAndListsMissingFiles() throws {
    let dir = try TemporaryDirectory()
    for b in [1, 2, 4] { try dir.write("data_batch_\(b).bin", cifarRecords([UInt8(b), 0])) }
    assertDataError(
      .io, ["missing CIFAR-10 files: data_batch_3.bin, data_batch_5.bin, test_batch.bin"]
    ) {
      try Datasets.cifar10(directory: dir.url.path)
    }
    for b in [3, 5] { try dir.write("data_batch_\(b).bin", cifarRecords([UInt8(b), 0])) }
    try dir.write("test_batch.bin", cifarRecords([7]))
    let (train, test) = try Datasets.cifar10(directory: dir.url.path)
    XCTAssertEqual(train.x.shape, [10, 3, 32, 32])
    XCTAssertEqual(train.y, [1, 0, 2, 0, 3, 0, 4, 0, 5, 0])
    XCTAssertEqual(test.y, [7])
    // The second record of data_batch_1 (r = 1) lands at row 1 of the training set.
    XCTAssertEqual(train.x.scalars[3072], 1)
  }

  func testTruncatedRecordAndBadLabel() throws {
    let dir = try TemporaryDirectory()
    let cut = try dir.write("cut.bin", Array(cifarRecords([1, 2]).dropLast(100)))
    assertDataError(
      .malformed, ["cut.bin", "record 1 (byte offset 3073)", "truncated", "only 2973 bytes"]
    ) {
      try Datasets.cifar10Batch(cut)
    }
    let bad = try dir.write("bad.bin", cifarRecords([1, 10, 2]))
    assertDataError(.malformed, ["bad.bin", "record 1 (byte offset 3073)", "label 10"]) {
      try Datasets.cifar10Batch(bad)
    }
    let empty = try dir.write("empty.bin", [])
    assertDataError(.malformed, ["empty.bin", "empty file"]) { try Datasets.cifar10Batch(empty) }
    assertDataError(.io, ["no such file"]) { try Datasets.cifar10Batch(dir.path("none.bin")) }
  }
}
