/// How many terminal cells text takes, for aligning columns and charts.
///
/// A small `wcwidth`: East Asian wide and fullwidth characters and emoji take two cells;
/// combining marks, zero-width format characters and controls take none; everything else
/// takes one. Widths are counted per grapheme cluster, so `e` with a combining acute accent
/// is one cell and a flag or a family emoji is two.
///
/// ```swift
/// DisplayWidth.of("精度")  // 4
/// DisplayWidth.pad("1.5", to: 6, alignment: .right)  // "   1.5"
/// ```
public enum DisplayWidth {
  /// The number of terminal cells `text` takes.
  public static func of(_ text: String) -> Int {
    text.reduce(0) { $0 + of($1) }
  }

  /// The number of terminal cells one grapheme cluster takes: 0, 1 or 2.
  public static func of(_ character: Character) -> Int {
    var width = 0
    for scalar in character.unicodeScalars {
      // An emoji variation selector turns a text-style symbol into a two-cell emoji.
      if scalar.value == 0xFE0F, width > 0 { return 2 }
      width = max(width, of(scalar))
    }
    return width
  }

  /// `text` padded with spaces to `width` cells (text already wider is returned unchanged).
  public static func pad(_ text: String, to width: Int, alignment: TextAlignment) -> String {
    let gap = width - of(text)
    guard gap > 0 else { return text }
    switch alignment {
    case .left: return text + String(repeating: " ", count: gap)
    case .right: return String(repeating: " ", count: gap) + text
    case .center:
      let left = gap / 2
      return String(repeating: " ", count: left) + text
        + String(repeating: " ", count: gap - left)
    }
  }

  /// `text` cut to at most `width` cells, ending in `…` when something was cut.
  public static func truncate(_ text: String, to width: Int) -> String {
    guard of(text) > width else { return text }
    guard width > 0 else { return "" }
    var result = ""
    var used = 0
    for character in text {
      let w = of(character)
      if used + w > width - 1 { break }
      result.append(character)
      used += w
    }
    return result + "…"
  }

  /// The width of a single scalar, before grapheme clustering.
  static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    if v < 0x300 { return 1 }  // Latin, fast path (the soft hyphen U+00AD counts as one)
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels and final consonants
    if scalar.properties.isEmojiPresentation { return 2 }
    return wideRanges.contains { $0.contains(v) } ? 2 : 1
  }

  /// East Asian Wide and Fullwidth blocks (after Markus Kuhn's `wcwidth`), plus the emoji
  /// blocks that terminals draw two cells wide.
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
    0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
    0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}
