import Foundation

/// Splits Markdown lines into blocks (the first of CommonMark's two passes).
enum MarkdownBlockParser {
  /// The blocks of `lines`; `depth` counts the lists and quotes around them.
  static func parse(_ lines: [String], depth: Int) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var i = 0
    while i < lines.count {
      let line = lines[i]
      if isBlank(line) {
        i += 1
        continue
      }
      let indent = indentation(line)
      let rest = String(line.dropFirst(indent))
      if indent >= 4 {
        let (block, next) = indentedCode(lines, from: i)
        blocks.append(block)
        i = next
      } else if let fence = Fence(rest, indent: indent) {
        let (block, next) = fencedCode(lines, from: i, fence: fence)
        blocks.append(block)
        i = next
      } else if let heading = atxHeading(rest) {
        blocks.append(heading)
        i += 1
      } else if isRule(rest) {
        blocks.append(.rule)
        i += 1
      } else if depth < Markdown.maxDepth, rest.hasPrefix(">") {
        let (block, next) = quote(lines, from: i, depth: depth)
        blocks.append(block)
        i = next
      } else if depth < Markdown.maxDepth, let marker = ListMarker(line) {
        let (block, next) = list(lines, from: i, marker: marker, depth: depth)
        blocks.append(block)
        i = next
      } else {
        let (block, next) = paragraph(lines, from: i, depth: depth)
        blocks.append(block)
        i = next
      }
    }
    return blocks
  }

  // MARK: - Leaf blocks

  private static func indentedCode(_ lines: [String], from start: Int) -> (MarkdownBlock, Int) {
    var body: [String] = []
    var i = start
    while i < lines.count, isBlank(lines[i]) || indentation(lines[i]) >= 4 {
      body.append(String(lines[i].dropFirst(min(4, indentation(lines[i])))))
      i += 1
    }
    while body.last.map(isBlank) == true { body.removeLast() }
    return (.code(info: "", lines: body), i)
  }

  /// An opening code fence: three or more backticks or tildes, then an info string.
  private struct Fence {
    let character: Character
    let length: Int
    let indent: Int
    let info: String

    init?(_ rest: String, indent: Int) {
      guard let first = rest.first, first == "`" || first == "~" else { return nil }
      let length = rest.prefix { $0 == first }.count
      let info = rest.dropFirst(length).trimmingCharacters(in: .whitespaces)
      // A backtick fence's info string cannot hold a backtick (it would be inline code).
      guard length >= 3, first == "~" || !info.contains("`") else { return nil }
      (character, self.length, self.indent, self.info) = (first, length, indent, info)
    }

    func closes(_ line: String) -> Bool {
      let indent = indentation(line)
      guard indent < 4 else { return false }
      let rest = line.dropFirst(indent)
      let run = rest.prefix { $0 == character }.count
      return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " }
    }
  }

  private static func fencedCode(
    _ lines: [String], from start: Int, fence: Fence
  ) -> (MarkdownBlock, Int) {
    var body: [String] = []
    var i = start + 1
    while i < lines.count, !fence.closes(lines[i]) {
      body.append(String(lines[i].dropFirst(min(fence.indent, indentation(lines[i])))))
      i += 1
    }
    // An unclosed fence runs to the end of the text.
    return (.code(info: fence.info, lines: body), min(i + 1, lines.count))
  }

  /// `#` to `######` then a space (or nothing); closing `#`s are dropped.
  private static func atxHeading(_ rest: String) -> MarkdownBlock? {
    let level = rest.prefix { $0 == "#" }.count
    guard (1...6).contains(level) else { return nil }
    let after = rest.dropFirst(level)
    guard after.isEmpty || after.first == " " else { return nil }
    var text = after.trimmingCharacters(in: .whitespaces)
    let closing = text.reversed().prefix { $0 == "#" }.count
    if closing == text.count {
      text = ""
    } else if closing > 0, text.dropLast(closing).last == " " {
      text = text.dropLast(closing).trimmingCharacters(in: .whitespaces)
    }
    return .heading(level: level, text: text)
  }

  /// Three or more of one of `-`, `*`, `_`, with optional spaces and nothing else.
  private static func isRule(_ rest: String) -> Bool {
    let marks = rest.filter { $0 != " " }
    guard let first = marks.first, "-*_".contains(first) else { return false }
    return marks.count >= 3 && marks.allSatisfy { $0 == first }
  }

  /// Lines up to a blank line or the start of another block; a `===` or `---` underline
  /// makes them a heading.
  private static func paragraph(
    _ lines: [String], from start: Int, depth: Int
  ) -> (MarkdownBlock, Int) {
    var text: [String] = [lines[start].trimmingCharacters(in: .whitespaces)]
    var i = start + 1
    while i < lines.count {
      let line = lines[i]
      if let level = setextLevel(line) {
        return (.heading(level: level, text: text.joined(separator: "\n")), i + 1)
      }
      if isBlank(line) || interrupts(line, depth: depth) { break }
      text.append(line.trimmingCharacters(in: .whitespaces))
      i += 1
    }
    return (.paragraph(text.joined(separator: "\n")), i)
  }

  /// 1 for a `=` underline, 2 for a `-` underline (two or more dashes), else nil.
  private static func setextLevel(_ line: String) -> Int? {
    guard indentation(line) < 4 else { return nil }
    let marks = line.trimmingCharacters(in: .whitespaces)
    if !marks.isEmpty, marks.allSatisfy({ $0 == "=" }) { return 1 }
    if marks.count >= 2, marks.allSatisfy({ $0 == "-" }) { return 2 }
    return nil
  }

  /// Whether `line` starts a block that ends a paragraph.
  private static func interrupts(_ line: String, depth: Int) -> Bool {
    let indent = indentation(line)
    guard indent < 4 else { return false }
    let rest = String(line.dropFirst(indent))
    if Fence(rest, indent: indent) != nil || atxHeading(rest) != nil || isRule(rest) { return true }
    guard depth < Markdown.maxDepth else { return false }
    return rest.hasPrefix(">") || ListMarker(line) != nil
  }

  // MARK: - Container blocks

  /// Consecutive `>` lines (and lazy continuation lines), parsed again without the markers.
  private static func quote(_ lines: [String], from start: Int, depth: Int) -> (MarkdownBlock, Int)
  {
    var inner: [String] = []
    var i = start
    while i < lines.count {
      let line = lines[i]
      let rest = line.dropFirst(indentation(line))
      if indentation(line) < 4, rest.hasPrefix(">") {
        var content = rest.dropFirst()
        if content.first == " " { content = content.dropFirst() }
        inner.append(String(content))
      } else if !isBlank(line), let last = inner.last, !isBlank(last),
        !interrupts(line, depth: depth)
      {
        inner.append(line)
      } else {
        break
      }
      i += 1
    }
    return (.quote(parse(inner, depth: depth + 1)), i)
  }

  /// A list item marker: `-`, `*` or `+`, or a number with `.` or `)`, then a space.
  private struct ListMarker {
    let ordered: Bool
    /// The bullet or the delimiter after the number; items of one list share it.
    let symbol: Character
    let number: Int
    /// Where the item's content starts; continuation lines are indented this far.
    let contentOffset: Int
    /// The text after the marker on the first line.
    let content: String

    init?(_ line: String) {
      let indent = indentation(line)
      guard indent < 4 else { return nil }
      let rest = line.dropFirst(indent)
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      let markerLength: Int
      if let first = rest.first, "-*+".contains(first) {
        (ordered, symbol, number, markerLength) = (false, first, 1, 1)
      } else if (1...9).contains(digits.count), let delimiter = rest.dropFirst(digits.count).first,
        delimiter == "." || delimiter == ")", let value = Int(digits)
      {
        (ordered, symbol, number, markerLength) = (true, delimiter, value, digits.count + 1)
      } else {
        return nil
      }
      let after = rest.dropFirst(markerLength)
      guard after.isEmpty || after.first == " " else { return nil }
      let spaces = after.prefix { $0 == " " }.count
      // Five or more spaces mean the content is indented code: the item content starts after one.
      let gap = after.allSatisfy({ $0 == " " }) || spaces > 4 ? 1 : spaces
      contentOffset = indent + markerLength + gap
      content = String(after.dropFirst(gap))
    }

    func continues(_ other: ListMarker) -> Bool {
      ordered == other.ordered && symbol == other.symbol
    }
  }

  /// Items of one kind of marker; each item's lines, less their indentation, are parsed again.
  private static func list(
    _ lines: [String], from start: Int, marker first: ListMarker, depth: Int
  ) -> (MarkdownBlock, Int) {
    // NOTE: a blank line between items, or inside an item before more of it, makes the list
    // loose (items as paragraphs); blank lines at its end do not.
    var items: [[String]] = []
    var current = [first.content]
    var offset = first.contentOffset
    var tight = true
    var afterBlank = false
    var i = start + 1
    while i < lines.count {
      let line = lines[i]
      if isBlank(line) {
        current.append("")
        afterBlank = true
      } else if indentation(line) >= offset {
        if afterBlank { tight = false }
        current.append(String(line.dropFirst(offset)))
        afterBlank = false
      } else if let marker = ListMarker(line), marker.continues(first) {
        if afterBlank { tight = false }
        items.append(current)
        current = [marker.content]
        offset = marker.contentOffset
        afterBlank = false
      } else if !afterBlank, !interrupts(line, depth: depth) {
        current.append(line.trimmingCharacters(in: .whitespaces))  // lazy continuation
      } else {
        break
      }
      i += 1
    }
    items.append(current)
    let blocks = items.map { item -> [MarkdownBlock] in
      var lines = item
      while lines.last.map(isBlank) == true { lines.removeLast() }
      return parse(lines, depth: depth + 1)
    }
    return (.list(ordered: first.ordered, start: first.number, items: blocks, tight: tight), i)
  }
}

/// The number of leading spaces.
private func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

/// Whether `line` holds only spaces.
private func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " } }
