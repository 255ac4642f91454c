import LLALLanguage
import LLALRender

/// Images as a grid of small pictures, with any boxes on them: what `show(...)` and
/// `q.images` return. Shaded text at a terminal (boxes in colour when it has colour), SVG
/// on a notebook page.
final class ImagesValue: Displayable {
  /// The grid.
  let grid: ImageGrid

  init(_ grid: ImageGrid) { self.grid = grid }

  var typeName: String { "images" }

  /// As many images to a row as fit 80 columns.
  var description: String { terminalText(width: 80, color: false) }

  /// As many images to a row as fit `width` cells (each pixel takes two, two between
  /// images).
  func terminalText(width: Int, color: Bool) -> String {
    var fitted = grid
    let cell = 2 * (grid.images.map(\.width).max() ?? 1) + 2
    fitted.columns = max(1, min(grid.columns, (width + 2) / cell))
    return fitted.text(color: color)
  }

  func rendering(_ format: DisplayFormat) -> String? { format == .svg ? grid.svg() : nil }

  var memberNames: [String] { ["count"] }

  func member(_ name: String) throws -> Value? {
    name == "count" ? .int(grid.images.count) : nil
  }
}
