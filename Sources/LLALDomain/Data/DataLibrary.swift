import LLALLanguage
import Foundation
import LLALData
import LLALTensor

/// Datasets in the language: the bundled digits, file loaders, generators, and
/// `dataset(x, y)` from tensors.
enum DataLibrary: BuiltinLibrary {
  static func register(in registry: BuiltinRegistry) {
    registry.register(
      Builtin(
        "digits", [], returns: "dataset",
        doc: """
          The bundled handwritten digits (scikit-learn's load_digits): 1,797 images \
          [1, 8, 8] of the digits 0–9, pixel values 0–16 (not normalised).
          """
      ) { _ in .host(DatasetValue(try Datasets.digits())) })
    registry.register(
      Builtin(
        "cifar10", [.init("dir", .string)], returns: "list",
        doc: """
          CIFAR-10 from its binary files (data_batch_1.bin … data_batch_5.bin and \
          test_batch.bin, from cifar-10-binary.tar.gz) in dir: [train, test], images \
          [3, 32, 32] with pixel values 0–255.
          """
      ) { args in
        let (train, test) = try Datasets.cifar10(directory: try args.string("dir"))
        return .list([.host(DatasetValue(train)), .host(DatasetValue(test))])
      })
    registry.register(
      Builtin(
        "mnist", [.init("dir", .string)], returns: "list",
        doc: """
          MNIST from its uncompressed IDX files (train-images-idx3-ubyte, …) in dir: \
          [train, test], images [1, 28, 28] with pixel values 0–255.
          """
      ) { args in
        let (train, test) = try Datasets.mnist(directory: try args.string("dir"))
        return .list([.host(DatasetValue(train)), .host(DatasetValue(test))])
      })
    registry.register(
      Builtin(
        "csv",
        [
          .init("path", .string),
          .init(
            "label",
            ParamType(
              [.string, .int], description: "a column name, an index or \"last\"",
              shortName: "string|int"), default: .string("last")),
          .init("header", ParamType.bool.orNone, default: Value.none),
          .init("delimiter", .string, default: .string(",")),
        ], returns: "dataset",
        doc: """
          A dataset from a CSV file: one row per sample, number columns as features and \
          one label column — "last" (the default), a column index from 0, or a header \
          name. The header is detected unless header: says. Labels that are not \
          non-negative integers become classes in sorted order.
          """
      ) { args in
        let label: CSVLabelColumn
        switch args["label"] {
        case .int(let i): label = .index(i)
        case .string("last"): label = .last
        default: label = .named(try args.string("label"))
        }
        let delimiter = try args.string("delimiter")
        guard delimiter.count == 1, let character = delimiter.first else {
          throw args.error("delimiter", "must be one character, found \"\(delimiter)\"")
        }
        var header: Bool?
        if !args.isNone("header") { header = try args.bool("header") }
        return .host(
          DatasetValue(
            try Datasets.csv(
              try args.string("path"), label: label, header: header, delimiter: character)))
      })
    registry.register(
      Builtin(
        "npy", [.init("x", .string), .init("y", .string)], returns: "dataset",
        doc: """
          A dataset from two NumPy .npy files: the samples [N, …] and the labels [N] \
          (non-negative integers).
          """
      ) { args in
        .host(DatasetValue(try Datasets.npy(x: try args.string("x"), y: try args.string("y"))))
      })
    registry.register(
      Builtin(
        "dataset", [.init("x", .tensor), .init("y", .any)], returns: "dataset",
        doc: """
          A dataset from a tensor of samples [N, …] (rank 2 or more) and its targets: N \
          class ids (a list, or a [N] tensor of non-negative whole numbers), or float \
          targets, a tensor [N, …] of rank 2 or more or a [N] tensor that is not all whole \
          numbers (values, keypoints [N, K, 2]; reshape whole-number values to [N, 1]).
          """
      ) { args in
        let x = try args.tensor("x")
        if case .tensor(let y) = args["y"],
          y.rank >= 2 || y.scalars.contains(where: { $0 != $0.rounded() })
        {
          return .host(DatasetValue(try Dataset(x: x, targets: y)))
        }
        let labels = try IndexList.read(args, "y")
        return .host(
          DatasetValue(
            try args.building(blaming: ["Dataset.x": "x", "Dataset.y": "y"]) {
              try Dataset(x: x, y: labels)
            }))
      })
    registry.register(
      Builtin(
        "exists", [.init("path", .string)], returns: "bool",
        doc: "Whether a file or directory exists at path."
      ) { args in .bool(FileManager.default.fileExists(atPath: try args.string("path"))) })
    registry.register(
      Builtin(
        "npy_pair", [.init("dir", .string)], returns: "list",
        doc: """
          [train, test] from a folder holding train_x.npy, train_y.npy, test_x.npy and \
          test_y.npy (the layout of shared/data/pose): integer [N] targets are class ids, \
          any other (keypoints [N, K, 2], values) float targets. Values are as stored.
          """
      ) { args in
        let (train, test) = try Datasets.npyPair(directory: try args.string("dir"))
        return .list([.host(DatasetValue(train)), .host(DatasetValue(test))])
      })
    registerGenerators(registry)
  }

  private static func registerGenerators(_ registry: BuiltinRegistry) {
    registerTargetGenerators(registry)
    let seed = Builtin.Parameter("seed", .int, default: .int(0))
    registry.register(
      Builtin(
        "blobs",
        [
          .init("count", .int, default: .int(300)), .init("classes", .int, default: .int(3)),
          .init("dimensions", .int, default: .int(2)), .init("spread", .number, default: .float(1)),
          seed,
        ], returns: "dataset",
        doc: """
          Gaussian blobs: count points [dimensions] around one random centre per class, \
          spread standard deviations wide.
          """
      ) { args in
        try DatasetBudget.check(args, sample: [try args.int("dimensions")])
        return .host(
          DatasetValue(
            try Datasets.blobs(
              count: try args.int("count"), classes: try args.int("classes"),
              dimensions: try args.int("dimensions"), spread: try args.float("spread"),
              seed: try seedValue(args))))
      })
    registry.register(
      Builtin(
        "moons",
        [
          .init("count", .int, default: .int(200)), .init("noise", .number, default: .float(0.1)),
          seed,
        ], returns: "dataset",
        doc:
          "Two interleaving half circles in 2-D (scikit-learn's make_moons), with Gaussian noise."
      ) { args in
        try DatasetBudget.check(args, sample: [2])
        return .host(
          DatasetValue(
            try Datasets.moons(
              count: try args.int("count"), noise: try args.float("noise"),
              seed: try seedValue(args))))
      })
    registry.register(
      Builtin(
        "spirals",
        [
          .init("count", .int, default: .int(300)), .init("classes", .int, default: .int(3)),
          .init("noise", .number, default: .float(0.2)), seed,
        ], returns: "dataset",
        doc: "Interleaved spiral arms in 2-D, one per class."
      ) { args in
        try DatasetBudget.check(args, sample: [2])
        return .host(
          DatasetValue(
            try Datasets.spirals(
              count: try args.int("count"), classes: try args.int("classes"),
              noise: try args.float("noise"), seed: try seedValue(args))))
      })
    registry.register(
      Builtin(
        "patterns",
        [
          .init("count", .int, default: .int(1000)), .init("classes", .int, default: .int(4)),
          .init("size", .int, default: .int(8)), .init("channels", .int, default: .int(1)),
          .init("noise", .number, default: .float(0.1)), seed,
        ], returns: "dataset",
        doc: """
          Synthetic images [channels, size, size] of up to 8 shapes (bars, diagonals, \
          crosses, boxes, blobs), one per class, at varying positions and brightness.
          """
      ) { args in
        try DatasetBudget.check(
          args, sample: [try args.int("channels"), try args.int("size"), try args.int("size")])
        return .host(
          DatasetValue(
            try Datasets.patterns(
              count: try args.int("count"), classes: try args.int("classes"),
              size: try args.int("size"), channels: try args.int("channels"),
              noise: try args.float("noise"), seed: try seedValue(args))))
      })
  }

  /// `arms(...)` and `curves(...)`: generated tasks with float targets.
  private static func registerTargetGenerators(_ registry: BuiltinRegistry) {
    let seed = Builtin.Parameter("seed", .int, default: .int(0))
    registry.register(
      Builtin(
        "arms",
        [
          .init("count", .int, default: .int(2000)),
          .init("noise", .number, default: .float(0.05)), seed,
        ], returns: "dataset",
        doc: """
          A synthetic pose task: grey images [1, 32, 32] of a two-segment arm among \
          clutter, with its three joints (shoulder, elbow, wrist) as keypoints [3, 2] in \
          pixels, (x, y). Train with task: heatmaps(size: 16, sigma: 1.0, pck: 3).
          """
      ) { args in
        try DatasetBudget.check(args, sample: [1, 32, 32], target: 6)
        return .host(
          DatasetValue(
            try Datasets.arms(
              count: try args.int("count"), noise: try args.float("noise"),
              seed: try seedValue(args))))
      })
    registry.register(
      Builtin(
        "curves",
        [
          .init("count", .int, default: .int(200)),
          .init("noise", .number, default: .float(0.1)), seed,
        ], returns: "dataset",
        doc: """
          A 1-D regression task: x [1] uniform in [−2, 2], target [1] = sin(2x) + 0.5x \
          plus noise growing towards both ends (noise at 0, three times that at ±2). \
          Train with task: regress().
          """
      ) { args in
        try DatasetBudget.check(args, sample: [1], target: 1)
        return .host(
          DatasetValue(
            try Datasets.curves(
              count: try args.int("count"), noise: try args.float("noise"),
              seed: try seedValue(args))))
      })
  }

  /// A seed argument as the generators take it.
  static func seedValue(_ args: Arguments, _ name: String = "seed") throws -> UInt64 {
    let s = try args.int(name)
    guard s >= 0 else { throw args.error(name, "must not be negative, found \(s)") }
    return UInt64(s)
  }
}
