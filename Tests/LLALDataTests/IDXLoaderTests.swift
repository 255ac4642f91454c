import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// An IDX header: two zero bytes, type 0x08, the rank, then big-endian dimensions.
func idxHeader(_ dims: [Int]) -> [UInt8] {
  [0, 0, 8, UInt8(dims.count)]
    + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } }
}

final class IDXLoaderTests: XCTestCase {
  /// Three 2x2 images with pixels 0...11 and labels 3, 0, 9.
  func writeValid(_ dir: TemporaryDirectory) throws -> (String, String) {
    let images = try dir.write("images", idxHeader([3, 2, 2]) + (0..<12).map(UInt8.init))
    let labels = try dir.write("labels", idxHeader([3]) + [3, 0, 9])
    return (images, labels)
  }

  func testReadsImagesAndLabels() throws {
    let dir = try TemporaryDirectory()
    let (images, labels) = try writeValid(dir)
    let d = try Datasets.idx(images: images, labels: labels)
    XCTAssertEqual(d.x.shape, [3, 1, 2, 2])
    XCTAssertEqual(d.x.scalars, (0..<12).map(Float.init))
    XCTAssertEqual(d.y, [3, 0, 9])
    XCTAssertEqual(d.classCount, 10)
    // Large dimensions are big-endian: 256 features in one row.
    let wide = try dir.write("wide", idxHeader([1, 256]) + [UInt8](repeating: 255, count: 256))
    let one = try dir.write("one", idxHeader([1]) + [1])
    let w = try Datasets.idx(images: wide, labels: one)
    XCTAssertEqual(w.x.shape, [1, 256])
    XCTAssertEqual(w.x.scalars.max(), 255)
  }

  func testWrongMagicNumber() throws {
    let dir = try TemporaryDirectory()
    let (images, labels) = try writeValid(dir)
    // A labels file where images are expected: rank 1 is not an image file.
    assertDataError(
      .malformed, ["labels", "byte offset 0", "wrong magic number 0x00000801", "0x00000803"]
    ) {
      try Datasets.idx(images: labels, labels: labels)
    }
    let floats = try dir.write("floats", [0, 0, 0x0D, 1, 0, 0, 0, 0])
    assertDataError(.malformed, ["type code 0xd", "only unsigned bytes"]) {
      try Datasets.idx(images: images, labels: floats)
    }
    let text = try dir.write("text", Array("hello world".utf8))
    assertDataError(.malformed, ["text", "wrong magic number 0x68656C6C"]) {
      try Datasets.idx(images: text, labels: labels)
    }
    let gz = try dir.write("images.gz", [0x1F, 0x8B, 8, 0, 0, 0])
    assertDataError(.malformed, ["images.gz", "gzip-compressed"]) {
      try Datasets.idx(images: gz, labels: labels)
    }
  }

  func testTruncatedFiles() throws {
    let dir = try TemporaryDirectory()
    let (images, labels) = try writeValid(dir)
    // The third image has one of its four bytes.
    let short = try dir.write("short", idxHeader([3, 2, 2]) + (0..<9).map(UInt8.init))
    assertDataError(.malformed, ["short", "byte offset 24", "truncated", "image 2 is incomplete"]) {
      try Datasets.idx(images: short, labels: labels)
    }
    let cutHeader = try dir.write("cut", [0, 0, 8, 3, 0, 0])
    assertDataError(.malformed, ["cut", "truncated header"]) {
      try Datasets.idx(images: cutHeader, labels: labels)
    }
    let tiny = try dir.write("tiny", [0, 0])
    assertDataError(.malformed, ["tiny", "too short"]) {
      try Datasets.idx(images: tiny, labels: labels)
    }
    let long = try dir.write("long", idxHeader([3]) + [1, 2, 3, 4])
    assertDataError(.malformed, ["long", "byte offset 11", "1 unexpected bytes"]) {
      try Datasets.idx(images: images, labels: long)
    }
  }

  func testLabelCountMustMatchImageCount() throws {
    let dir = try TemporaryDirectory()
    let (images, _) = try writeValid(dir)
    let two = try dir.write("two", idxHeader([2]) + [1, 2])
    assertDataError(.malformed, ["two", "2 labels, but", "holds 3 images"]) {
      try Datasets.idx(images: images, labels: two)
    }
    let big = try dir.write("big", idxHeader([3]) + [1, 12, 2])
    assertDataError(.malformed, ["big", "label 1 (byte offset 9)", "label 12 is outside the classes 0..<10"]) {
      try Datasets.idx(images: images, labels: big, classCount: 10)
    }
  }

  func testMNISTDirectoryListsMissingFiles() throws {
    let dir = try TemporaryDirectory()
    // With none of the files there, the list of missing ones is not repeated as expected.
    do {
      _ = try Datasets.mnist(directory: dir.url.path)
      XCTFail("expected a DataError")
    } catch let error as DataError {
      XCTAssertTrue(
        error.description.hasSuffix(
          "missing MNIST files: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
            + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"), "\(error)")
    }
    try dir.write(
      "train-images-idx3-ubyte", idxHeader([2, 2, 2]) + [UInt8](repeating: 7, count: 8))
    try dir.write("train-labels.idx1-ubyte", idxHeader([2]) + [1, 2])
    assertDataError(.io, ["missing MNIST files: t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"]) {
      try Datasets.mnist(directory: dir.url.path)
    }
    try dir.write("t10k-images-idx3-ubyte", idxHeader([1, 2, 2]) + [1, 2, 3, 4])
    try dir.write("t10k-labels-idx1-ubyte", idxHeader([1]) + [5])
    let (train, test) = try Datasets.mnist(directory: dir.url.path)
    XCTAssertEqual(train.x.shape, [2, 1, 2, 2])
    XCTAssertEqual(train.y, [1, 2])
    XCTAssertEqual(test.y, [5])
    XCTAssertEqual(test.classCount, 10)
    assertDataError(.io, ["no such directory"]) { try Datasets.mnist(directory: dir.path("nope")) }
    assertDataError(.io, ["no such file"]) {
      try Datasets.idx(images: dir.path("nope"), labels: dir.path("nope"))
    }
  }
}
