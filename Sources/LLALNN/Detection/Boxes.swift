import LLALTensor

/// Axis-aligned boxes in continuous pixel coordinates (pixel i covers [i, i + 1)), as the
/// detection peer (`shared/peers/al_detect.py`) writes them: corners `(x1, y1, x2, y2)`,
/// area `(x2 − x1)(y2 − y1)` with no "+1".
public struct Box: Sendable, Equatable {
  /// Left edge.
  public var x1: Double
  /// Top edge.
  public var y1: Double
  /// Right edge.
  public var x2: Double
  /// Bottom edge.
  public var y2: Double

  /// A box with corners `(x1, y1)` and `(x2, y2)`.
  public init(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
    self.x1 = x1
    self.y1 = y1
    self.x2 = x2
    self.y2 = y2
  }

  /// The box of centre `(cx, cy)`, width `w` and height `h`.
  public init(cx: Double, cy: Double, w: Double, h: Double) {
    self.init(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
  }

  /// `(x2 − x1)(y2 − y1)`.
  public var area: Double { (x2 - x1) * (y2 - y1) }

  /// Intersection over union with `other`: the overlap's area over the union's. Boxes
  /// that only touch have IoU 0; two boxes of zero area have IoU NaN (0 / 0), as in the
  /// peer, which never meets them.
  public func iou(_ other: Box) -> Double {
    let ix = Swift.max(Swift.min(x2, other.x2) - Swift.max(x1, other.x1), 0)
    let iy = Swift.max(Swift.min(y2, other.y2) - Swift.max(y1, other.y1), 0)
    let inter = ix * iy
    return inter / (area + other.area - inter)
  }
}

/// One ground-truth object: its class (0-based) and box.
public struct GroundTruth: Sendable, Equatable {
  /// The class, `0..<classes`.
  public let label: Int
  /// The box.
  public let box: Box

  /// An object of class `label` in `box`.
  public init(label: Int, box: Box) {
    self.label = label
    self.box = box
  }

  /// The objects of each image of `targets` `[N, M, 5]` (class, x1, y1, x2, y2 per row;
  /// rows of class −1 are padding). A class outside `0..<classes` other than −1, a real
  /// row after padding, a box with x2 ≤ x1 or y2 ≤ y1 or a value that is not finite is
  /// refused, naming the image and row.
  public static func rows(of targets: [Float], shape: [Int], classes: Int) throws
    -> [[GroundTruth]]
  {
    guard shape.count == 3, shape[2] == 5 else {
      throw TaskError(
        "task detect needs boxes [N, M, 5] (class, x1, y1, x2, y2) as targets, got "
          + describeShape(shape))
    }
    let (n, m) = (shape[0], shape[1])
    var out: [[GroundTruth]] = []
    out.reserveCapacity(n)
    for i in 0..<n {
      var objects: [GroundTruth] = []
      var padded = false
      for j in 0..<m {
        let r = (i * m + j) * 5
        let v = (0..<5).map { Double(targets[r + $0]) }
        let where_ = "image \(i), row \(j)"
        guard v.allSatisfy(\.isFinite) else {
          throw TaskError("task detect: box \(where_) has a value that is not finite")
        }
        if v[0] == -1 {
          padded = true
          continue
        }
        guard v[0].rounded() == v[0], v[0] >= 0, v[0] < Double(classes) else {
          throw TaskError(
            "task detect: box \(where_) has class \(v[0]); classes are 0..<\(classes), "
              + "or -1 for padding")
        }
        guard !padded else {
          throw TaskError("task detect: box \(where_) follows a padding row (class -1)")
        }
        guard v[3] > v[1], v[4] > v[2] else {
          throw TaskError(
            "task detect: box \(where_) (\(v[1]), \(v[2]), \(v[3]), \(v[4])) is empty; "
              + "it needs x2 > x1 and y2 > y1")
        }
        objects.append(GroundTruth(label: Int(v[0]), box: Box(v[1], v[2], v[3], v[4])))
      }
      out.append(objects)
    }
    return out
  }
}
