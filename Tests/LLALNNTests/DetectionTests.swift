import LLALTensor
import XCTest

@testable import LLALNN

/// The detection pieces against hand-worked cases: IoU, anchors' layout, matching and
/// encoding, hard-negative mining, the multibox loss (value and gradient), NMS and mAP,
/// with ties, empty images and boxes on the image border.
final class DetectionTests: XCTestCase {
  /// A 2 × 2 grid of stride 4 with one 4-pixel anchor per cell, over an 8 × 8 image:
  /// (0,0,4,4), (4,0,8,4), (0,4,4,8), (4,4,8,8).
  private let grid = Anchors(maps: [
    .init(height: 2, width: 2, strideY: 4, strideX: 4, sizes: [4], offsets: [(0, 0)])
  ])

  private func truth(_ label: Int, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double)
    -> GroundTruth
  {
    GroundTruth(label: label, box: Box(x1, y1, x2, y2))
  }

  func testIoUOfOverlappingTouchingAndNestedBoxes() {
    XCTAssertEqual(Box(0, 0, 2, 2).iou(Box(1, 1, 3, 3)), 1.0 / 7)  // 1 / (4 + 4 − 1)
    XCTAssertEqual(Box(0, 0, 2, 2).iou(Box(2, 0, 4, 2)), 0)  // sharing an edge only
    XCTAssertEqual(Box(0, 0, 4, 4).iou(Box(1, 1, 3, 3)), 0.25)
    XCTAssertEqual(Box(cx: 2, cy: 3, w: 4, h: 2), Box(0, 2, 4, 4))
  }

  func testAnchorLayoutIsCellsThenSizesThenOffsets() {
    let a = Anchors(maps: [
      .init(height: 1, width: 2, strideY: 4, strideX: 4, sizes: [2, 6],
        offsets: [(-1, 0), (1, 0)])
    ])
    XCTAssertEqual(a.count, 8)
    // Cell (0, 0) centre (2, 2): size 2 at x 1 then 3, size 6 at x 1 then 3; then cell (0, 1).
    XCTAssertEqual(a.boxes[0], Box(cx: 1, cy: 2, w: 2, h: 2))
    XCTAssertEqual(a.boxes[1], Box(cx: 3, cy: 2, w: 2, h: 2))
    XCTAssertEqual(a.boxes[2], Box(cx: 1, cy: 2, w: 6, h: 6))
    XCTAssertEqual(a.boxes[4], Box(cx: 5, cy: 2, w: 2, h: 2))
    XCTAssertEqual(grid.boxes, [Box(0, 0, 4, 4), Box(4, 0, 8, 4), Box(0, 4, 4, 8), Box(4, 4, 8, 8)])
  }

  func testMatchingTakesTheBestAnchorAndIoUFromHalf() {
    let m = BoxMatching(anchors: grid)
    // IoU 1 with anchor 0: positive, class 1 → label 2; the others are background.
    let (truthOf, positive) = m.match([truth(1, 0, 0, 4, 4)])
    XCTAssertEqual(positive, [true, false, false, false])
    XCTAssertEqual(truthOf, [0, 0, 0, 0])
    // A box over anchors 0 and 1 (IoU 1/3 each, a tie): the first is forced positive,
    // the second stays background (1/3 < 0.5).
    XCTAssertEqual(m.match([truth(0, 2, 0, 6, 4)]).positive, [true, false, false, false])
    // A box of 4 × 6 over anchors 0 and 2: IoU with anchor 0 is 16/24 ≥ 0.5 → positive, and
    // with anchor 2 8/32 not.
    XCTAssertEqual(m.match([truth(0, 0, 0, 4, 6)]).positive, [true, false, false, false])
    // A 6 × 4 box overlapping anchor 0 by 16/24 and anchor 1 by 8/32 = 0.25, with
    // threshold 0.25: an IoU equal to the threshold is positive.
    let low = BoxMatching(anchors: grid, threshold: 0.25)
    XCTAssertEqual(low.match([truth(0, 0, 0, 6, 4)]).positive, [true, true, false, false])
  }

  func testTwoTruthsWantingOneAnchorGiveItToTheLater() {
    // Both boxes' best anchor is 0; in ground-truth order the later one takes it (the
    // peer's `best_gt[a] = j` loop), the earlier is left without a positive anchor.
    let m = BoxMatching(anchors: grid)
    let (truthOf, positive) = m.match([truth(0, 0, 0, 4, 4), truth(2, 0, 0, 4, 3)])
    XCTAssertEqual(truthOf[0], 1)
    XCTAssertEqual(positive, [true, false, false, false])
    XCTAssertEqual(m.targets([truth(0, 0, 0, 4, 4), truth(2, 0, 0, 4, 3)])[0], 3)
  }

  func testEncodingWithVariancesAndDecodingBack() throws {
    let m = BoxMatching(anchors: grid)
    // Centre (3, 3) against (2, 2) on a 4-pixel anchor: 1 / (0.1·4) = 2.5; size 4 → log 1 = 0.
    XCTAssertEqual(m.encode(Box(1, 1, 5, 5), on: Box(0, 0, 4, 4)), [2.5, 2.5, 0, 0])
    let t = m.encode(Box(0.5, 1, 6.5, 3), on: Box(0, 0, 4, 4))
    XCTAssertEqual(t[2], log(6.0 / 4) / 0.2, accuracy: 1e-12)
    let back = m.decode(t.map(Float.init), on: Box(0, 0, 4, 4))
    for (a, b) in zip([back.x1, back.y1, back.x2, back.y2], [0.5, 1, 6.5, 3]) {
      XCTAssertEqual(a, b, accuracy: 1e-5)
    }
  }

  func testTargetsOfAnEmptyImageAndOfABoxOnTheBorder() {
    let m = BoxMatching(anchors: grid)
    XCTAssertEqual(m.targets([]), [Float](repeating: 0, count: 20))
    // A box in the bottom-right corner, flush with the image's edges: anchor 3, label 1.
    let t = m.targets([truth(0, 5, 5, 8, 8)])
    XCTAssertEqual(stride(from: 0, to: 20, by: 5).map { t[$0] }, [0, 0, 0, 1])
    XCTAssertEqual(Array(t[16..<20]), [1.25, 1.25, Float(log(0.75) / 0.2), Float(log(0.75) / 0.2)])
  }

  func testGroundTruthRowsSkipPaddingAndRefuseBadRows() throws {
    let rows = try GroundTruth.rows(
      of: [1, 0, 0, 4, 4, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0], shape: [2, 2, 5],
      classes: 3)
    XCTAssertEqual(rows, [[truth(1, 0, 0, 4, 4)], []])
    XCTAssertThrowsError(try GroundTruth.rows(of: [3, 0, 0, 4, 4], shape: [1, 1, 5], classes: 3)) {
      XCTAssertEqual(
        "\($0)", "task detect: box image 0, row 0 has class 3.0; classes are 0..<3, or -1 for padding")
    }
    XCTAssertThrowsError(try GroundTruth.rows(of: [0, 4, 0, 4, 4], shape: [1, 1, 5], classes: 3)) {
      XCTAssertEqual(
        "\($0)", "task detect: box image 0, row 0 (4.0, 0.0, 4.0, 4.0) is empty; it needs x2 > x1 and y2 > y1")
    }
    XCTAssertThrowsError(
      try GroundTruth.rows(of: [-1, 0, 0, 0, 0, 0, 0, 0, 4, 4], shape: [1, 2, 5], classes: 3)
    ) {
      XCTAssertEqual("\($0)", "task detect: box image 0, row 1 follows a padding row (class -1)")
    }
  }

  func testMultiboxLossOfAHandWorkedImage() throws {
    // Two anchors, one class: anchor 0 positive (label 1) with logits (0, 0) → CE log 2 and
    // offsets 0 against (0.5, 2, 0, 0) → smooth L1 0.125 + 1.5; anchor 1 background, the
    // one negative, CE log 2. Loss (2 log 2 + 1.625) / 1.
    let loss = MultiboxLoss(scores: 2)
    let out = try Tensor(shape: [1, 2, 6], [Float](repeating: 0, count: 12))
    let t = try Tensor(shape: [1, 2, 5], [1, 0.5, 2, 0, 0, 0, 9, 9, 9, 9])
    let l = try loss.perImage(output: out, targets: t)
    XCTAssertEqual(l.shape, [1])
    XCTAssertEqual(Double(l.scalars[0]), 2 * log(2.0) + 1.625, accuracy: 1e-5)
    // Without positives: 3 negatives of CE log 2, divided by max(1, 0).
    let none = try Tensor(shape: [1, 2, 5], [Float](repeating: 0, count: 10))
    XCTAssertEqual(
      Double(try loss.perImage(output: out, targets: none).scalars[0]), 2 * log(2.0),
      accuracy: 1e-5)
  }

  func testMultiboxLossGradientMatchesFiniteDifferences() throws {
    let loss = MultiboxLoss(scores: 3)
    let out = try Tensor.randn([2, 6, 7], seed: 3)
    // Image 0: anchors 1 and 4 positive; image 1: no objects (3 hard negatives).
    var t = [Float](repeating: 0, count: 2 * 6 * 5)
    t[5] = 1
    t[6...9] = [0.3, -1.5, 0.2, 2.5]
    t[20] = 2
    t[21...24] = [-0.4, 0.1, 1.7, -0.2]
    let targets = try Tensor(shape: [2, 6, 5], t)
    let report = try GradientCheck.check([out]) {
      try loss.perImage(output: $0[0], targets: targets)
    }
    XCTAssertLessThan(report.maxError, 2e-2, "\(report)")
  }

  func testNMSSuppressesAboveTheThresholdOnly() {
    let boxes = [
      Box(0, 0, 10, 10), Box(1, 0, 11, 10),  // IoU 90/110 = 0.82: suppressed
      Box(0, 0, 10, 5),  // IoU exactly 0.5 with the first: kept at threshold 0.5
      Box(20, 20, 30, 30), Box(0, 0, 10, 10),  // far; identical to the first: suppressed
    ]
    XCTAssertEqual(DetectionDecoder.nms(boxes, threshold: 0.5, limit: 10), [0, 2, 3])
    XCTAssertEqual(DetectionDecoder.nms(boxes, threshold: 0.45, limit: 10), [0, 3])
    XCTAssertEqual(DetectionDecoder.nms(boxes, threshold: 0.5, limit: 2), [0, 2])
    XCTAssertEqual(DetectionDecoder.nms([], threshold: 0.5, limit: 2), [])
  }

  func testDecoderKeepsScoresAboveThresholdPerClassBestFirst() throws {
    // Grid anchors, one class: anchors 0 and 1 say "object" (p = e²/(1+e²) = 0.88), anchor
    // 3 weakly (p = 0.27 for logit −1), anchor 2 not at all (p = 0.018 < 0.05).
    let m = BoxMatching(anchors: grid)
    let decoder = DetectionDecoder(matching: m)
    let rows: [[Float]] = [[0, 2, 0, 0, 0, 0], [0, 2, 0, 0, 0, 0], [4, 0, 0, 0, 0, 0], [0, -1, 0, 0, 0, 0]]
    let out = try Tensor(shape: [1, 4, 6], rows.flatMap { $0 })
    let d = try decoder.detections(out)[0]
    XCTAssertEqual(d.map(\.box), [Box(0, 0, 4, 4), Box(4, 0, 8, 4), Box(4, 4, 8, 8)])
    XCTAssertEqual(d[0].score, exp(2.0) / (1 + exp(2.0)), accuracy: 1e-6)
    let t = try decoder.tensor([d])
    XCTAssertEqual(t.shape, [1, 20, 6])
    XCTAssertEqual(Array(t.scalars[0..<6]), [0, Float(d[0].score), 0, 0, 4, 4])
    XCTAssertEqual(t.scalars[3 * 6], -1)
  }

  func testMeanAPWithDuplicatesMissesAndEmptyImages() {
    let g = [[truth(0, 0, 0, 10, 10)], [truth(0, 20, 20, 30, 30)], []]
    // Best first: a hit on image 0 (TP), its duplicate (FP: taken), a miss on image 1
    // (FP), a detection in the empty image (FP). Recall reaches 1/2 at precision 1: AP 0.5.
    let d: [[Detection]] = [
      [.init(label: 0, score: 0.9, box: Box(0, 0, 10, 10)),
        .init(label: 0, score: 0.8, box: Box(1, 0, 10, 10))],
      [.init(label: 0, score: 0.7, box: Box(0, 0, 5, 5))],
      [.init(label: 0, score: 0.95, box: Box(0, 0, 10, 10))],
    ]
    // The empty image's detection comes first (0.95, FP), then TP: precision 1/2 at
    // recall 1/2 → AP 0.25.
    let r = MeanAveragePrecision.compute(detections: d, truth: g, classes: 2)
    XCTAssertEqual(r.perClass[0], 0.25, accuracy: 1e-12)
    XCTAssertTrue(r.perClass[1].isNaN)  // no ground truth of class 1: left out of the mean
    XCTAssertEqual(r.mean, 0.25, accuracy: 1e-12)
    let withoutEmpty = MeanAveragePrecision.compute(detections: Array(d[0..<2]) + [[]], truth: g, classes: 1)
    XCTAssertEqual(withoutEmpty.mean, 0.5, accuracy: 1e-12)
    // No detections at all: AP 0.
    XCTAssertEqual(MeanAveragePrecision.compute(detections: [[], [], []], truth: g, classes: 1).mean, 0)
  }

  func testMeanAPBreaksScoreTiesByImageOrder() {
    // Equal scores: image 0's false positive is ranked before image 1's hit → AP 0.5;
    // swapping the images ranks the hit first → AP 1.
    let fp = Detection(label: 0, score: 0.8, box: Box(0, 0, 4, 4))
    let hit = Detection(label: 0, score: 0.8, box: Box(10, 10, 14, 14))
    let g = [[GroundTruth](), [truth(0, 10, 10, 14, 14)]]
    XCTAssertEqual(MeanAveragePrecision.compute(detections: [[fp], [hit]], truth: g, classes: 1).mean, 0.5)
    XCTAssertEqual(
      MeanAveragePrecision.compute(detections: [[hit], [fp]], truth: [g[1], g[0]], classes: 1).mean, 1)
  }

  func testInterpolationTakesThePrecisionEnvelope() {
    // Two truths; ranked FP, TP, TP: precisions 0, 1/2, 2/3 at recalls 0, 1/2, 1. The
    // envelope raises the 1/2 to 2/3: AP = 1 · 2/3 (the raw curve would give 7/12).
    let g = [[truth(0, 0, 0, 4, 4), truth(0, 10, 10, 14, 14)]]
    let d = [[
      Detection(label: 0, score: 0.9, box: Box(20, 20, 24, 24)),
      Detection(label: 0, score: 0.8, box: Box(0, 0, 4, 4)),
      Detection(label: 0, score: 0.7, box: Box(10, 10, 14, 14)),
    ]]
    XCTAssertEqual(MeanAveragePrecision.compute(detections: d, truth: g, classes: 1).mean, 2.0 / 3, accuracy: 1e-12)
  }
}
