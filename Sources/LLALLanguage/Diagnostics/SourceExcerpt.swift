import LLALText

/// The source line a diagnostic shows and the marker under it, made safe and short for
/// a terminal:
///
/// ```
/// x = "…\u{1B}[2J" + bad
///                    ^~~
/// ```
///
/// Control characters (ESC, NUL, carriage return, …) and the invisible characters that
/// reorder text (bidirectional overrides) are shown escaped as `\u{1B}`, so a source line
/// can neither drive the terminal nor hide what it holds. A line wider than `longest`
/// columns is cut to `window` columns on each side of the position, with `…` where text
/// was left out.
/// The marker is padded with the display width of what it stands under — tabs copied,
/// wide characters two columns, escapes their length — so it stays under the position.
struct SourceExcerpt {
  /// The widest line shown whole, in columns.
  static let longest = 160
  /// The most columns shown on each side of the position in a wider line.
  static let window = 60

  /// The line as shown.
  let line: String
  /// The `^~~` line under it.
  let marker: String

  /// The excerpt of `location`'s line in `file`, marking `range` from `location` to the
  /// end of the range or of the line.
  init(file: SourceFile, location: SourceLocation, range: SourceRange) {
    let scalars = Array(file.lineText(location.line).unicodeScalars)
    let caret = location.column - 1
    let lineEnd = file.lineRange(location.line).upperBound
    let end = min(range.end, lineEnd)
    let markedEnd = end > range.start ? file.location(of: end).column - 1 : caret + 1

    var first = 0
    var last = scalars.count
    if !Self.fits(scalars) {
      // Walk out from the position until each side has used its columns.
      first = min(caret, scalars.count)
      var used = 0
      while first > 0, used + Self.width(scalars[first - 1]) <= Self.window {
        used += Self.width(scalars[first - 1])
        first -= 1
      }
      last = min(caret, scalars.count)
      used = 0
      while last < scalars.count, used + Self.width(scalars[last]) <= Self.window {
        used += Self.width(scalars[last])
        last += 1
      }
    }

    var shown = first > 0 ? "…" : ""
    var pad = first > 0 ? " " : ""
    for i in first..<last {
      let text = Self.shown(scalars[i])
      shown += text
      if i < caret {
        pad += text == "\t" ? "\t" : String(repeating: " ", count: Self.width(scalars[i]))
      }
    }
    if last < scalars.count { shown += "…" }
    // A position after the end of the line (a missing `)`) is marked after it.
    if caret > scalars.count { pad += String(repeating: " ", count: caret - scalars.count) }
    var underline = 0
    for i in caret..<max(caret, min(markedEnd, last)) { underline += Self.width(scalars[i]) }
    line = shown
    marker = pad + "^" + String(repeating: "~", count: max(0, underline - 1))
  }

  /// Whether the whole line takes at most `longest` columns (looking no further than
  /// needed to tell).
  static func fits(_ scalars: [Unicode.Scalar]) -> Bool {
    var used = 0
    for scalar in scalars {
      used += width(scalar)
      if used > longest { return false }
    }
    return true
  }

  /// How `scalar` is shown: itself, or escaped when it is a control or reordering
  /// character (a tab stays a tab).
  static func shown(_ scalar: Unicode.Scalar) -> String {
    needsEscape(scalar)
      ? "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" : String(scalar)
  }

  /// The columns `scalar` takes as shown (a tab counts as one; the marker copies it).
  static func width(_ scalar: Unicode.Scalar) -> Int {
    if scalar == "\t" { return 1 }
    if needsEscape(scalar) { return shown(scalar).count }
    return DisplayWidth.of(Character(scalar))
  }

  /// Whether `scalar` must not reach a terminal as is: C0 and C1 controls but the tab,
  /// DEL, and the bidirectional formatting characters.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v == 0x09 { return false }
    return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
      || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
  }

  /// `text` with the characters `needsEscape` names escaped, newlines kept: for the
  /// parts of a diagnostic that may quote the program (its message, notes, file name).
  static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" }) else {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      out += scalar == "\n" ? "\n" : shown(scalar)
    }
    return out
  }
}
