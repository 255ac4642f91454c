/// A minimal PNG encoder: 8-bit greyscale or RGB, each row with filter 0 (none), the
/// pixel stream in a zlib wrapper of stored (uncompressed) deflate blocks. Enough for the
/// small pictures an annotator looks at (`q.save`), with no compression library.
public struct PNGImage: Sendable {
  /// Pixels per row.
  public let width: Int
  /// Rows.
  public let height: Int
  /// 1 (grey) or 3 (red, green, blue).
  public let channels: Int
  /// `width × height × channels` bytes, row by row, a pixel's channels together.
  public let pixels: [UInt8]

  /// An image; nil when the sizes are not positive, `channels` is not 1 or 3, or
  /// `pixels` is not `width × height × channels` bytes long.
  public init?(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    guard width > 0, height > 0, channels == 1 || channels == 3,
      width <= Int(Int32.max) / channels, height <= Int(Int32.max),
      pixels.count == width * height * channels
    else { return nil }
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  /// The PNG file's bytes.
  public var bytes: [UInt8] {
    var raw: [UInt8] = []
    let row = width * channels
    raw.reserveCapacity((row + 1) * height)
    for y in 0..<height {
      raw.append(0)  // filter: none
      raw += pixels[(y * row)..<((y + 1) * row)]
    }
    var header: [UInt8] = []
    Self.append32(UInt32(width), to: &header)
    Self.append32(UInt32(height), to: &header)
    header += [8, channels == 1 ? 0 : 2, 0, 0, 0]  // depth, colour type, methods, no interlace
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    Self.appendChunk("IHDR", header, to: &out)
    Self.appendChunk("IDAT", Self.zlibStored(raw), to: &out)
    Self.appendChunk("IEND", [], to: &out)
    return out
  }

  /// `data` in a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, at most
  /// 65 535 bytes each), ending with the Adler-32 of `data`.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
      let end = min(data.count, start + 65_535)
      let length = UInt16(end - start)
      out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE 00
      out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
      out += data[start..<end]
      start = end
    } while start < data.count
    append32(adler32(data), to: &out)
    return out
  }

  /// Adler-32 (RFC 1950).
  static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return b << 16 | a
  }

  /// CRC-32 as PNG computes it (polynomial 0xEDB88320, bit-reflected).
  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
    append32(UInt32(data.count), to: &out)
    let typed = Array(type.utf8) + data
    out += typed
    append32(crc32(typed), to: &out)
  }

  private static func append32(_ v: UInt32, to out: inout [UInt8]) {
    out += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
  }
}
