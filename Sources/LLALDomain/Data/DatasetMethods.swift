import LLALLanguage
import LLALData
import LLALTensor

/// The methods of dataset values: `split`, `normalize`, `augment`, `subset`.
enum DatasetMethods {
  /// `data.split(test: 0.2, seed: 0, stratify: true)` → `[train, test]`.
  static let split = Builtin(
    "split",
    [
      .init("test", .number), .init("seed", .int, default: .int(0)),
      .init("stratify", ParamType.bool.orNone, default: Value.none),
    ], returns: "list", receiver: "dataset",
    doc: """
      Two parts, [rest, test], the test part holding round(N × test) samples; with \
      stratify (the default for class ids) every class keeps its proportion; float \
      targets (keypoints, values) are split at random. Write train, test = data.split(test: \
      0.2, seed: 0). Both parts keep the original order, normalisation and augmentation.
      """
  ) { args in
    let d = try args.receiverDataset()
    let seed = try args.int("seed")
    guard seed >= 0 else { throw args.error("seed", "must not be negative, found \(seed)") }
    let fraction = try args.double("test")
    let stratify = args.isNone("stratify") ? nil : try args.bool("stratify")
    let (rest, test) = try args.building(blaming: ["Dataset.split.test": "test"]) {
      try d.dataset.split(test: fraction, seed: UInt64(seed), stratify: stratify)
    }
    return .list([.host(d.with(rest)), .host(d.with(test))])
  }

  /// `data.normalize()`, `.normalize(like: train)`, `.normalize(mean: 0, std: 16)`.
  static let normalize = Builtin(
    "normalize",
    [
      .init(
        "like", ParamType.host("dataset", description: "a dataset").orNone, default: Value.none),
      .init("mean", ParamType.any, default: Value.none),
      .init("std", ParamType.any, default: Value.none),
    ], returns: "dataset", receiver: "dataset",
    doc: """
      The samples standardised per channel (images) or per feature (vectors): with no \
      argument by this dataset's own mean and standard deviation; with like: train by \
      the statistics train was normalised with (so a test set uses the training \
      statistics); with mean: and std: by given numbers (one, or one per channel), e.g. \
      digits().normalize(mean: 0, std: 16) scales pixels 0–16 to 0–1.
      """
  ) { args in
    let d = try args.receiverDataset()
    let stats: Normalization
    if !args.isNone("like") {
      guard let s = try args.dataset("like").normalization else {
        throw args.error("like", "must be a normalised dataset (call .normalize() on it first)")
      }
      stats = s
    } else if !args.isNone("mean") || !args.isNone("std") {
      // A single number stands for every channel: as many as the list given beside it,
      // else the data's channels. `Normalization` owns the rules on the lengths.
      let listed = ["mean", "std"].first { if case .list = args[$0] { true } else { false } }
      let count = try listed.map { try args.list($0).count } ?? d.dataset.x.shape[1]
      let blame = [
        "Normalization.mean": "mean", "Normalization.std": "std",
        "Normalization": listed ?? "mean",
      ]
      let given = try args.building(blaming: blame) {
        try Normalization(
          mean: try perChannel(args, "mean", count, fallback: 0),
          std: try perChannel(args, "std", count, fallback: 1))
      }
      return .host(
        d.with(
          try args.building(blaming: blame) { try d.dataset.normalized(with: given) },
          normalization: .some(given)))
    } else {
      stats = try d.dataset.fitNormalization()
    }
    return .host(d.with(try d.dataset.normalized(with: stats), normalization: .some(stats)))
  }

  /// The numbers of `name`: a list as given, a single number `count` times.
  private static func perChannel(
    _ args: Arguments, _ name: String, _ count: Int, fallback: Float
  )
    throws -> [Float]
  {
    switch args[name] {
    case .none: return Array(repeating: fallback, count: count)
    case .int, .float: return Array(repeating: try args.float(name), count: count)
    case .list(let xs):
      let values = try xs.map { v -> Float in
        guard let d = v.asDouble else {
          throw args.error(name, "must hold numbers, found \(v.typeName)")
        }
        return Float(d)
      }
      return values
    default:
      throw args.error(name, "must be a number or a list of numbers, found \(args[name].typeName)")
    }
  }

  /// `data.augment(crop: true, pad: 4, flip: true)`.
  static let augment = Builtin(
    "augment",
    [
      .init(
        "crop", ParamType([.bool, .int], description: "a bool or an int", shortName: "bool|int"),
        default: .bool(AugmentationOptions.crop)),
      .init("pad", .int, default: .int(AugmentationOptions.pad)),
      .init("flip", .bool, default: .bool(AugmentationOptions.flip)),
    ], returns: "dataset", receiver: "dataset",
    doc: """
      The same data, with random changes to every training batch drawn from it: crop \
      pads each image with pad zeros and crops a window of the original size at a \
      random offset (crop: 32 on 32×32 images says the same); flip mirrors half the \
      images left-right. Evaluation and queries see the images unchanged. The defaults \
      are the paper's setting: cifar.augment() crops with pad 4 and flips; \
      .augment(crop: false, flip: false) removes an augmentation.
      """
  ) { args in
    let d = try args.receiverDataset()
    let shape = d.dataset.sampleShape
    guard shape.count == 3 else {
      throw RuntimeError(
        "augment works on images [C, H, W]; this dataset's samples are \(describeShape(shape))")
    }
    let crop: Bool
    switch args["crop"] {
    case .int(let size):
      guard size == shape[1], size == shape[2] else {
        throw args.error(
          "crop", "must be the image size (\(shape[1]) × \(shape[2])); crops keep the size")
      }
      crop = true
    default: crop = try args.bool("crop")
    }
    let augmentation = try AugmentationOptions.make(
      crop: crop, pad: try args.int("pad"), flip: try args.bool("flip"), args, padArgument: "pad")
    return .host(d.with(augmentation: .some(augmentation)))
  }

  /// `data.subset(indices)`.
  static let subset = Builtin(
    "subset", [.init("indices", .any)], returns: "dataset", receiver: "dataset",
    doc: "The samples at the given indices (a list, a range or a tensor of ints), in that order."
  ) { args in
    let d = try args.receiverDataset()
    let indices = try IndexList.read(args, "indices")
    return .host(
      d.with(
        try args.building(blaming: ["Dataset.subset.indices": "indices"]) {
          try d.dataset.subset(indices)
        }))
  }
}

/// Reading a list of indices from a list, a range or a tensor.
enum IndexList {
  /// The ints in argument `name`.
  static func read(_ args: Arguments, _ name: String) throws -> [Int] {
    switch args[name] {
    case .list(let xs):
      return try xs.map {
        guard case .int(let i) = $0 else {
          throw args.error(name, "must hold ints, found \($0.typeName)")
        }
        return i
      }
    case .range(let r):
      try args.interpreter.limits.checkListLength(r.count, range: args.range(name))
      return (0..<r.count).map(r.element)
    case .tensor(let t):
      return try t.scalars.map {
        guard $0 == $0.rounded(), abs($0) < 1e9 else {
          throw args.error(name, "must hold whole numbers, found \($0)")
        }
        return Int($0)
      }
    default:
      throw args.error(
        name, "must be a list, range or tensor of indices, found \(args[name].typeName)")
    }
  }
}
