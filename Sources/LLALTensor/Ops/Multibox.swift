/// SSD's multibox loss per image, fused: cross-entropy, hard-negative mining, smooth L1
/// and the gradient in one kernel pass over each image's anchor rows.
import CKernels

/// The multibox loss of each image; saves each image's max(1, positives) and, per anchor,
/// its logits' max and log-sum and whether it was chosen, from which the backward kernel
/// computes the gradient as the chain of operations it replaces did.
struct MultiboxOp: TapeOp {
  let targets: Tensor
  /// max(1, positives) per image, `[B]`.
  let denominators: Tensor
  /// Per image and anchor: the logits' max, their log-sum, 1 if chosen; `[B, 3, A]`.
  let saved: Tensor
  var name: String { "multiboxLoss" }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let (b, na, w) = (x.shape[0], x.shape[1], x.shape[2])
    let dx = Tensor.uninitialized(x.shape)
    let px = x.storage.base, pt = targets.storage.base, pn = denominators.storage.base
    let ps = saved.storage.base, pg = g.storage.base, pd = dx.storage.base
    Tensor.forMultiboxImages(b, na * w) { lo, count in
      llal_multibox_loss_backward(
        px + lo * na * w, pt + lo * na * 5, count, na, w - 4, pn + lo, ps + lo * 3 * na,
        pg + lo, pd + lo * na * w)
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
  /// positives). Differentiable with respect to `output`; the values and the gradient are
  /// those of that loss written as a chain of operations (`crossEntropy` of the logits,
  /// products by 0/1 masks, `smoothL1` of the whole rows, row sums), bit for bit.
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
    let classes = Float(c)
    for r in 0..<(b * na) {
      let label = pt[r * 5]
      // In range first, so that the conversion to Int is defined.
      guard label >= 0, label < classes, Float(Int(label)) == label else {
        throw TensorError(
          op,
          "label \(label) of image \(r / na), anchor \(r % na) is not a class index in "
            + "0..<\(c)")
      }
    }
    let loss = Tensor.uninitialized([b]), denominators = Tensor.uninitialized([b])
    let tracked = GradMode.enabled && output.requiresGrad
    let saved = tracked ? Tensor.uninitialized([b, 3, na]) : nil
    let px = output.storage.base, pl = loss.storage.base, pn = denominators.storage.base
    let ps = saved?.storage.base
    forMultiboxImages(b, na * w) { lo, count in
      var scratch = [Float](repeating: 0, count: (c + 9) * na)
      scratch.withUnsafeMutableBufferPointer { s in
        llal_multibox_loss(
          px + lo * na * w, pt + lo * na * 5, count, na, c, negativeRatio, minNegatives,
          pl + lo, pn + lo, ps.map { $0 + lo * 3 * na }, s.baseAddress)
      }
    }
    guard let saved else { return loss }
    return record(
      MultiboxOp(targets: targets, denominators: denominators, saved: saved), inputs: [output],
      output: loss)
  }

  /// Splits `images` images of `size` floats over threads when there are enough of them;
  /// `body` gets the first image and the count.
  static func forMultiboxImages(_ images: Int, _ size: Int, _ body: (Int, Int) -> Void) {
    if images == 0 { return }
    Parallel.forRanges(images, grain: Swift.max(1, (1 << 15) / Swift.max(size, 1))) {
      body($0.lowerBound, $0.count)
    }
  }
}
