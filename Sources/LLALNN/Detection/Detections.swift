import Foundation
import LLALTensor

/// One detection: class (0-based), score and box.
public struct Detection: Sendable, Equatable {
  /// The class.
  public let label: Int
  /// The class's probability at the anchor.
  public let score: Double
  /// The decoded box.
  public let box: Box

  /// A detection of class `label` with `score` in `box`.
  public init(label: Int, score: Double, box: Box) {
    self.label = label
    self.score = score
    self.box = box
  }
}

/// Turning a detector's outputs into detections, as `shared/peers/al_detect.py`'s
/// `postprocess`: softmax per anchor; decode the offsets; per class (background left
/// out) keep scores above `scoreThreshold`, sort them by descending score (stable), and
/// suppress greedily every box whose IoU with a kept one exceeds `nmsThreshold`, keeping
/// at most `topK`; then the `topK` best of all classes by score (stable over the classes
/// in order).
public struct DetectionDecoder: Sendable, Equatable {
  /// Matching geometry: anchors and variances.
  public let matching: BoxMatching
  /// The lowest score kept, exclusive (0.05).
  public let scoreThreshold: Double
  /// The IoU above which NMS suppresses (0.45).
  public let nmsThreshold: Double
  /// Detections kept per class and per image (20).
  public let topK: Int

  /// A decoder on `matching`'s anchors.
  public init(
    matching: BoxMatching, scoreThreshold: Double = 0.05, nmsThreshold: Double = 0.45,
    topK: Int = 20
  ) {
    self.matching = matching
    self.scoreThreshold = scoreThreshold
    self.nmsThreshold = nmsThreshold
    self.topK = topK
  }

  /// The positions of `boxes` (sorted by descending score) that greedy NMS keeps: the
  /// first, then every later box whose IoU with each kept one is at most `threshold`;
  /// stops after `limit` kept.
  public static func nms(_ boxes: [Box], threshold: Double, limit: Int) -> [Int] {
    var keep: [Int] = []
    var alive = [Bool](repeating: true, count: boxes.count)
    for i in boxes.indices where alive[i] {
      if keep.count >= limit { break }
      keep.append(i)
      for j in (i + 1)..<boxes.count where alive[j] && boxes[i].iou(boxes[j]) > threshold {
        alive[j] = false
      }
    }
    return keep
  }

  /// The detections of each image of `output` `[N, anchors, C + 5]` (logits then offsets
  /// per anchor), best first.
  public func detections(_ output: Tensor) throws -> [[Detection]] {
    let na = matching.anchors.count
    guard output.rank == 3, output.shape[1] == na, output.shape[2] >= 6 else {
      throw TaskError(
        "task detect needs outputs [N, \(na), classes + 5], got \(describeShape(output.shape))")
    }
    let width = output.shape[2], k = width - 4
    return withoutGrad {
      output.withUnsafeBuffer { p in
        (0..<output.shape[0]).map { i in image(p, base: i * na * width, width: width, scores: k) }
      }
    }
  }

  /// One image's detections from its rows at `base`.
  private func image(_ p: UnsafeBufferPointer<Float>, base: Int, width: Int, scores k: Int)
    -> [Detection]
  {
    let anchors = matching.anchors.boxes
    var prob = [Double](repeating: 0, count: anchors.count * k)
    for a in anchors.indices {
      let row = base + a * width
      var m = -Double.infinity
      for c in 0..<k { m = Swift.max(m, Double(p[row + c])) }
      var s = 0.0
      for c in 0..<k { s += exp(Double(p[row + c]) - m) }
      for c in 0..<k { prob[a * k + c] = exp(Double(p[row + c]) - m) / s }
    }
    var decoded: [Int: Box] = [:]
    var all: [Detection] = []
    for c in 1..<k {
      let idx = anchors.indices.filter { prob[$0 * k + c] > scoreThreshold }
      // Stable: equal scores keep anchor order.
      let order = idx.enumerated().sorted {
        let (sa, sb) = (prob[$0.element * k + c], prob[$1.element * k + c])
        return sa != sb ? sa > sb : $0.offset < $1.offset
      }.map(\.element)
      let boxes = order.map { a -> Box in
        if let b = decoded[a] { return b }
        let b = matching.decode((0..<4).map { p[base + a * width + k + $0] }, on: anchors[a])
        decoded[a] = b
        return b
      }
      for j in Self.nms(boxes, threshold: nmsThreshold, limit: topK) {
        all.append(Detection(label: c - 1, score: prob[order[j] * k + c], box: boxes[j]))
      }
    }
    let ranked = all.enumerated().sorted {
      $0.element.score != $1.element.score
        ? $0.element.score > $1.element.score : $0.offset < $1.offset
    }
    return ranked.prefix(topK).map(\.element)
  }

  /// Detections as a tensor `[N, topK, 6]`: (class, score, x1, y1, x2, y2) per row, best
  /// first, padded with rows of class −1 and zeros.
  public func tensor(_ detections: [[Detection]]) throws -> Tensor {
    var v = [Float](repeating: 0, count: detections.count * topK * 6)
    for (i, ds) in detections.enumerated() {
      for r in 0..<topK {
        let o = (i * topK + r) * 6
        guard r < ds.count else {
          v[o] = -1
          continue
        }
        let d = ds[r]
        for (k, x) in [Double(d.label), d.score, d.box.x1, d.box.y1, d.box.x2, d.box.y2]
          .enumerated()
        {
          v[o + k] = Float(x)
        }
      }
    }
    return try Tensor(shape: [detections.count, topK, 6], v)
  }
}
