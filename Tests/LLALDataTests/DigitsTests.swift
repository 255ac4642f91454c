import Foundation
import LLALTensor
import XCTest

@testable import LLALData

final class DigitsTests: XCTestCase {
  func testMatchesScikitLearn() throws {
    let d = try Datasets.digits()
    XCTAssertEqual(d.count, 1797)
    XCTAssertEqual(d.x.shape, [1797, 1, 8, 8])
    XCTAssertEqual(d.classCount, 10)
    XCTAssertEqual(d.classNames, (0...9).map(String.init))
    // sklearn.datasets.load_digits(): np.bincount(target).
    XCTAssertEqual(d.classCounts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    let x = d.x.scalars
    XCTAssertEqual(x.min(), 0)
    XCTAssertEqual(x.max(), 16)
    XCTAssertTrue(x.allSatisfy { $0 == $0.rounded() })
    // Values read from scikit-learn 1.9.1: images[0][0], images[100][3], images[1796][0].
    XCTAssertEqual(Array(x[0..<8]), [0, 0, 5, 13, 9, 1, 0, 0])
    XCTAssertEqual(Array(x[(100 * 64 + 24)..<(100 * 64 + 32)]), [0, 0, 15, 12, 1, 16, 4, 0])
    XCTAssertEqual(Array(x[(1796 * 64)..<(1796 * 64 + 8)]), [0, 0, 10, 14, 8, 1, 0, 0])
    XCTAssertEqual(Array(d.y.prefix(12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    XCTAssertEqual([d.y[100], d.y[1000], d.y[1796]], [4, 1, 8])
    // Whole-set sums from scikit-learn: images.sum(), (images**2).sum(),
    // (images.reshape(1797, 64) * arange(64)).sum(), (target * arange(1797)).sum().
    var (sum, squares, weighted) = (0, 0, 0)
    for (i, v) in x.enumerated() {
      let p = Int(v)
      sum += p
      squares += p * p
      weighted += p * (i % 64)
    }
    XCTAssertEqual(sum, 561_718)
    XCTAssertEqual(squares, 6_907_012)
    XCTAssertEqual(weighted, 17_660_653)
    XCTAssertEqual(d.y.enumerated().reduce(0) { $0 + $1.offset * $1.element }, 7_264_791)
  }

  func testCorruptResourceIsAClearError() throws {
    let path = try Datasets.digitsResourcePath()
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    XCTAssertEqual(good.count, 116_825)
    var flipped = good
    flipped[5000] ^= 1
    assertDataError(.malformed, ["digits.bin", "byte offset 116821", "checksum mismatch"]) {
      try Datasets.decodeDigits(flipped, path: "digits.bin")
    }
    assertDataError(.malformed, ["size 1000 bytes, expected 116825"]) {
      try Datasets.decodeDigits(good.prefix(1000), path: "digits.bin")
    }
    var magic = good
    magic[0] = UInt8(ascii: "X")
    assertDataError(.malformed, ["byte offset 0", "LLALDIG1"]) {
      try Datasets.decodeDigits(magic, path: "digits.bin")
    }
  }

  func testCRC32MatchesZlib() {
    // zlib.crc32(b"123456789") == 0xCBF43926, the standard check value.
    XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
  }
}
