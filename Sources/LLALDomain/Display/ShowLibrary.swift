import LLALData
import LLALLanguage
import LLALRender
import LLALTensor

/// `show(images, boxes:, predictions:)`: images as a grid of small pictures with their
/// ground-truth boxes and a detector's predictions drawn over them.
enum ShowLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "show",
        [
          .init(
            "images",
            ParamType(
              [.tensor, .host], description: "a dataset or a tensor of images [N, C, H, W]",
              shortName: "dataset|tensor", hostType: "dataset")),
          .init("boxes", ParamType.tensor.orNone, default: Value.none),
          .init("predictions", ParamType.tensor.orNone, default: Value.none),
          .init("classes", ParamType.list.orNone, default: Value.none),
          .init("min_score", .number, default: .float(0.5)),
          .init("limit", .int, default: .int(16)),
          .init("title", .string, default: .string("")),
        ], returns: "images",
        doc: """
          Images as small pictures, with boxes over them: shaded text at a terminal \
          (outlines of box-drawing characters, one line per box under each caption), SVG \
          on a notebook page. images is a dataset (a detection dataset brings its boxes \
          and class names; a class-id dataset its labels) or a tensor [N, C, H, W]. \
          boxes [N, M, 5] are ground truth (class, x1, y1, x2, y2 in pixels; class -1 \
          rows are padding), drawn solid; predictions [N, K, 6] (class, score, x1, y1, x2, \
          y2) are drawn dashed with their score when it is at least min_score. classes \
          names the classes; the first limit images are shown.
          """
      ) { args in .host(try show(args)) })
  }

  private static func show(_ args: Arguments) throws -> ImagesValue {
    var names: [String]?
    var truth: Tensor?
    var labels: [Int]?
    let x: Tensor
    if case .host(let h) = args["images"], let d = h as? DatasetValue {
      x = d.dataset.x
      names = d.dataset.classNames
      truth = d.dataset.boxes
      labels = d.dataset.hasClassIDs ? d.dataset.y : nil
    } else {
      x = try args.tensor("images")
    }
    guard x.rank == 4 else {
      throw args.error(
        "images", "must be images [N, C, H, W], found samples \(shapeText(x.shape))")
    }
    let n = x.shape[0]
    if !args.isNone("classes") { names = try DetectionDataLibrary.classNames(args, "classes") }
    if !args.isNone("boxes") {
      let b = try args.tensor("boxes")
      guard b.rank == 3, b.shape[0] == n, b.shape[2] == 5 else {
        throw args.error(
          "boxes",
          "must be [N, M, 5] (class, x1, y1, x2, y2 per row) with N = \(n) images, found "
            + shapeText(b.shape))
      }
      try DetectionBoxes.check(b, width: x.shape[3], height: x.shape[2]) { image, row, reason in
        args.error("boxes", "at image \(image), row \(row): \(reason)")
      }
      truth = b
    }
    var predictions: Tensor?
    if !args.isNone("predictions") {
      let p = try args.tensor("predictions")
      if let problem = ImagePictures.problem(predictions: p, images: n) {
        throw args.error("predictions", problem)
      }
      predictions = p
    }
    let minScore = try args.float("min_score")
    let limit = try args.int("limit")
    guard limit >= 1 else { throw args.error("limit", "must be at least 1, found \(limit)") }
    let shown = min(n, limit)
    let images = (0..<shown).map { i in
      var boxes =
        predictions.map {
          ImagePictures.predicted($0, i, names: names, minScore: minScore)
        } ?? []
      // Ground truth is drawn last, on top of the predictions.
      boxes += truth.map { ImagePictures.truth($0, i, names: names) } ?? []
      return ImagePictures.image(
        x, i, caption: "#\(i)" + (labels.map { " y=\($0[i])" } ?? ""), boxes: boxes)
    }
    var title = try args.string("title")
    if shown < n {
      title += (title.isEmpty ? "" : " ") + "(the first \(shown) of \(n) images)"
    }
    return ImagesValue(ImageGrid(title: title.isEmpty ? nil : title, images: images))
  }
}
