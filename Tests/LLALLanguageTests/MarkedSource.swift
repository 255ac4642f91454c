import LLALLanguage

/// Source text with a position marked inline by `1️⃣` (swift-format's `MarkedText`
/// style): the marker is removed and its offset kept, so a test shows where a
/// diagnostic must point.
struct MarkedSource {
  let text: String
  /// The UTF-8 offset where the marker stood.
  let offset: Int

  init(_ marked: String) {
    let marker = "1️⃣"
    guard let r = marked.range(of: marker) else {
      text = marked
      offset = -1
      return
    }
    offset = marked[..<r.lowerBound].utf8.count
    text = marked.replacingCharacters(in: r, with: "")
  }

  /// The line and column of the marker.
  var location: SourceLocation { SourceFile(name: "t", text: text).location(of: offset) }
}
