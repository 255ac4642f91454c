import LLALLanguage
import LLALRender

/// How text renderings are laid out: the terminal's width and whether to use colour.
public struct DisplayOptions: Equatable, Sendable {
  /// The width in terminal cells that charts and tables fit.
  public var width: Int
  /// Whether ANSI colour is allowed.
  public var color: Bool

  /// Options for a terminal `width` cells wide.
  public init(width: Int = 80, color: Bool = false) {
    self.width = width
    self.color = color
  }
}

/// One value, several renderings (after IPython's `_repr_html_` and Julia's
/// `show(io, mime, x)`): plain text always, and HTML, SVG or Markdown where the value has
/// them. The REPL shows `text`; the notebook page picks SVG, then HTML, then the text.
public struct Rendering: Equatable, Sendable {
  /// The plain text, as a terminal shows it.
  public var text: String
  /// An HTML fragment, for tables and summaries.
  public var html: String?
  /// An SVG image, for charts.
  public var svg: String?
  /// Markdown, for a table exported to a Markdown page.
  public var markdown: String?

  /// A rendering from its parts.
  public init(text: String, html: String? = nil, svg: String? = nil, markdown: String? = nil) {
    self.text = text
    self.html = html
    self.svg = svg
    self.markdown = markdown
  }

  /// The renderings of `value`: domain values give their own (see `Displayable` and
  /// `HostObject.rendering(_:)`), other values their plain display.
  public init(of value: Value, interpreter: Interpreter, options: DisplayOptions = .init()) {
    guard case .host(let object) = value else {
      self.init(text: interpreter.display(value, width: options.width))
      return
    }
    let displayable = object as? any Displayable
    self.init(
      text: displayable?.terminalText(width: options.width, color: options.color)
        ?? object.description,
      html: object.rendering(.html), svg: object.rendering(.svg),
      markdown: displayable?.markdown())
  }

  /// The fragment a page shows: the SVG, else the HTML, else the escaped text in a
  /// `<pre>`.
  public var pageHTML: String {
    if let svg { return "<div class=\"llal-figure\">\(svg)</div>" }
    if let html { return html }
    return "<pre class=\"llal-text\">\(HTML.escape(text))</pre>"
  }
}
