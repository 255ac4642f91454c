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
/// character is underlined with `~` up to the end of its first line. A long line is
/// shown as a window around the caret, control characters escaped (`SourceExcerpt`).
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

  /// The diagnostic as text, ending with a newline. Control characters in the file name,
  /// message, source line and notes are shown escaped (`SourceExcerpt`).
  public func render(_ d: Diagnostic) -> String {
    let bold = color ? "\u{1B}[1m" : ""
    let red = color ? "\u{1B}[1;31m" : ""
    let green = color ? "\u{1B}[1;32m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    var out = ""
    let label = d.phase == .interrupted ? "interrupted" : "error"
    let message = SourceExcerpt.escaped(d.message)
    if let file = d.file {
      let loc = file.location(of: d.range.start)
      out += "\(bold)\(SourceExcerpt.escaped(file.name)):\(loc.line):\(loc.column): \(reset)"
      out += "\(red)\(label):\(reset) \(bold)\(message)\(reset)\n"
      let excerpt = SourceExcerpt(file: file, location: loc, range: d.range)
      out += excerpt.line + "\n"
      out += green + excerpt.marker + reset + "\n"
    } else {
      out += "\(red)\(label):\(reset) \(bold)\(message)\(reset)\n"
    }
    for note in d.notes { out += "  \(SourceExcerpt.escaped(note))\n" }
    return out
  }
}
