import Foundation
import LLALTensor

/// Detection datasets from `.npy` files: the layout of `shared/data/detect`.
extension Datasets {
  /// The training and test sets of a folder holding `train_x.npy`, `train_y.npy`,
  /// `test_x.npy` and `test_y.npy`: images `[N, C, H, W]` and boxes `[N, M, 5]` (see
  /// `detection(x:boxes:classCount:)`). Both parts share one class count: the largest box
  /// class of either, plus one.
  public static func detection(directory: String) throws -> (train: Dataset, test: Dataset) {
    let base = URL(fileURLWithPath: directory)
    func path(_ name: String) -> String { base.appendingPathComponent(name).path }
    let names = ["train_x.npy", "train_y.npy", "test_x.npy", "test_y.npy"]
    let missing = names.filter { !FileManager.default.fileExists(atPath: path($0)) }
    if !missing.isEmpty {
      throw DataError(
        .io, path: directory,
        "missing \(missing.joined(separator: ", ")) (a detection folder needs "
          + names.joined(separator: ", ") + ")")
    }
    let train = try detection(x: path("train_x.npy"), boxes: path("train_y.npy"))
    let test = try detection(x: path("test_x.npy"), boxes: path("test_y.npy"))
    let classes = max(train.classCount, test.classCount)
    return (train.withClassCount(classes), test.withClassCount(classes))
  }

  /// Images and their boxes saved with `numpy.save`.
  ///
  /// `x` is `[N, C, H, W]`: `uint8` values are read as `x/255`, float values as stored.
  /// `boxes` is `[N, M, 5]` of any numeric dtype: per image `M` rows (class, x1, y1, x2,
  /// y2) in pixels, padding rows (−1, 0, 0, 0, 0) after the real ones. A bad row is an
  /// error naming the file, the image, the row and its byte offset. `classCount`
  /// defaults to the largest class plus one.
  public static func detection(x xPath: String, boxes boxesPath: String, classCount: Int? = nil)
    throws -> Dataset
  {
    let x = try detectionImages(xPath)
    let ba = try NPYArray(data: try FileReader.read(boxesPath), path: boxesPath)
    guard ba.dtype != .b1 else {
      throw DataError(.malformed, path: boxesPath, "boxes must be numbers, found dtype b1")
    }
    guard ba.shape.count == 3, ba.shape[0] == x.shape[0], ba.shape[2] == 5 else {
      throw DataError(
        .malformed, path: boxesPath,
        "boxes must be [N, M, 5] (class, x1, y1, x2, y2 per row) with N = \(x.shape[0]) "
          + "images of \(xPath), found \(describeShape(ba.shape))")
    }
    let boxes = try ba.tensor(shape: ba.shape)
    return try Dataset(
      x: x, boxes: boxes, classCount: classCount, classNames: nil
    ) { image, row, reason in
      DataError(
        .malformed, path: boxesPath,
        location:
          "image \(image), row \(row) "
          + "(byte offset \(ba.offset(of: (image * ba.shape[1] + row) * 5)))", reason)
    }
  }

  /// Images `[N, C, H, W]` from an `.npy` file: `uint8` read as `x/255`, float as stored.
  static func detectionImages(_ path: String) throws -> Tensor {
    let xa = try NPYArray(data: try FileReader.read(path), path: path)
    guard xa.shape.count == 4 else {
      throw DataError(
        .malformed, path: path, "images must be [N, C, H, W], found \(describeShape(xa.shape))")
    }
    guard [.u1, .f4, .f8].contains(xa.dtype) else {
      throw DataError(
        .malformed, path: path,
        "images must be uint8 (read as x/255) or float, found dtype \(xa.dtype.rawValue)")
    }
    let x = try xa.tensor(shape: xa.shape)
    if xa.dtype == .u1 {
      for i in 0..<x.count { x.storage.base[i] /= 255 }
    }
    return x
  }
}

extension Dataset {
  /// The same detection dataset declaring `classes` classes (at least its own count).
  func withClassCount(_ classes: Int) -> Dataset {
    Dataset(checkedX: x, targets: targets, classCount: classes, classNames: classNames)
  }
}
