import Foundation

/// Inline Markdown (code spans, emphasis, links, backslash escapes) to HTML; everything else
/// is escaped text.
enum MarkdownInline {
  /// The HTML for one block's inline text.
  static func html(_ text: String) -> String {
    render(Array(text)[...], depth: 0, links: true)
  }

  /// ASCII punctuation, which a backslash turns into literal text.
  private static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

  /// URL schemes a link may use; URLs without a scheme (relative, `#anchor`) are allowed too.
  private static let safeSchemes: Set<String> = ["http", "https", "mailto"]

  /// `text` to HTML; `links` is false inside link text (links do not nest).
  private static func render(_ s: ArraySlice<Character>, depth: Int, links: Bool) -> String {
    var out = ""
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      switch c {
      case "\\" where i + 1 < s.endIndex && punctuation.contains(s[i + 1]):
        out += HTML.escape(String(s[i + 1]))
        i += 2
      case "`":
        let run = runLength(s, at: i)
        if let close = codeSpanEnd(s, from: i + run, run: run) {
          out += "<code>" + HTML.escape(codeText(s[(i + run)..<close])) + "</code>"
          i = close + run
        } else {
          out += String(repeating: "`", count: run)
          i += run
        }
      case "*", "_":
        if depth < Markdown.maxDepth,
          let (html, next) = emphasis(s, at: i, depth: depth, links: links)
        {
          out += html
          i = next
        } else {
          let run = runLength(s, at: i)
          out += String(repeating: c, count: run)
          i += run
        }
      case "[" where links && depth < Markdown.maxDepth:
        if let (html, next) = link(s, at: i, depth: depth) {
          out += html
          i = next
        } else {
          out += "["
          i += 1
        }
      default:
        out += HTML.escape(String(c))
        i += 1
      }
    }
    return out
  }

  /// How many copies of `s[i]` start at `i`.
  private static func runLength(_ s: ArraySlice<Character>, at i: Int) -> Int {
    s[i...].prefix { $0 == s[i] }.count
  }

  // MARK: - Code spans

  /// Where the closing run of exactly `run` backticks starts, if any.
  private static func codeSpanEnd(_ s: ArraySlice<Character>, from start: Int, run: Int) -> Int? {
    var j = start
    while j < s.endIndex {
      guard s[j] == "`" else {
        j += 1
        continue
      }
      let length = runLength(s, at: j)
      if length == run { return j }
      j += length
    }
    return nil
  }

  /// A code span's text: newlines as spaces, one space stripped from each end when both
  /// ends have one (so `` ` `` `` can show a backtick).
  private static func codeText(_ s: ArraySlice<Character>) -> String {
    var text = String(s.map { $0 == "\n" ? " " : $0 })
    if text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) {
      text = String(text.dropFirst().dropLast())
    }
    return text
  }

  // MARK: - Emphasis

  /// `*em*`, `**strong**`, `***both***` (and the same with `_`) starting at `i`, with the
  /// index after the closing delimiter.
  private static func emphasis(
    _ s: ArraySlice<Character>, at i: Int, depth: Int, links: Bool
  ) -> (String, Int)? {
    let c = s[i]
    let run = runLength(s, at: i)
    // An opener is followed by non-space; an `_` opener does not sit inside a word.
    guard i + run < s.endIndex, !s[i + run].isWhitespace else { return nil }
    if c == "_", i > s.startIndex, s[i - 1].isLetter || s[i - 1].isNumber { return nil }
    for length in stride(from: min(run, 3), through: 1, by: -1) {
      guard let close = closer(s, from: i + length, delimiter: c, length: length) else { continue }
      let inner = render(s[(i + length)..<close], depth: depth + 1, links: links)
      let (open, end) =
        length == 3
        ? ("<em><strong>", "</strong></em>")
        : length == 2 ? ("<strong>", "</strong>") : ("<em>", "</em>")
      return (open + inner + end, close + length)
    }
    return nil
  }

  /// The start of a closing run of exactly `length` delimiters after some text, skipping
  /// escapes and code spans.
  private static func closer(
    _ s: ArraySlice<Character>, from start: Int, delimiter: Character, length: Int
  ) -> Int? {
    var j = start
    while j < s.endIndex {
      let c = s[j]
      if c == "\\" {
        j += 2
      } else if c == "`" {
        let run = runLength(s, at: j)
        j = codeSpanEnd(s, from: j + run, run: run).map { $0 + run } ?? j + run
      } else if c == delimiter {
        let run = runLength(s, at: j)
        let after = j + run < s.endIndex ? s[j + run] : nil
        // A closer follows non-space; an `_` closer does not sit inside a word.
        let valid =
          j > start && !s[j - 1].isWhitespace
          && (delimiter == "*" || after.map { !($0.isLetter || $0.isNumber) } ?? true)
        if valid, run == length { return j }
        j += run
      } else {
        j += 1
      }
    }
    return nil
  }

  // MARK: - Links

  /// `[text](url "title")` starting at `i`, with the index after it. A URL with an unsafe
  /// scheme gives the text alone.
  private static func link(_ s: ArraySlice<Character>, at i: Int, depth: Int) -> (String, Int)? {
    guard let close = matching(s, from: i, open: "[", close: "]"), close + 1 < s.endIndex,
      s[close + 1] == "(", let end = matching(s, from: close + 1, open: "(", close: ")")
    else { return nil }
    let text = render(s[(i + 1)..<close], depth: depth + 1, links: false)
    guard let (url, title) = destination(String(s[(close + 2)..<end])) else { return nil }
    guard isSafe(url) else { return (text, end + 1) }
    let titleAttribute = title.map { " title=\"\(HTML.escape($0))\"" } ?? ""
    return ("<a href=\"\(HTML.escape(url))\"\(titleAttribute)>\(text)</a>", end + 1)
  }

  /// The index of the bracket that closes the one at `i`, counting nesting and skipping
  /// escapes and code spans.
  private static func matching(
    _ s: ArraySlice<Character>, from i: Int, open: Character, close: Character
  ) -> Int? {
    var level = 0
    var j = i
    while j < s.endIndex {
      let c = s[j]
      if c == "\\" {
        j += 2
        continue
      }
      if c == "`", open == "[" {
        let run = runLength(s, at: j)
        j = codeSpanEnd(s, from: j + run, run: run).map { $0 + run } ?? j + run
        continue
      }
      if c == open { level += 1 }
      if c == close {
        level -= 1
        if level == 0 { return j }
      }
      j += 1
    }
    return nil
  }

  /// The URL and optional quoted title inside a link's parentheses, escapes removed; nil when
  /// more follows the URL than a quoted title.
  private static func destination(_ inside: String) -> (url: String, title: String?)? {
    let trimmed = inside.trimmingCharacters(in: .whitespacesAndNewlines)
    var url = String(trimmed.prefix { !$0.isWhitespace })
    var rest = trimmed.dropFirst(url.count).trimmingCharacters(in: .whitespacesAndNewlines)
    if url.hasPrefix("<"), url.hasSuffix(">"), url.count >= 2 {
      url = String(url.dropFirst().dropLast())
    }
    var title: String? = nil
    if rest.count >= 2, let q = rest.first, q == "\"" || q == "'", rest.last == q {
      rest = String(rest.dropFirst().dropLast())
      title = unescape(rest)
    } else if !rest.isEmpty {
      return nil
    }
    return (unescape(url), title)
  }

  /// `text` with backslash escapes of punctuation removed.
  private static func unescape(_ text: String) -> String {
    var out = ""
    var escaping = false
    for c in text {
      if !escaping, c == "\\" {
        escaping = true
        continue
      }
      if escaping, !punctuation.contains(c) { out.append("\\") }
      out.append(c)
      escaping = false
    }
    if escaping { out.append("\\") }
    return out
  }

  /// Whether a link may point at `url`: no scheme (relative), or http, https or mailto.
  static func isSafe(_ url: String) -> Bool {
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    let visible = url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
    let compact = String(String.UnicodeScalarView(visible)).lowercased()
    guard let colon = compact.firstIndex(of: ":") else { return true }
    let scheme = compact[..<colon]
    // A colon after a path, query or fragment starts no scheme.
    if scheme.contains(where: { "/?#".contains($0) }) { return true }
    return safeSchemes.contains(String(scheme))
  }
}
