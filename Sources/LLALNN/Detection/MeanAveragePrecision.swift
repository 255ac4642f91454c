/// Mean average precision at one IoU, VOC-style, as `shared/peers/al_detect.py`'s
/// `voc_map`: per class, the detections of every image sorted by descending score
/// (stable: image order, then each image's order); each is matched to the ground truth of
/// its class in its image with the largest IoU (the first on ties): a true positive when
/// that IoU reaches `threshold` and that ground truth is not taken yet, else a false
/// positive. AP is the area under the monotone precision envelope at every recall
/// (VOC 2010+, all points). A class without ground truth is left out of the mean; one
/// with ground truth but no detections has AP 0.
public enum MeanAveragePrecision {
  /// The mean AP and the AP of each class (NaN for a class without ground truth);
  /// `detections` and `truth` are per image, in the same order.
  public static func compute(
    detections: [[Detection]], truth: [[GroundTruth]], classes: Int, threshold: Double = 0.5
  ) -> (mean: Double, perClass: [Double]) {
    var aps: [Double] = []
    for c in 0..<classes {
      let gts = truth.map { $0.filter { $0.label == c }.map(\.box) }
      let npos = gts.reduce(0) { $0 + $1.count }
      guard npos > 0 else {
        aps.append(.nan)
        continue
      }
      // (image, score, best truth, its IoU) in image order, then per-image order.
      var rows: [(image: Int, score: Double, best: Int, iou: Double)] = []
      for (i, ds) in detections.enumerated() {
        for d in ds where d.label == c {
          var best = 0, bestIoU = -1.0
          for (j, g) in gts[i].enumerated() {
            let v = d.box.iou(g)
            if v > bestIoU { best = j; bestIoU = v }
          }
          rows.append((i, d.score, best, bestIoU))
        }
      }
      let order = rows.indices.sorted {
        rows[$0].score != rows[$1].score ? rows[$0].score > rows[$1].score : $0 < $1
      }
      var taken = gts.map { [Bool](repeating: false, count: $0.count) }
      var tp = 0.0, fp = 0.0
      var recall: [Double] = [0], precision: [Double] = [0]
      for r in order {
        let d = rows[r]
        if d.iou >= threshold, !taken[d.image][d.best] {
          taken[d.image][d.best] = true
          tp += 1
        } else {
          fp += 1
        }
        recall.append(tp / Double(npos))
        precision.append(tp / Swift.max(tp + fp, Double.ulpOfOne))
      }
      recall.append(1)
      precision.append(0)
      for i in stride(from: precision.count - 2, through: 0, by: -1) {
        precision[i] = Swift.max(precision[i], precision[i + 1])
      }
      var ap = 0.0
      for i in 0..<(recall.count - 1) where recall[i + 1] != recall[i] {
        ap += (recall[i + 1] - recall[i]) * precision[i + 1]
      }
      aps.append(ap)
    }
    let present = aps.filter { !$0.isNaN }
    return (present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count), aps)
  }
}
