import LLALActive
import LLALLanguage
import LLALRender

/// `q.images`: the picked points as small pictures, for image data (`[N, C, H, W]`
/// pools; channels averaged to grey), captioned with each pick's pool index and, when
/// known, its class. Shaded text at a terminal, SVG on a notebook page.
final class QueryImagesValue: Displayable {
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
    return fitted.text()
  }

  func rendering(_ format: DisplayFormat) -> String? { format == .svg ? grid.svg() : nil }

  var memberNames: [String] { ["count"] }

  func member(_ name: String) throws -> Value? {
    name == "count" ? .int(grid.images.count) : nil
  }
}

extension QueryValue {
  /// The first `limit` picks as an image grid; an error for a pool that is not images.
  func images(limit: Int = 32) throws -> QueryImagesValue {
    try checkCurrent()
    guard let graph = asker.learner as? GraphLearner else {
      throw RuntimeError("this session's model cannot show its pool's points")
    }
    let x = graph.pool.x
    guard x.rank == 4 else {
      throw RuntimeError(
        "q.images needs a pool of images [N, C, H, W]; this pool's samples are "
          + shapeText(Array(x.shape.dropFirst())))
    }
    let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
    let labels = graph.pool.hasClassIDs ? graph.pool.y : nil
    let values = x.scalars
    let picks = Array(selection.indices.prefix(limit))
    let images = picks.map { index -> ImageGrid.Image in
      var grey = [Double](repeating: 0, count: h * w)
      for ch in 0..<c {
        let base = (index * c + ch) * h * w
        for p in 0..<(h * w) { grey[p] += Double(values[base + p]) / Double(c) }
      }
      let caption = "#\(index)" + (labels.map { " y=\($0[index])" } ?? "")
      return ImageGrid.Image(width: w, height: h, pixels: grey, caption: caption)
    }
    let more = selection.indices.count - picks.count
    return QueryImagesValue(
      ImageGrid(
        title: "\(strategy.name)'s picks" + (more > 0 ? " (the first \(picks.count))" : ""),
        images: images))
  }
}
