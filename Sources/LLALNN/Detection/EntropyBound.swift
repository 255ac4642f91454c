import Foundation

/// An upper bound of a softmax's entropy from the gap between its two largest logits, so
/// that an image's largest anchor entropy (`DetectTask.sampleEntropy`) need not compute
/// the entropy of the anchors that cannot reach the largest so far: after training most
/// anchors are confidently background, and the profile of `al-detect` showed the
/// exponentials and logarithm of every anchor (in Double) at 1.7% of a cycle.
///
/// With `k` classes, `P` the largest probability and `d` the gap, `P ≥ 1 / (1 + (k − 1)
/// e^−d)`, and (Fano) `H ≤ h(P) + (1 − P) log(k − 1)`, `h` the binary entropy, which falls
/// as `P` rises from `1/k`. The table holds that bound at gaps `0, step, 2·step, …`; every
/// gap from a table point on has at most that point's bound.
struct EntropyBound {
  /// Gap between table points.
  static let step = 1.0 / 64
  /// Bounds at gaps `i · step`, the last one holding for every larger gap.
  let table: [Double]

  /// The table for `classes` ≥ 2 classes (background included), up to a gap of 48, where
  /// the bound is below 1e-18.
  init(classes k: Int) {
    let tail = Double(k - 1)
    table = (0...(48 * 64)).map { i in
      let p = 1 / (1 + tail * exp(-Double(i) * Self.step))
      let h = p >= 1 ? 0 : -(p * log(p) + (1 - p) * log(1 - p))
      return h + (1 - p) * log(tail)
    }
  }

  /// A value no entropy of a softmax whose two largest logits differ by `gap` (≥ 0,
  /// finite) exceeds.
  func bound(gap: Double) -> Double {
    let i = Swift.min(Int(gap / Self.step), table.count - 1)
    return table[i]
  }
}
