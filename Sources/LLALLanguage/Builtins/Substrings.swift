/// Finding a substring by its UTF-8 bytes, in place. The string methods count what
/// they will build (parts, occurrences) before building it, so its size is checked
/// against the memory budget first; Foundation's `components(separatedBy:)` would build
/// every part (16 bytes each, even empty ones) before any check could run.
enum Substrings {
  /// How many times `needle` (not empty) occurs in `haystack`, not overlapping.
  static func count(of needle: String, in haystack: String) -> Int {
    var n = 0
    withBytes(haystack, needle) { h, s in occurrences(of: s, in: h) { _ in n += 1 } }
    return n
  }

  /// Hands `body` the parts of `haystack` between the occurrences of `needle` (not
  /// empty), in order: one more part than there are occurrences.
  static func forEachPart(
    of haystack: String, separatedBy needle: String, _ body: (String) -> Void
  ) {
    withBytes(haystack, needle) { h, s in
      var start = 0
      func part(_ end: Int) {
        body(String(decoding: UnsafeBufferPointer(rebasing: h[start..<end]), as: UTF8.self))
      }
      occurrences(of: s, in: h) { at in
        part(at)
        start = at + s.count
      }
      part(h.count)
    }
  }

  /// Calls `body` with the UTF-8 bytes of both strings.
  private static func withBytes(
    _ haystack: String, _ needle: String,
    _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var h = haystack
    var n = needle
    h.withUTF8 { hb in n.withUTF8 { nb in body(hb, nb) } }
  }

  /// The byte offsets where `needle` starts in `haystack`, left to right, not
  /// overlapping.
  private static func occurrences(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
    _ body: (Int) -> Void
  ) {
    let m = needle.count
    guard m > 0, haystack.count >= m else { return }
    var i = 0
    while i <= haystack.count - m {
      var j = 0
      while j < m, haystack[i + j] == needle[j] { j += 1 }
      if j == m {
        body(i)
        i += m
      } else {
        i += 1
      }
    }
  }
}
