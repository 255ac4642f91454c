import Foundation
import LLALTensor

/// `.npy` datasets with float targets, and the train/test file pair of a data folder.
extension Datasets {
  /// Loads samples and float targets saved with `numpy.save`: `x` `[N, ...]` (a rank-1
  /// array becomes `[N, 1]`) and `targets` `[N, …]` of any numeric dtype, as Float (e.g.
  /// keypoints `[N, K, 2]` or regression values `[N]`).
  public static func npy(x xPath: String, targets targetsPath: String) throws -> Dataset {
    let xa = try NPYArray(data: try FileReader.read(xPath), path: xPath)
    let ta = try NPYArray(data: try FileReader.read(targetsPath), path: targetsPath)
    guard !xa.shape.isEmpty else {
      throw DataError(.malformed, path: xPath, "features must have rank >= 1, got a scalar")
    }
    guard !ta.shape.isEmpty, ta.shape[0] == xa.shape[0] else {
      throw DataError(
        .malformed, path: targetsPath,
        "targets \(describeShape(ta.shape)) need one row per sample; \(xPath) holds "
          + "\(xa.shape[0]) samples")
    }
    let x = try xa.tensor(shape: xa.shape.count == 1 ? [xa.shape[0], 1] : xa.shape)
    // Non-finite targets are refused by `tensor`, as features are.
    let targets = try ta.tensor(shape: ta.shape)
    return try Dataset(x: x, targets: targets)
  }

  /// The training and test sets of a folder holding `train_x.npy`, `train_y.npy`,
  /// `test_x.npy` and `test_y.npy` (the layout of `shared/data/pose`).
  ///
  /// The `_y` files are class ids when their dtype is an integer (or boolean) type and
  /// their shape `[N]` or `[N, 1]`; then both parts share one class count (the largest id
  /// of either, plus one). Any other `_y` (float dtypes, keypoints `[N, K, 2]`) gives
  /// float targets. Values are as stored: images saved as `uint8` stay 0–255.
  public static func npyPair(directory: String) throws -> (train: Dataset, test: Dataset) {
    let base = URL(fileURLWithPath: directory)
    func path(_ name: String) -> String { base.appendingPathComponent(name).path }
    let names = ["train_x.npy", "train_y.npy", "test_x.npy", "test_y.npy"]
    let missing = names.filter { !FileManager.default.fileExists(atPath: path($0)) }
    if !missing.isEmpty {
      throw DataError(
        .io, path: directory,
        "missing \(missing.joined(separator: ", ")) (an npy pair needs "
          + names.joined(separator: ", ") + ")")
    }
    func array(_ name: String) throws -> NPYArray {
      try NPYArray(data: try FileReader.read(path(name)), path: path(name))
    }
    let trainY = try array("train_y.npy")
    let testY = try array("test_y.npy")
    if trainY.holdsClassIDs && testY.holdsClassIDs {
      let largest = max(
        (0..<trainY.count).map(trainY.value).max() ?? -1,
        (0..<testY.count).map(testY.value).max() ?? -1)
      // Ids out of range (negative, or beyond 2³⁰) are refused by `npy(x:y:)` with their
      // position.
      let classes = largest >= 0 && largest < Double(1 << 30) ? Int(largest) + 1 : nil
      return (
        try npy(x: path("train_x.npy"), y: path("train_y.npy"), classCount: classes),
        try npy(x: path("test_x.npy"), y: path("test_y.npy"), classCount: classes)
      )
    }
    return (
      try npy(x: path("train_x.npy"), targets: path("train_y.npy")),
      try npy(x: path("test_x.npy"), targets: path("test_y.npy"))
    )
  }
}

extension NPYArray {
  /// Whether the array reads as class ids: an integer or boolean dtype, shape `[N]` or
  /// `[N, 1]`.
  var holdsClassIDs: Bool {
    dtype != .f4 && dtype != .f8 && (shape.count == 1 || (shape.count == 2 && shape[1] == 1))
  }
}
