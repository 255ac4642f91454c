/// A span of source text as UTF-8 byte offsets `start..<end` into a `SourceFile`.
public struct SourceRange: Equatable, Hashable, Sendable {
  /// The first byte.
  public var start: Int
  /// One past the last byte.
  public var end: Int

  /// The span `start..<end`.
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// An empty range at `offset` (a point, e.g. "end of input").
  public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

  /// The smallest range covering both.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
  }
}

/// A 1-based line and column, as diagnostics print them (`3:7`).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The line, from 1.
  public var line: Int
  /// The column in Unicode scalars, from 1.
  public var column: Int

  /// A location at `line`, `column`.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }
}
