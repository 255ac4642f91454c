import Foundation
import LLALTensor

/// The bundled UCI optical-recognition handwritten digits (Alpaydin & Kaynak 1998, CC BY
/// 4.0), exactly as scikit-learn's `load_digits()` ships them.
extension Datasets {
  /// The 1,797 handwritten digits: images `[1797, 1, 8, 8]` and labels 0–9.
  ///
  /// Pixels are the original counts of set pixels in 4×4 blocks of a 32×32 bitmap:
  /// integers 0–16 stored as Float, not rescaled or normalised. The order is
  /// scikit-learn's. The file `Resources/digits.bin` is checked for its size and CRC-32
  /// before use.
  public static func digits() throws -> Dataset {
    let path = try digitsResourcePath()
    return try decodeDigits(try FileReader.read(path), path: path)
  }

  /// The file layout's magic bytes (`LLALDIG1`).
  static let digitsMagic = Array("LLALDIG1".utf8)

  /// Where `digits.bin` is: in the SwiftPM resource bundle next to the executable (what
  /// `Bundle.module` prefers), else in the source tree this module was built from.
  ///
  /// NOTE: `Bundle.module` calls `fatalError` when it finds no bundle, so it is only
  /// consulted after checking that the bundle it would load exists.
  static func digitsResourcePath() throws -> String {
    #if os(Linux) || os(Windows)
      let bundleName = "llal_LLALData.resources"
    #else
      let bundleName = "llal_LLALData.bundle"
    #endif
    let bundled = Bundle.main.bundleURL.appendingPathComponent(bundleName)
    var candidates: [String] = []
    if FileManager.default.fileExists(atPath: bundled.path),
      let url = Bundle.module.url(
        forResource: "digits", withExtension: "bin", subdirectory: "Resources")
    {
      candidates.append(url.path)
    }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Resources/digits.bin")
    candidates.append(source.path)
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) })
    else {
      throw DataError(
        .io, path: "digits.bin",
        "the bundled digits were not found (looked in \(bundled.path) and \(source.path))")
    }
    return found
  }

  /// Decodes the bundled digits file (layout in scripts/make-digits-resource.py).
  static func decodeDigits(_ data: Data, path: String) throws -> Dataset {
    let bytes = [UInt8](data)
    func fail(_ offset: Int, _ reason: String) -> DataError {
      DataError(.malformed, path: path, location: "byte offset \(offset)", reason)
    }
    guard bytes.count >= 20, Array(bytes[0..<8]) == digitsMagic else {
      throw fail(0, "not an llal digits file (magic LLALDIG1 missing or file too short)")
    }
    let n = (0..<4).reversed().reduce(0) { $0 << 8 | Int(bytes[8 + $1]) }
    let (h, w, classes, maxValue) = (Int(bytes[12]), Int(bytes[13]), Int(bytes[14]), bytes[15])
    let pixels = n * h * w
    let expected = 16 + pixels + n + 4
    guard bytes.count == expected else {
      throw fail(
        min(bytes.count, expected),
        "size \(bytes.count) bytes, expected \(expected) for \(n) images of \(h)×\(w)")
    }
    let stored = (0..<4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[expected - 4 + $1]) }
    let actual = CRC32.checksum(bytes[0..<(expected - 4)])
    guard stored == actual else {
      throw fail(
        expected - 4,
        "checksum mismatch: stored \(Datasets.hex32(stored)), computed \(Datasets.hex32(actual)); "
          + "the file is corrupt")
    }
    let x = try allocate([n, 1, h, w], path: path)
    for i in 0..<pixels {
      guard bytes[16 + i] <= maxValue else {
        throw fail(16 + i, "pixel value \(bytes[16 + i]) exceeds \(maxValue)")
      }
      x.storage.base[i] = Float(bytes[16 + i])
    }
    let labels = bytes[(16 + pixels)..<(16 + pixels + n)].map(Int.init)
    if let i = labels.firstIndex(where: { $0 >= classes }) {
      throw fail(16 + pixels + i, "label \(labels[i]) of image \(i) is outside 0..<\(classes)")
    }
    return Dataset(
      checkedX: x, y: labels, classCount: classes,
      classNames: (0..<classes).map(String.init))
  }
}

/// CRC-32 (IEEE 802.3, as zlib's `crc32`), for checking the bundled data.
enum CRC32 {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// The checksum of `bytes`.
  static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }
}
