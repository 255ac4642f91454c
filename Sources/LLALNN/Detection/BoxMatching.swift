import Foundation

/// SSD's matching of ground truth to anchors and its box encoding with variances, as
/// `shared/peers/al_detect.py`'s `build_targets` does them.
///
/// Matching, per image: every anchor takes the ground truth it overlaps most (the first on
/// ties); then, in ground-truth order, each ground truth's best anchor (the first on
/// ties) is forced to that ground truth and made positive; any other anchor is positive
/// when its IoU reaches `threshold`, else background. A positive anchor's label is its
/// ground truth's class + 1 (0 is background).
///
/// Encoding of a ground truth `g` on anchor `a` (centres, widths, heights):
/// `((gcx − acx)/(v₀·aw), (gcy − acy)/(v₀·ah), log(gw/aw)/v₁, log(gh/ah)/v₁)`.
public struct BoxMatching: Sendable, Equatable {
  /// The anchors.
  public let anchors: Anchors
  /// The IoU from which an anchor is positive (0.5).
  public let threshold: Double
  /// The variances `(v₀, v₁)` of centre and size offsets (0.1, 0.2).
  public let variances: (Double, Double)

  /// A matcher on `anchors`.
  public init(anchors: Anchors, threshold: Double = 0.5, variances: (Double, Double) = (0.1, 0.2))
  {
    self.anchors = anchors
    self.threshold = threshold
    self.variances = variances
  }

  public static func == (a: BoxMatching, b: BoxMatching) -> Bool {
    a.anchors == b.anchors && a.threshold == b.threshold && a.variances == b.variances
  }

  /// Each anchor's ground truth (index into `objects`) and whether it is positive.
  public func match(_ objects: [GroundTruth]) -> (truth: [Int], positive: [Bool]) {
    let na = anchors.count
    guard !objects.isEmpty else {
      return ([Int](repeating: -1, count: na), [Bool](repeating: false, count: na))
    }
    var bestTruth = [Int](repeating: 0, count: na)
    var bestIoU = [Double](repeating: -.infinity, count: na)
    var bestAnchor = [Int](repeating: 0, count: objects.count)
    for (j, g) in objects.enumerated() {
      var best = -Double.infinity
      for (a, box) in anchors.boxes.enumerated() {
        let v = g.box.iou(box)
        if v > bestIoU[a] {
          bestIoU[a] = v
          bestTruth[a] = j
        }
        if v > best {
          best = v
          bestAnchor[j] = a
        }
      }
    }
    for a in bestAnchor { bestIoU[a] = 2 }
    for (j, a) in bestAnchor.enumerated() { bestTruth[a] = j }
    return (bestTruth, bestIoU.map { $0 >= threshold })
  }

  /// The loss targets of one image, `[anchors × 5]` row-major: per anchor its label (0
  /// background, class + 1 when positive) and the encoded offsets of its ground truth
  /// (all zero in an image without objects).
  public func targets(_ objects: [GroundTruth]) -> [Float] {
    var out = [Float](repeating: 0, count: anchors.count * 5)
    out.withUnsafeMutableBufferPointer { write(objects, into: $0.baseAddress!) }
    return out
  }

  /// `targets(objects)` written to the `anchors × 5` values at `out`, which hold zeros.
  func write(_ objects: [GroundTruth], into out: UnsafeMutablePointer<Float>) {
    guard !objects.isEmpty else { return }
    let (truth, positive) = match(objects)
    for (a, anchor) in anchors.boxes.enumerated() {
      let g = objects[truth[a]]
      out[a * 5] = positive[a] ? Float(g.label + 1) : 0
      let t = offsets(g.box, on: anchor)
      (out[a * 5 + 1], out[a * 5 + 2]) = (Float(t.0), Float(t.1))
      (out[a * 5 + 3], out[a * 5 + 4]) = (Float(t.2), Float(t.3))
    }
  }

  /// The offsets of `box` on `anchor`.
  public func encode(_ box: Box, on anchor: Box) -> [Double] {
    let t = offsets(box, on: anchor)
    return [t.0, t.1, t.2, t.3]
  }

  /// `encode` without an array: the targets of a pool encode every anchor of every image.
  private func offsets(_ box: Box, on anchor: Box) -> (Double, Double, Double, Double) {
    let (aw, ah) = (anchor.x2 - anchor.x1, anchor.y2 - anchor.y1)
    let (acx, acy) = ((anchor.x1 + anchor.x2) / 2, (anchor.y1 + anchor.y2) / 2)
    let (gw, gh) = (box.x2 - box.x1, box.y2 - box.y1)
    let (gcx, gcy) = ((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2)
    return (
      (gcx - acx) / (variances.0 * aw), (gcy - acy) / (variances.0 * ah),
      log(gw / aw) / variances.1, log(gh / ah) / variances.1
    )
  }

  /// The box that offsets `t` (4 values) give on `anchor`: the inverse of `encode`.
  public func decode(_ t: [Float], on anchor: Box) -> Box {
    let (aw, ah) = (anchor.x2 - anchor.x1, anchor.y2 - anchor.y1)
    let (acx, acy) = ((anchor.x1 + anchor.x2) / 2, (anchor.y1 + anchor.y2) / 2)
    return Box(
      cx: acx + Double(t[0]) * variances.0 * aw, cy: acy + Double(t[1]) * variances.0 * ah,
      w: aw * exp(Double(t[2]) * variances.1), h: ah * exp(Double(t[3]) * variances.1))
  }
}
