/// ANSI colours for terminal charts, one per series.
enum TerminalColor {
  /// Foreground colour codes: cyan, magenta, yellow, green, blue, red.
  private static let palette = [36, 35, 33, 32, 34, 31]

  /// The escape sequence that starts the colour of series `index`.
  static func start(series index: Int) -> String {
    "\u{1B}[\(palette[index % palette.count])m"
  }

  /// The escape sequence that resets all attributes.
  static let reset = "\u{1B}[0m"

  /// `text` in the colour of series `index` when `enabled`, unchanged otherwise.
  static func paint(_ text: String, series index: Int, enabled: Bool) -> String {
    enabled ? start(series: index) + text + reset : text
  }
}
