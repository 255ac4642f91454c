/// One-line charts with the block characters `▁▂▃▄▅▆▇█`.
public enum Sparkline {
  private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// `values` as a sparkline, lowest value `▁`, highest `█`.
  ///
  /// Non-finite values show as spaces; a constant series is a flat `▄` line. With `width`,
  /// longer input is shrunk to `width` characters, each the mean of its share of the values.
  ///
  /// ```swift
  /// Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8])  // "▁▂▃▄▅▆▇█"
  /// ```
  public static func render(_ values: [Double], width: Int? = nil) -> String {
    let shown = width.map { resampled(values, to: max($0, 1)) } ?? values
    let finite = shown.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else {
      return String(repeating: " ", count: shown.count)
    }
    // Halved, so that a span such as 1e308 - -1e308 does not overflow.
    let halfSpan = high / 2 - low / 2
    return String(
      shown.map { v -> Character in
        guard v.isFinite else { return " " }
        guard halfSpan > 0 else { return blocks[3] }
        return blocks[PlotGrid.index((v / 2 - low / 2) / halfSpan * 7, count: blocks.count)]
      })
  }

  /// `values` in `count` buckets, each the mean of its finite values (NaN when it has none);
  /// input no longer than `count` is returned as it is.
  private static func resampled(_ values: [Double], to count: Int) -> [Double] {
    guard values.count > count else { return values }
    return (0..<count).map { b in
      let bucket = values[(b * values.count / count)..<((b + 1) * values.count / count)]
      let finite = bucket.filter(\.isFinite)
      return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    }
  }
}
