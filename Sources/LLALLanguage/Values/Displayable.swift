/// A host value with renderings beyond `HostObject`'s: text sized for the terminal it is
/// shown on, and Markdown for exported pages.
///
/// `HostObject` already gives plain text (`description`, what `print` and `llal run`
/// show) and optional HTML and SVG (`rendering(_:)`, for notebook pages); a chart or a
/// wide table also needs the terminal's width, and a table reads best in Markdown as a
/// pipe table. The REPL passes its terminal's width, notebook pages and tests a fixed one.
public protocol Displayable: HostObject {
  /// The value as text for a terminal `width` cells wide, with ANSI colour when `color`.
  func terminalText(width: Int, color: Bool) -> String
  /// The value as Markdown (a pipe table, say), or nil to show the text in a fenced block.
  func markdown() -> String?
}

extension Displayable {
  /// The plain description by default, whatever the width.
  public func terminalText(width: Int, color: Bool) -> String { description }
  /// No Markdown of its own by default.
  public func markdown() -> String? { nil }
}

/// A value with a graph to show besides its own display: a model's nodes and how they
/// connect. The REPL's `:graph` shows it at the terminal's width; in the language it is
/// the `graph` member.
public protocol GraphDisplayable: HostObject {
  /// The graph as a value of its own (a table of nodes, their inputs and their readers).
  func graphDisplay() -> any Displayable
}
