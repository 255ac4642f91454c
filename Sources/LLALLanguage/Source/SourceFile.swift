#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One source text: a file, a notebook, or one REPL input. Positions inside it are
/// UTF-8 byte offsets (`SourceRange`); `location(of:)` turns them into line and column.
public final class SourceFile {
  /// The name diagnostics print: a path, or `<repl:3>` for a REPL input.
  public let name: String
  /// The text.
  public let text: String
  /// The text as UTF-8 bytes, which the lexer scans.
  public let bytes: [UInt8]
  /// The byte offset at which each line starts; `lineStarts[0] == 0`.
  let lineStarts: [Int]

  /// A source text named `name` (a path or a label such as `<repl:3>`).
  public init(name: String, text: String) {
    self.name = name
    // A byte-order mark some editors write is not part of the program.
    self.text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    self.bytes = Array(self.text.utf8)
    // memchr keeps a multi-megabyte line cheap to index, even in a debug build.
    var starts = [0]
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var from = base
      let end = base + buffer.count
      while from < end, let hit = memchr(from, Int32(UInt8(ascii: "\n")), end - from) {
        let newline = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
        starts.append(newline - base + 1)
        from = newline + 1
      }
    }
    self.lineStarts = starts
  }

  /// The number of lines (a final line without a newline counts).
  public var lineCount: Int { lineStarts.count }

  /// The 1-based line and column of a byte offset. Columns count Unicode scalars, so a
  /// caret lines up under non-ASCII text.
  public func location(of offset: Int) -> SourceLocation {
    let offset = min(max(offset, 0), bytes.count)
    // The last line start that is <= offset.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    var column = 1
    bytes.withUnsafeBufferPointer { buffer in
      for i in lineStarts[low]..<offset where buffer[i] & 0xC0 != 0x80 { column += 1 }
    }
    // An offset inside a multi-byte scalar belongs to that scalar.
    if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { column -= 1 }
    return SourceLocation(line: low + 1, column: column)
  }

  /// The byte range of a 1-based line, without its newline.
  public func lineRange(_ line: Int) -> Range<Int> {
    guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<max(start, end)
  }

  /// The text of a 1-based line, without its newline.
  public func lineText(_ line: Int) -> String {
    String(decoding: bytes[lineRange(line)], as: UTF8.self)
  }

  /// The text of a byte range.
  public func text(in range: SourceRange) -> String {
    let start = min(max(range.start, 0), bytes.count)
    let end = min(max(range.end, start), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
