import LLALTensor
import TestSupport
import XCTest

@testable import LLALData

/// `Dataset.origin`: the files and rows a loaded dataset's samples are, kept through
/// subsets and splits, extended by normalising, dropped by anything else.
final class DataOriginTests: XCTestCase {
  func testCIFARRowsFollowSubsetsSplitsAndNormalisations() throws {
    let dir = try TemporaryDirectory()
    for b in 1...5 { try dir.write("data_batch_\(b).bin", cifarRecords([UInt8(b), 0])) }
    try dir.write("test_batch.bin", cifarRecords([7, 8, 9]))
    let (train, test) = try Datasets.cifar10(directory: dir.url.path)
    XCTAssertEqual(train.origin?.source, .cifar10(directory: dir.url.path, part: .train))
    XCTAssertEqual(train.origin?.rows, Array(0..<10))
    XCTAssertEqual(test.origin?.source, .cifar10(directory: dir.url.path, part: .test))
    XCTAssertEqual(test.origin?.rows, [0, 1, 2])
    let picked = try train.subset([7, 2, 2, 9, 4])
    XCTAssertEqual(picked.origin?.rows, [7, 2, 2, 9, 4])
    // Each part of a split names the training rows its samples are.
    let (rest, part) = try picked.split(test: 0.4, seed: 0, stratify: false)
    for d in [rest, part] {
      let rows = try XCTUnwrap(d.origin?.rows)
      XCTAssertEqual(rows.count, d.count)
      XCTAssertEqual(d.x.scalars, try train.subset(rows).x.scalars)
    }
    XCTAssertEqual(Set(rest.origin!.rows + part.origin!.rows), [7, 2, 9, 4])
    let a = try Normalization(mean: [1, 2, 3], std: [2, 2, 2])
    let b = try Normalization(mean: [0, 0, 0], std: [4, 4, 4])
    let twice = try picked.normalized(with: a).normalized(with: b)
    XCTAssertEqual(twice.origin?.normalizations, [a, b])
    XCTAssertEqual(twice.origin?.rows, [7, 2, 2, 9, 4])
    XCTAssertNil(try picked.replacingSamples(picked.x).origin, "new samples are no file's rows")
  }

  func testMNISTPartsAndMadeDataHaveNone() throws {
    let dir = try TemporaryDirectory()
    try dir.write("train-images-idx3-ubyte", idxHeader([2, 2, 2]) + [UInt8](repeating: 7, count: 8))
    try dir.write("train-labels-idx1-ubyte", idxHeader([2]) + [1, 2])
    try dir.write("t10k-images-idx3-ubyte", idxHeader([1, 2, 2]) + [1, 2, 3, 4])
    try dir.write("t10k-labels-idx1-ubyte", idxHeader([1]) + [5])
    let (train, test) = try Datasets.mnist(directory: dir.url.path)
    XCTAssertEqual(train.origin?.source, .mnist(directory: dir.url.path, part: .train))
    XCTAssertEqual(train.origin?.rows, [0, 1])
    XCTAssertEqual(test.origin?.source, .mnist(directory: dir.url.path, part: .test))
    XCTAssertNil(try Datasets.digits().origin)
  }
}
