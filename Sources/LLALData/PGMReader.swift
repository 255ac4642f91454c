import Foundation

/// Netpbm grey images (`.pgm`): binary `P5` (one byte a pixel, or two big-endian bytes
/// when the maximum value exceeds 255) and plain `P2` (decimal numbers), with `#`
/// comments in the header. Pixels read as `value / maxval` in [0, 1].
enum PGMReader {
  /// A decoded image: its size and pixels row by row.
  struct Image {
    let width: Int
    let height: Int
    let pixels: [Float]
  }

  /// The image in `data`; errors are `.malformed` about `path` at the byte where the file
  /// went wrong.
  static func read(_ data: Data, path: String) throws -> Image {
    let bytes = [UInt8](data)
    var position = 0
    func fail(_ reason: String) -> DataError {
      DataError(.malformed, path: path, location: "byte offset \(position)", reason)
    }
    guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"),
      bytes[1] == UInt8(ascii: "5") || bytes[1] == UInt8(ascii: "2")
    else { throw fail("not a PGM image: it must start with P5 or P2") }
    let binary = bytes[1] == UInt8(ascii: "5")
    position = 2
    /// The next decimal number of the header (or of a P2 body), skipping white space
    /// and comments.
    func number(_ what: String) throws -> Int {
      while position < bytes.count {
        if bytes[position] == UInt8(ascii: "#") {
          while position < bytes.count, bytes[position] != 10 { position += 1 }
        } else if [9, 10, 13, 32].contains(bytes[position]) {
          position += 1
        } else {
          break
        }
      }
      var value = 0
      let start = position
      while position < bytes.count, (48...57).contains(bytes[position]), value < 1 << 40 {
        value = value * 10 + Int(bytes[position] - 48)
        position += 1
      }
      guard position > start else {
        throw fail(
          position < bytes.count ? "expected the \(what), a number" : "truncated: no \(what)")
      }
      return value
    }
    let width = try number("width")
    let height = try number("height")
    let maxval = try number("maximum value")
    guard width >= 1, height >= 1, width * height <= 1 << 26 else {
      throw fail("unsupported size \(width) × \(height) (1 to 2²⁶ pixels)")
    }
    guard (1...65535).contains(maxval) else {
      throw fail("the maximum value must be 1 to 65535, found \(maxval)")
    }
    var pixels = [Float](repeating: 0, count: width * height)
    if binary {
      // One white-space byte ends the header.
      position += 1
      let size = maxval > 255 ? 2 : 1
      let needed = width * height * size
      let available = max(0, bytes.count - position)
      guard available >= needed else {
        throw fail(
          "truncated: \(width) × \(height) pixels need \(needed) bytes, found \(available)")
      }
      guard available == needed else {
        throw fail("\(available - needed) unexpected bytes after the pixels")
      }
      for i in pixels.indices {
        let p = position + i * size
        let v = size == 2 ? Int(bytes[p]) << 8 | Int(bytes[p + 1]) : Int(bytes[p])
        guard v <= maxval else {
          position = p
          throw fail("pixel \(i) is \(v), above the maximum \(maxval)")
        }
        pixels[i] = Float(v) / Float(maxval)
      }
    } else {
      for i in pixels.indices {
        let v = try number("pixel \(i)")
        guard v <= maxval else { throw fail("pixel \(i) is \(v), above the maximum \(maxval)") }
        pixels[i] = Float(v) / Float(maxval)
      }
    }
    return Image(width: width, height: height, pixels: pixels)
  }
}
