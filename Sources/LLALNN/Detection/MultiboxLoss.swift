import LLALTensor

/// SSD's multibox loss per image, as `shared/peers/al_detect.py`'s `per_image_loss`: the
/// cross-entropy of the positive anchors and of the hard negatives, plus smooth L1 (β 1)
/// summed over the 4 offsets of the positives, all divided by max(1, positives).
///
/// Hard negatives are the `n` background anchors with the largest cross-entropy
/// −log p(background), `n = min(background anchors, max(negativeRatio × positives,
/// minNegatives))`; every anchor tied with the n-th is taken too. The choice is made on
/// the values, outside differentiation (as the peer's `no_grad`).
public struct MultiboxLoss: Sendable, Equatable {
  /// Classes including background (`C + 1`).
  public let scores: Int
  /// Negatives per positive (3).
  public let negativeRatio: Int
  /// The fewest negatives per image (3), so that images without objects still learn.
  public let minNegatives: Int

  /// The loss over outputs of `scores` logits then 4 offsets per anchor.
  public init(scores: Int, negativeRatio: Int = 3, minNegatives: Int = 3) {
    self.scores = scores
    self.negativeRatio = negativeRatio
    self.minNegatives = minNegatives
  }

  /// The loss of each image `[B]`, differentiable with respect to `output` `[B, A,
  /// scores + 4]`; `targets` `[B, A, 5]` are `BoxMatching.targets` rows (label, offsets).
  public func perImage(output: Tensor, targets: Tensor) throws -> Tensor {
    let width = scores + 4
    guard output.rank == 3, output.shape[2] == width, targets.shape == [
      output.shape[0], output.shape[1], 5,
    ] else {
      throw TaskError(
        "task detect needs outputs [B, anchors, \(width)] and loss targets [B, anchors, 5], got "
          + "\(describeShape(output.shape)) and \(describeShape(targets.shape))")
    }
    let (b, na) = (output.shape[0], output.shape[1])
    // One pass over the targets: the labels, the positives of each image, and, in the
    // output's layout, the encoded offsets in each anchor's last 4 columns with a weight
    // of 1 on those of the positives. Smooth L1 runs on whole output rows against them,
    // so the gradient reaches the output without a slice of the box columns (and their
    // scatter back); the weight 0 keeps the logit columns out of it.
    var labels = [Int](repeating: 0, count: b * na)
    var npos = [Float](repeating: 0, count: b)
    let goal = try Tensor.zeros([b, na, width]), weight = try Tensor.zeros([b, na, width])
    targets.withUnsafeBuffer { t in
      goal.withUnsafeMutableBuffer { g in
        weight.withUnsafeMutableBuffer { w in
          for r in 0..<(b * na) {
            let label = Int(t[r * 5])
            labels[r] = label
            for k in 0..<4 { g[r * width + scores + k] = t[r * 5 + 1 + k] }
            if label > 0 {
              npos[r / na] += 1
              for k in 0..<4 { w[r * width + scores + k] = 1 }
            }
          }
        }
      }
    }
    let logits = try output.slice(axis: 2, start: 0, end: scores).reshaped([b * na, scores])
    let ce = try Tensor.crossEntropy(logits: logits, targets: labels).reshaped([b, na])
    let selected = ce.withUnsafeBuffer { mine(ce: $0, labels: labels, b, na).selected }
    let cls = try (ce * Tensor(shape: [b, na], selected)).sum(axes: [1])
    let smooth = try (output - goal).smoothL1(beta: 1)
    let loc = try (smooth * weight).reshaped([b, na * width]).sum(axes: [1])
    return try (cls + loc) / Tensor(shape: [b], npos.map { Swift.max(1, $0) })
  }

  /// Per anchor of each image, 1 where it counts in the cross-entropy (positive or hard
  /// negative) and 1 where it is positive; `ce` is the cross-entropy of every anchor.
  public func mine(ce: [Float], labels: [Int], _ b: Int, _ na: Int) -> ([Float], [Float]) {
    ce.withUnsafeBufferPointer { mine(ce: $0, labels: labels, b, na) }
  }

  /// `mine` on the cross-entropy values in place.
  func mine(ce: UnsafeBufferPointer<Float>, labels: [Int], _ b: Int, _ na: Int)
    -> (selected: [Float], positive: [Float])
  {
    var selected = [Float](repeating: 0, count: b * na)
    var positive = [Float](repeating: 0, count: b * na)
    var negatives: [Float] = []
    negatives.reserveCapacity(na)
    for i in 0..<b {
      let rows = (i * na)..<((i + 1) * na)
      negatives.removeAll(keepingCapacity: true)
      for r in rows {
        if labels[r] > 0 {
          positive[r] = 1
          selected[r] = 1
        } else {
          negatives.append(ce[r])
        }
      }
      let npos = na - negatives.count
      let n = Swift.min(negatives.count, Swift.max(negativeRatio * npos, minNegatives))
      guard n > 0 else { continue }
      let kth = Self.nthLargest(negatives, n)
      for r in rows where labels[r] == 0 && ce[r] >= kth { selected[r] = 1 }
    }
    return (selected, positive)
  }

  /// The `n`-th largest of `values` (1-based; `n` in 1...count), by quickselect: the
  /// profile of a detection cycle showed a full sort of each image's negatives at 4% of
  /// the time.
  static func nthLargest(_ values: [Float], _ n: Int) -> Float {
    var copy = values
    let k = n - 1
    // NOTE: on the buffer, without the array's bounds and uniqueness checks in the loops.
    return copy.withUnsafeMutableBufferPointer { v in
      var lo = 0, hi = v.count - 1
      while lo < hi {
        // Hoare partition, descending: v[lo...j] >= pivot >= v[i...hi], equal between.
        let pivot = v[(lo + hi) / 2]
        var i = lo, j = hi
        while i <= j {
          while v[i] > pivot { i += 1 }
          while v[j] < pivot { j -= 1 }
          if i <= j {
            v.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        if k <= j {
          hi = j
        } else if k >= i {
          lo = i
        } else {
          return v[k]
        }
      }
      return v[k]
    }
  }
}
