/// Fused, numerically stable cross-entropy of logits against class indices, per sample.
import CKernels

/// Per-sample cross-entropy; saves the targets, each row's maximum and its shifted log-sum.
struct CrossEntropyOp: TapeOp {
  let targets: [Int32]
  /// maxⱼ xᵢⱼ per row, [N].
  let rowMax: Tensor
  /// log Σⱼ e^{xᵢⱼ − maxᵢ} per row, [N]: kept apart from the max, whose sum with it drops
  /// its low bits once the logits reach the thousands.
  let logSum: Tensor
  var name: String { "crossEntropy" }

  // lossᵢ = log Σⱼ e^{xᵢⱼ} − xᵢₜ, so dlossᵢ/dxᵢⱼ = softmax(xᵢ)ⱼ − [j = tᵢ].
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let (n, c) = (x.shape[0], x.shape[1])
    let dx = Tensor.uninitialized(x.shape)
    let px = x.storage.base, pm = rowMax.storage.base, pl = logSum.storage.base
    let pg = g.storage.base
    let pd = dx.storage.base
    targets.withUnsafeBufferPointer { t in
      Tensor.forCrossEntropyRows(n, c) { rows in
        let lo = rows.lowerBound
        llal_cross_entropy_backward(
          px + lo * c, t.baseAddress.map { $0 + lo }, pm + lo, pl + lo, pg + lo, rows.count,
          c, pd + lo * c)
      }
    }
    return [dx]
  }
}

extension Tensor {
  /// The cross-entropy of each row of `logits` [N, C] against its class index in
  /// `targets` (N values in `0..<C`): `log Σⱼ e^{xᵢⱼ} − xᵢ,targetᵢ`, shape [N]. Fused and
  /// shifted by each row's maximum, so logits in the thousands give finite losses; take
  /// `.mean()` for the usual batch loss.
  ///
  ///     let loss = try Tensor.crossEntropy(logits: model(x), targets: labels).mean()
  public static func crossEntropy(logits: Tensor, targets: [Int]) throws -> Tensor {
    let op = "crossEntropy"
    guard logits.rank == 2 else {
      throw TensorError(op, "logits must be 2-D [N, C], got \(describeShape(logits.shape))")
    }
    let (n, c) = (logits.shape[0], logits.shape[1])
    guard targets.count == n else {
      throw TensorError(
        op, "\(targets.count) targets for logits \(describeShape(logits.shape)); expected \(n)")
    }
    if let i = targets.firstIndex(where: { $0 < 0 || $0 >= c }) {
      throw TensorError(
        op,
        "target \(targets[i]) at index \(i) is out of range for logits "
          + "\(describeShape(logits.shape)) (classes 0..<\(c))")
    }
    // In range of C, which fits Int32 (C ≤ maxElementCount = 2³⁰).
    let t = targets.map { Int32($0) }
    let loss = Tensor.uninitialized([n])
    let rowMax = Tensor.uninitialized([n])
    let logSum = Tensor.uninitialized([n])
    let px = logits.storage.base, pl = loss.storage.base
    let pm = rowMax.storage.base, ps = logSum.storage.base
    t.withUnsafeBufferPointer { tp in
      forCrossEntropyRows(n, c) { rows in
        let lo = rows.lowerBound
        llal_cross_entropy(
          px + lo * c, tp.baseAddress.map { $0 + lo }, rows.count, c, pl + lo, pm + lo,
          ps + lo)
      }
    }
    return record(
      CrossEntropyOp(targets: t, rowMax: rowMax, logSum: logSum), inputs: [logits],
      output: loss)
  }

  /// `crossEntropy(logits:targets:)` with the class indices as a [N] tensor of whole
  /// numbers (as labels are stored in datasets).
  public static func crossEntropy(logits: Tensor, targets: Tensor) throws -> Tensor {
    let op = "crossEntropy"
    guard targets.rank == 1 else {
      throw TensorError(
        op,
        "targets must be 1-D [N], got \(describeShape(targets.shape)) for logits "
          + describeShape(logits.shape))
    }
    let values = targets.scalars
    if let i = values.firstIndex(where: { $0.rounded() != $0 || Swift.abs($0) > 1e9 }) {
      throw TensorError(
        op,
        "target \(values[i]) at index \(i) is not a class index (logits "
          + "\(describeShape(logits.shape)))")
    }
    return try crossEntropy(logits: logits, targets: values.map { Int($0) })
  }

  /// Splits `n` rows of `c` logits over threads when there are enough of them.
  static func forCrossEntropyRows(_ n: Int, _ c: Int, _ body: (Range<Int>) -> Void) {
    if n == 0 { return }
    Parallel.forRanges(n, grain: Swift.max(1, (1 << 15) / Swift.max(c, 1)), body)
  }
}
