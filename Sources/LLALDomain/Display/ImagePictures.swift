import LLALData
import LLALRender
import LLALTensor

/// Images and boxes from tensors as the pictures of an image grid: one grey image per
/// sample (channels averaged), ground-truth boxes `[N, M, 5]` (class, x1, y1, x2, y2) and
/// a detector's predictions `[N, K, 6]` (class, score, x1, y1, x2, y2), rows of class −1
/// being padding.
enum ImagePictures {
  /// Sample `index` of images `x` `[N, C, H, W]` as grey pixels, with `boxes`.
  static func image(
    _ x: Tensor, _ index: Int, caption: String, boxes: [ImageGrid.Box] = []
  ) -> ImageGrid.Image {
    let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
    var grey = [Double](repeating: 0, count: h * w)
    let values = x.storage.base
    for ch in 0..<c {
      let base = (index * c + ch) * h * w
      for p in 0..<(h * w) { grey[p] += Double(values[base + p]) / Double(c) }
    }
    return ImageGrid.Image(width: w, height: h, pixels: grey, caption: caption, boxes: boxes)
  }

  /// The ground-truth boxes of image `index` of `boxes` `[N, M, 5]`.
  static func truth(_ boxes: Tensor, _ index: Int, names: [String]?) -> [ImageGrid.Box] {
    rows(boxes, index).compactMap { r in
      guard r[0] >= 0 else { return nil }
      return ImageGrid.Box(
        x1: Double(r[1]), y1: Double(r[2]), x2: Double(r[3]), y2: Double(r[4]),
        label: label(Int(r[0]), names), colour: Int(r[0]))
    }
  }

  /// The predictions of image `index` of `predictions` `[N, K, 6]` scoring at least
  /// `minScore`, labelled with their score.
  static func predicted(
    _ predictions: Tensor, _ index: Int, names: [String]?, minScore: Float
  ) -> [ImageGrid.Box] {
    rows(predictions, index).compactMap { r in
      guard r[0] >= 0, r[1] >= minScore else { return nil }
      return ImageGrid.Box(
        x1: Double(r[2]), y1: Double(r[3]), x2: Double(r[4]), y2: Double(r[5]),
        label: label(Int(r[0]), names) + " " + ResultsValue.format(Double(r[1]), 2),
        colour: Int(r[0]), predicted: true)
    }
  }

  /// The name of class `c`: its entry in `names`, else `class c`.
  static func label(_ c: Int, _ names: [String]?) -> String {
    if let names, c < names.count { return names[c] }
    return "class \(c)"
  }

  /// The rows of sample `index` of a `[N, R, width]` tensor.
  private static func rows(_ t: Tensor, _ index: Int) -> [[Float]] {
    let (r, width) = (t.shape[1], t.shape[2])
    let base = t.storage.base + index * r * width
    return (0..<r).map { k in (0..<width).map { base[k * width + $0] } }
  }

  /// Checks predictions `[N, K, 6]` for `n` images: finite values, classes whole numbers
  /// >= −1. Returns the reason it is refused, or nil.
  static func problem(predictions p: Tensor, images n: Int) -> String? {
    guard p.rank == 3, p.shape[0] == n, p.shape[2] == 6 else {
      return "must be [N, K, 6] (class, score, x1, y1, x2, y2 per row) with N = \(n) images, "
        + "found \(describeShape(p.shape))"
    }
    let v = p.scalars
    if let i = v.firstIndex(where: { !$0.isFinite }) {
      return "holds \(v[i]) at image \(i / (6 * p.shape[1])), row \((i / 6) % p.shape[1]); "
        + "values must be finite"
    }
    for i in stride(from: 0, to: v.count, by: 6) where v[i] < -1 || v[i] != v[i].rounded() {
      return "holds class \(describeNumber(v[i])) at image \(i / (6 * p.shape[1])), row "
        + "\((i / 6) % p.shape[1]); classes are whole numbers >= 0, or -1 for padding"
    }
    return nil
  }
}
