/// Where text sits in a wider cell.
public enum TextAlignment: String, Hashable, Sendable {
  /// Flush left (text).
  case left
  /// Flush right (numbers).
  case right
  /// Centred, with any odd space on the right.
  case center
}
