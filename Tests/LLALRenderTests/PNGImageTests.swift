import XCTest

@testable import LLALRender

final class PNGImageTests: XCTestCase {
  func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

  func testASmallGreyImageMatchesPythonsBytes() throws {
    // Rows [0, 255] and [128, 64]. Reference from Python:
    //   raw = bytes([0, 0, 255, 0, 128, 64]); z = zlib.compress(raw, 0)
    //   chunk(t, d) = len(d) (>I) + t + d + zlib.crc32(t + d) (>I)
    //   png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 2, 8, 0, 0, 0, 0))
    //         + chunk(b'IDAT', z) + chunk(b'IEND', b'')
    let png = try XCTUnwrap(PNGImage(width: 2, height: 2, channels: 1, pixels: [0, 255, 128, 64]))
    XCTAssertEqual(
      hex(png.bytes),
      "89504e470d0a1a0a0000000d494844520000000200000002080000000057dd52f800000011494441547801"
        + "010600f9ff0000ff008040054201c079e909c40000000049454e44ae426082")
  }

  func testLongStreamsSplitIntoStoredBlocks() {
    // 70 000 bytes: one full block of 65 535 and a final one of 4 465.
    let data = [UInt8](repeating: 7, count: 70_000)
    let z = PNGImage.zlibStored(data)
    XCTAssertEqual(z.count, 2 + 5 + 65_535 + 5 + 4_465 + 4)
    XCTAssertEqual(Array(z[2..<7]), [0, 0xFF, 0xFF, 0, 0])
    XCTAssertEqual(Array(z[(7 + 65_535)..<(12 + 65_535)]), [1, 0x71, 0x11, 0x8E, 0xEE])
    // Python: hex(zlib.adler32(b'\x07' * 70000)) = '0xf3007a7a'.
    XCTAssertEqual(PNGImage.adler32(data), 0xF300_7A7A)
    XCTAssertEqual(PNGImage.crc32(Array("IEND".utf8)), 0xAE42_6082)
  }

  func testImpossibleImagesAreRefused() {
    XCTAssertNil(PNGImage(width: 0, height: 1, channels: 1, pixels: []))
    XCTAssertNil(PNGImage(width: 1, height: 1, channels: 2, pixels: [0, 0]))
    XCTAssertNil(PNGImage(width: 2, height: 1, channels: 3, pixels: [0, 0, 0]))
  }
}
