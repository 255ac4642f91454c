import LLALData
import LLALLanguage
import LLALTensor

/// Detection datasets in the language: the `shapes` generator, the npy and COCO loaders,
/// and `detection_dataset(x, boxes)` from tensors. Their targets are boxes `[N, M, 5]`
/// (class, x1, y1, x2, y2 in pixels, padding rows (−1, 0, 0, 0, 0) last).
enum DetectionDataLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "shapes",
        [
          .init("count", .int, default: .int(2000)),
          .init("noise", .number, default: .float(0.15)),
          .init("seed", .int, default: .int(0)),
        ], returns: "dataset",
        doc: """
          A synthetic detection task: grey images [1, 32, 32] (values k/255) of 1–3 \
          squares, disks and plus signs (sides 6–12 px, IoU between objects <= 0.3) among \
          specks and Gaussian noise, with boxes [3, 5] (class, x1, y1, x2, y2 in pixels; \
          padding rows (-1, 0, 0, 0, 0)). Classes: square, disk, plus.
          """
      ) { args in
        try DatasetBudget.check(args, sample: [1, 32, 32], target: 15)
        return .host(
          DatasetValue(
            try Datasets.shapes(
              count: try args.int("count"), noise: try args.float("noise"),
              seed: try DataLibrary.seedValue(args))))
      })
    registry.register(
      Builtin(
        "detection_npy", [.init("dir", .string)], returns: "list",
        doc: """
          [train, test] detection datasets from a folder holding train_x.npy, \
          train_y.npy, test_x.npy and test_y.npy (the layout of shared/data/detect): \
          images [N, C, H, W] (uint8 read as x/255, float as stored) and boxes [N, M, 5].
          """
      ) { args in
        let (train, test) = try Datasets.detection(directory: try args.string("dir"))
        return .list([.host(DatasetValue(train)), .host(DatasetValue(test))])
      })
    registry.register(
      Builtin(
        "detection_coco",
        [.init("path", .string), .init("images", ParamType.string.orNone, default: Value.none)],
        returns: "dataset",
        doc: """
          A detection dataset from a COCO-style JSON file (images, annotations with bbox \
          [x, y, w, h] in pixels, categories). The pixels come from images:, an .npy array \
          [N, C, H, W] in the order of the file's images (uint8 read as x/255), or else \
          from each image's file_name, a PGM file beside the JSON. Classes are the \
          categories by increasing id; iscrowd annotations are left out.
          """
      ) { args in
        let images = args.isNone("images") ? nil : try args.string("images")
        return .host(
          DatasetValue(try Datasets.coco(annotations: try args.string("path"), images: images)))
      })
    registry.register(
      Builtin(
        "detection_dataset",
        [
          .init("x", .tensor), .init("boxes", .tensor),
          .init("classes", ParamType.list.orNone, default: Value.none),
        ], returns: "dataset",
        doc: """
          A detection dataset from images x [N, C, H, W] and boxes [N, M, 5]: per image M \
          rows (class, x1, y1, x2, y2) in pixels with 0 <= x1 < x2 <= W and \
          0 <= y1 < y2 <= H, real rows first, then padding rows (-1, 0, 0, 0, 0). classes: \
          the class names (by default the classes are 0 to the largest class).
          """
      ) { args in
        let x = try args.tensor("x")
        let boxes = try args.tensor("boxes")
        let names = try args.isNone("classes") ? nil : try classNames(args, "classes")
        return .host(
          DatasetValue(
            try args.building(
              blaming: [
                "Dataset.x": "x", "Dataset.boxes": "boxes", "Dataset.classNames": "classes",
                "Dataset.classCount": "classes",
              ]
            ) { try Dataset(x: x, boxes: boxes, classNames: names) }))
      })
  }

  /// A list of strings in argument `name`.
  static func classNames(_ args: Arguments, _ name: String) throws -> [String] {
    try args.list(name).enumerated().map { i, value in
      guard case .string(let s) = value else {
        throw args.error(name, "must hold class names (strings); item \(i) is \(value.typeName)")
      }
      return s
    }
  }
}
