import LLALActive
import LLALLanguage
import LLALRender

/// `q.images`: the picked points as small pictures, for image pools (`[N, C, H, W]`;
/// channels averaged to grey), captioned with each pick's pool index and, when known, its
/// class; on a detection pool each picture carries its ground-truth boxes.
extension QueryValue {
  /// The first `limit` picks as an image grid; an error for a pool that is not images.
  func images(limit: Int = 32) throws -> ImagesValue {
    try checkCurrent()
    guard let graph = asker.learner as? GraphLearner else {
      throw RuntimeError("this session's model cannot show its pool's points")
    }
    let pool = graph.pool
    guard pool.x.rank == 4 else {
      throw RuntimeError(
        "q.images needs a pool of images [N, C, H, W]; this pool's samples are "
          + shapeText(pool.sampleShape))
    }
    let labels = pool.hasClassIDs ? pool.y : nil
    let picks = Array(selection.indices.prefix(limit))
    let images = picks.map { index -> ImageGrid.Image in
      ImagePictures.image(
        pool.x, index, caption: "#\(index)" + (labels.map { " y=\($0[index])" } ?? ""),
        boxes: pool.boxes.map { ImagePictures.truth($0, index, names: pool.classNames) } ?? [])
    }
    let more = selection.indices.count - picks.count
    return ImagesValue(
      ImageGrid(
        title: "\(strategy.name)'s picks" + (more > 0 ? " (the first \(picks.count))" : ""),
        images: images))
  }
}
