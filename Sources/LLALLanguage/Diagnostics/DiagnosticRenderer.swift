#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Renders diagnostics the way compilers do:
///
/// ```
/// demo.llal:3:9: error: unknown name 'foo'
/// y = 1 + foo(2)
///         ^~~
///   in 'loss', called at demo.llal:9:1
/// ```
///
/// The caret line copies tabs from the source so it lines up; a range longer than one
/// character is underlined with `~` up to the end of its first line.
public struct DiagnosticRenderer: Sendable {
  /// Whether to use ANSI colour.
  public var color: Bool

  /// A renderer; see `colorByDefault(forFileDescriptor:)` for the usual choice.
  public init(color: Bool) { self.color = color }

  /// True when `fd` is a terminal and `NO_COLOR` is not set.
  public static func colorByDefault(forFileDescriptor fd: Int32) -> Bool {
    if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
    return isatty(fd) != 0
  }

  /// The diagnostic as text, ending with a newline.
  public func render(_ d: Diagnostic) -> String {
    let bold = color ? "\u{1B}[1m" : ""
    let red = color ? "\u{1B}[1;31m" : ""
    let green = color ? "\u{1B}[1;32m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    var out = ""
    let label = d.phase == .interrupted ? "interrupted" : "error"
    if let file = d.file {
      let loc = file.location(of: d.range.start)
      out += "\(bold)\(file.name):\(loc.line):\(loc.column): \(reset)"
      out += "\(red)\(label):\(reset) \(bold)\(d.message)\(reset)\n"
      let line = file.lineText(loc.line)
      out += line + "\n"
      out += green + marker(line: line, file: file, loc: loc, range: d.range) + reset + "\n"
    } else {
      out += "\(red)\(label):\(reset) \(bold)\(d.message)\(reset)\n"
    }
    for note in d.notes { out += "  \(note)\n" }
    return out
  }

  /// The caret-and-tildes line under `line` for `range` starting at `loc`.
  private func marker(line: String, file: SourceFile, loc: SourceLocation, range: SourceRange)
    -> String
  {
    var pad = ""
    for (i, scalar) in line.unicodeScalars.enumerated() where i < loc.column - 1 {
      pad.append(scalar == "\t" ? "\t" : " ")
    }
    // Pad past the end of the line when the position is after it (end of line).
    let scalarCount = line.unicodeScalars.count
    if loc.column - 1 > scalarCount {
      pad += String(repeating: " ", count: loc.column - 1 - scalarCount)
    }
    let lineEnd = file.lineRange(loc.line).upperBound
    let end = min(range.end, lineEnd)
    var width = 0
    if end > range.start {
      width = file.location(of: end).column - loc.column
    }
    return pad + "^" + String(repeating: "~", count: max(0, width - 1))
  }
}
