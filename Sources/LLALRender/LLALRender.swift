/// Renderings that do not depend on the language: terminal charts, SVG charts, tables,
/// Markdown to HTML, HTML escaping.
public enum LLALRender {}
