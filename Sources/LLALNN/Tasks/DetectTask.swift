import Foundation
import LLALTensor

/// Object detection with a single-shot detector, as `shared/peers/al_detect.py`: the
/// targets are boxes `[M, 5]` per image (class, x1, y1, x2, y2 in input pixels; padding
/// rows of class −1 after the real ones), the model outputs one row per anchor, `[A, C +
/// 5]` (C + 1 class logits, background first, then 4 box offsets), in the order of
/// `anchors`. Ground truth is matched to anchors and encoded by `BoxMatching`, the
/// per-image loss is `MultiboxLoss`, and the metric is mAP at IoU 0.5 of the detections
/// `DetectionDecoder` gives (`map`, then `ap_c0`, `ap_c1`, … per class).
public struct DetectTask: ModelTask {
  /// The object classes (background not counted).
  public let classes: Int
  /// Matching and encoding.
  public let matching: BoxMatching
  /// The per-image loss.
  public let loss: MultiboxLoss
  /// Decoding, NMS and top-k.
  public let decoder: DetectionDecoder
  /// The IoU at which a detection is a true positive for mAP (0.5).
  public let apThreshold: Double

  /// A detection task over `anchors` for `classes` object classes; the settings follow
  /// the peer's defaults and are refused when out of range.
  public init(
    anchors: Anchors, classes: Int, matchThreshold: Double = 0.5,
    variances: (Double, Double) = (0.1, 0.2), negativeRatio: Int = 3, minNegatives: Int = 3,
    scoreThreshold: Double = 0.05, nmsThreshold: Double = 0.45, topK: Int = 20,
    apThreshold: Double = 0.5
  ) throws {
    guard classes >= 1 else { throw TaskError("detect(classes:) must be >= 1, got \(classes)") }
    guard anchors.count >= 1 else { throw TaskError("detect needs at least one anchor") }
    for (name, v) in [("match_iou", matchThreshold), ("nms_iou", nmsThreshold),
      ("ap_iou", apThreshold)] where !(v > 0 && v <= 1)
    {
      throw TaskError("detect(\(name):) must lie in (0, 1], got \(v)")
    }
    guard scoreThreshold >= 0, scoreThreshold < 1 else {
      throw TaskError("detect(score_threshold:) must lie in [0, 1), got \(scoreThreshold)")
    }
    guard variances.0 > 0, variances.1 > 0, variances.0.isFinite, variances.1.isFinite else {
      throw TaskError(
        "detect(variances:) must be two positive numbers, got [\(variances.0), \(variances.1)]")
    }
    guard negativeRatio >= 0, minNegatives >= 0 else {
      throw TaskError(
        "detect(neg_ratio:) and detect(min_neg:) must be >= 0, got \(negativeRatio) and "
          + "\(minNegatives)")
    }
    guard topK >= 1 else { throw TaskError("detect(top_k:) must be >= 1, got \(topK)") }
    self.classes = classes
    matching = BoxMatching(anchors: anchors, threshold: matchThreshold, variances: variances)
    loss = MultiboxLoss(
      scores: classes + 1, negativeRatio: negativeRatio, minNegatives: minNegatives)
    decoder = DetectionDecoder(
      matching: matching, scoreThreshold: scoreThreshold, nmsThreshold: nmsThreshold, topK: topK)
    self.apThreshold = apThreshold
  }

  /// `detect`.
  public var name: String { "detect" }
  /// `detections`.
  public var gives: String { "detections" }
  /// False: the output is per-anchor logits and offsets, not one distribution per sample.
  public var hasClassProbabilities: Bool { false }
  /// `map`.
  public var metricName: String { "map" }
  /// True.
  public var higherIsBetter: Bool { true }
  /// `detect(classes: 3, anchors: 544)`.
  public var description: String { "detect(classes: \(classes), anchors: \(anchors.count))" }
  /// The anchors.
  public var anchors: Anchors { matching.anchors }

  /// Needs image inputs, boxes `[M, 5]` as targets and an output `[anchors, classes + 5]`.
  public func check(input: [Int], output: [Int], target: [Int]) throws {
    guard input.count == 3 else {
      throw TaskError(
        "task detect needs image inputs [channels, height, width], got \(describeShape(input))")
    }
    guard target.count == 2, target[1] == 5 else {
      throw TaskError(
        "task detect needs boxes [M, 5] (class, x1, y1, x2, y2) per image as targets, got "
          + describeShape(target))
    }
    guard output == [anchors.count, classes + 5] else {
      throw TaskError(
        "task detect needs an output [\(anchors.count), \(classes + 5)] per image (per anchor "
          + "\(classes + 1) class logits and 4 offsets), got \(describeShape(output))")
    }
  }

  /// The boxes `[N, M, 5]` matched to the anchors: `[N, anchors, 5]`, per anchor its label
  /// (0 background) and encoded offsets.
  public func lossTargets(_ targets: Tensor, input: [Int]) throws -> Tensor {
    let objects = try GroundTruth.rows(of: targets.scalars, shape: targets.shape, classes: classes)
    let width = anchors.count * 5
    var v = [Float](repeating: 0, count: objects.count * width)
    v.withUnsafeMutableBufferPointer { out in
      for (i, o) in objects.enumerated() { matching.write(o, into: out.baseAddress! + i * width) }
    }
    return try Tensor(shape: [objects.count, anchors.count, 5], v)
  }

  /// The multibox loss of each image.
  public func perSampleLoss(output: Tensor, lossTargets: Tensor) throws -> Tensor {
    try loss.perImage(output: output, targets: lossTargets)
  }

  /// `map` (mAP at `apThreshold`), then `ap_c0`, `ap_c1`, … (NaN for a class with no
  /// ground truth in the set).
  public func metrics(output: Tensor, targets: Tensor, input: [Int]) throws -> [TaskMetric] {
    let truth = try GroundTruth.rows(of: targets.scalars, shape: targets.shape, classes: classes)
    let r = MeanAveragePrecision.compute(
      detections: try decoder.detections(output), truth: truth, classes: classes,
      threshold: apThreshold)
    return [TaskMetric("map", r.mean)]
      + r.perClass.enumerated().map { TaskMetric("ap_c\($0.offset)", $0.element) }
  }

  /// True: `sampleEntropy` is each image's largest anchor entropy.
  public var hasSampleEntropy: Bool { true }

  /// Each image's uncertainty as the peer's entropy strategy scores it: the largest, over
  /// its anchors, of the entropy (natural log) of the anchor's class softmax, background
  /// included.
  public func sampleEntropy(output: Tensor) throws -> [Double]? {
    let k = classes + 1, width = classes + 5, na = anchors.count
    guard output.rank == 3, output.shape[1] == na, output.shape[2] == width else {
      throw TaskError(
        "task detect needs outputs [N, \(na), \(width)], got \(describeShape(output.shape))")
    }
    let bound = EntropyBound(classes: k)
    return withoutGrad {
      output.withUnsafeBuffer { p in
        (0..<output.shape[0]).map { i in
          var most = -Double.infinity
          for a in 0..<na {
            let row = (i * na + a) * width
            var top = -Double.infinity, second = -Double.infinity
            for c in 0..<k {
              let z = Double(p[row + c])
              if z > top {
                second = top
                top = z
              } else if z > second {
                second = z
              }
            }
            // An anchor whose bound is below the largest entropy so far cannot change it;
            // the margin covers the entropy's rounding.
            let gap = top - second
            if gap.isFinite, bound.bound(gap: gap) + 1e-9 < most { continue }
            var m = -Double.infinity
            for c in 0..<k { m = Swift.max(m, Double(p[row + c])) }
            // With e_c = exp(z_c − m) and s = Σ e_c: H = log s − Σ e_c·(z_c − m) / s, one
            // exp per class instead of two.
            var s = 0.0, ez = 0.0
            for c in 0..<k {
              let z = Double(p[row + c]) - m
              let e = exp(z)
              s += e
              ez += e * z
            }
            most = Swift.max(most, log(s) - ez / s)
          }
          return most
        }
      }
    }
  }
}
