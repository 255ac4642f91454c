import LLALTensor

/// Detection datasets: images `[N, C, H, W]` with object boxes `[N, M, 5]`.
///
/// Each image has `M` rows (class, x1, y1, x2, y2): the real objects first, then padding
/// rows (−1, 0, 0, 0, 0). Boxes are in continuous pixel coordinates, pixel `i` covering
/// `[i, i+1)`, so a box spans `0 ≤ x1 < x2 ≤ W` and `0 ≤ y1 < y2 ≤ H` and its area is
/// `(x2 − x1)(y2 − y1)` (the layout of `shared/data/detect`).
extension Dataset {
  /// A detection dataset of images `x` `[N, C, H, W]` and their `boxes` `[N, M, 5]`.
  ///
  /// `classCount` defaults to the largest box class plus one (or the number of
  /// `classNames`). Throws a `FieldError` about `Dataset.x`, `Dataset.boxes`,
  /// `Dataset.classCount` or `Dataset.classNames` naming the image and row of a bad box.
  public init(x: Tensor, boxes: Tensor, classCount: Int? = nil, classNames: [String]? = nil)
    throws
  {
    try self.init(
      x: x, boxes: boxes, classCount: classCount, classNames: classNames
    ) { image, row, reason in
      FieldError("Dataset.boxes", "at image \(image), row \(row): \(reason)")
    }
  }

  /// The checked initializer; `boxError(sample, row, reason)` makes the error for a bad
  /// row (an argument error, or a loader's located file error).
  init(
    x: Tensor, boxes: Tensor, classCount: Int?, classNames: [String]?,
    boxError: (Int, Int, String) -> Error
  ) throws {
    guard x.rank == 4 else {
      throw FieldError(
        "Dataset.x", "must be images [N, C, H, W] for boxes, found \(describeShape(x.shape))")
    }
    guard boxes.rank == 3, boxes.shape[0] == x.shape[0], boxes.shape[2] == 5 else {
      throw FieldError(
        "Dataset.boxes",
        "must be [N, M, 5] (class, x1, y1, x2, y2 per row) with N = \(x.shape[0]) images, "
          + "found \(describeShape(boxes.shape))")
    }
    let largest = try DetectionBoxes.check(
      boxes, width: x.shape[3], height: x.shape[2], error: boxError)
    let classes: Int
    if let declared = classCount ?? classNames?.count {
      guard declared >= 0, declared <= Dataset.maxClassCount else {
        throw FieldError(
          "Dataset.classCount", "must be in 0...\(Dataset.maxClassCount), found \(declared)")
      }
      if let (sample, row, c) = largest, c >= declared {
        throw boxError(sample, row, "class \(c) is outside the classes 0..<\(declared)")
      }
      classes = declared
    } else {
      classes = largest.map { $0.class + 1 } ?? 0
    }
    if let names = classNames, names.count != classes {
      throw FieldError(
        "Dataset.classNames", "must name every class: \(names.count) names for \(classes) classes")
    }
    self.init(checkedX: x, targets: .boxes(boxes), classCount: classes, classNames: classNames)
  }

  /// The boxes `[N, M, 5]` of a detection dataset; nil for other targets.
  public var boxes: Tensor? {
    if case .boxes(let b) = targets { return b }
    return nil
  }
}

/// The rules of box targets, checked in one place for the language, the loaders and the
/// generator's tests.
public enum DetectionBoxes {
  /// The class of a padding row.
  public static let padding: Float = -1

  /// Checks every row of `boxes` `[N, M, 5]` for images `width × height`: a class is a
  /// whole number ≥ 0, or −1 on a padding row that is exactly (−1, 0, 0, 0, 0) and
  /// followed only by padding; a box has finite corners with `0 ≤ x1 < x2 ≤ width` and
  /// `0 ≤ y1 < y2 ≤ height`. Returns the row with the largest class (nil when there are
  /// no objects); a bad row throws `error(sample, row, reason)`.
  @discardableResult
  public static func check(
    _ boxes: Tensor, width: Int, height: Int, error: (Int, Int, String) -> Error
  ) throws -> (sample: Int, row: Int, class: Int)? {
    let rows = boxes.shape[1]
    let v = boxes.scalars
    var largest: (sample: Int, row: Int, class: Int)?
    for sample in 0..<boxes.shape[0] {
      var padded = false
      for row in 0..<rows {
        let r = Array(v[(sample * rows + row) * 5..<(sample * rows + row + 1) * 5])
        if let reason = problem(r, afterPadding: padded, width: width, height: height) {
          throw error(sample, row, reason)
        }
        if r[0] == padding {
          padded = true
        } else if largest.map({ Int(r[0]) > $0.class }) ?? true {
          largest = (sample, row, Int(r[0]))
        }
      }
    }
    return largest
  }

  /// What is wrong with one row, or nil.
  static func problem(_ r: [Float], afterPadding: Bool, width: Int, height: Int) -> String? {
    if let bad = r.first(where: { !$0.isFinite }) {
      return "\(bad) is not a finite number"
    }
    let c = r[0]
    guard c == c.rounded(), c >= padding, c < Float(Dataset.maxClassCount) else {
      return "class \(describeNumber(c)) is not a class id (a whole number >= 0, or -1 for padding)"
    }
    if c == padding {
      return r.dropFirst().allSatisfy({ $0 == 0 })
        ? nil : "a padding row must be (-1, 0, 0, 0, 0), found \(tuple(r))"
    }
    if afterPadding {
      return "object \(tuple(r)) after a padding row; real rows come first"
    }
    let (x1, y1, x2, y2) = (r[1], r[2], r[3], r[4])
    if x2 <= x1 || y2 <= y1 {
      return "box \(tuple(r)) is empty: it needs x1 < x2 and y1 < y2"
    }
    if x1 < 0 || y1 < 0 || x2 > Float(width) || y2 > Float(height) {
      return "box \(tuple(r)) lies outside the image: x in [0, \(width)], y in [0, \(height)]"
    }
    return nil
  }

  /// `(0, 3, 4, 9, 10)`: a row as it is written in the files.
  static func tuple(_ r: [Float]) -> String {
    "(" + r.map(describeNumber).joined(separator: ", ") + ")"
  }
}
