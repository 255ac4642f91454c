/// SSD's multibox loss per image, fused: cross-entropy, hard-negative mining, smooth L1
/// and the gradient in one kernel pass over each image's anchor rows.
import CKernels

/// The multibox loss of each image; saves `d loss[i] / d output[i]`, which the kernel
/// computes with the loss. Each image's loss depends on its own rows only, so the
/// vector-Jacobian product scales each image's rows of it by that image's gradient.
struct MultiboxOp: TapeOp {
  /// `d loss[i] / d output[i]`, `[B, A, C + 4]`.
  let jacobian: Tensor
  var name: String { "multiboxLoss" }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let b = jacobian.shape[0]
    let m = b == 0 ? 0 : jacobian.count / b
    let dx = Tensor.uninitialized(jacobian.shape)
    let pj = jacobian.storage.base, pg = g.storage.base, pd = dx.storage.base
    Parallel.forRanges(b, grain: Swift.max(1, (1 << 15) / Swift.max(m, 1))) { images in
      for i in images {
        llal_binary(Int32(LLAL_BINARY_MUL), pj + i * m, 1, pg + i, 0, pd + i * m, m)
      }
    }
    return [dx]
  }
}

extension Tensor {
  /// SSD's multibox loss of each image, `[B]`, as `shared/peers/al_detect.py`'s
  /// `per_image_loss`. `output` `[B, A, C + 4]` holds per anchor `C` class logits
  /// (background first) then 4 box offsets; `targets` `[B, A, 5]` per anchor its label (a
  /// whole number in `0..<C`, 0 background) then its 4 encoded offsets.
  ///
  /// Per image: the cross-entropy of the positive anchors (label > 0) and of the hard
  /// negatives — the `n = min(background anchors, max(negativeRatio × positives,
  /// minNegatives))` background anchors with the largest cross-entropy, every anchor tied
  /// with the n-th taken too, chosen on the values and not differentiated — plus the
  /// smooth L1 (β 1) summed over the positives' 4 offsets, all divided by max(1,
  /// positives). The sums are in Double; differentiable with respect to `output`.
  public static func multiboxLoss(
    output: Tensor, targets: Tensor, negativeRatio: Int = 3, minNegatives: Int = 3
  ) throws -> Tensor {
    let op = "multiboxLoss"
    guard output.rank == 3, output.shape[2] >= 5,
      targets.shape == [output.shape[0], output.shape[1], 5]
    else {
      throw TensorError(
        op,
        "expects outputs [B, A, C + 4] (C >= 1) and targets [B, A, 5], got "
          + "\(describeShape(output.shape)) and \(describeShape(targets.shape))")
    }
    guard negativeRatio >= 0, minNegatives >= 0 else {
      throw TensorError(
        op,
        "negativeRatio and minNegatives must be >= 0, got \(negativeRatio) and \(minNegatives)"
      )
    }
    let (b, na, w) = (output.shape[0], output.shape[1], output.shape[2])
    let c = w - 4
    let pt = targets.storage.base
    for r in 0..<(b * na) {
      let label = pt[r * 5]
      guard label >= 0, label < Float(c), label.rounded() == label else {
        throw TensorError(
          op,
          "label \(label) of image \(r / na), anchor \(r % na) is not a class index in "
            + "0..<\(c)")
      }
    }
    let loss = Tensor.uninitialized([b])
    let tracked = GradMode.enabled && output.requiresGrad
    let jacobian = tracked ? Tensor.uninitialized(output.shape) : nil
    let px = output.storage.base, pl = loss.storage.base, pj = jacobian?.storage.base
    Parallel.forRanges(b, grain: Swift.max(1, (1 << 15) / Swift.max(na * w, 1))) { images in
      var scratch = [Float](repeating: 0, count: 4 * na)
      let lo = images.lowerBound
      scratch.withUnsafeMutableBufferPointer { s in
        llal_multibox_loss(
          px + lo * na * w, pt + lo * na * 5, images.count, na, c, negativeRatio,
          minNegatives, pl + lo, pj.map { $0 + lo * na * w }, s.baseAddress)
      }
    }
    guard let jacobian else { return loss }
    return record(MultiboxOp(jacobian: jacobian), inputs: [output], output: loss)
  }
}
