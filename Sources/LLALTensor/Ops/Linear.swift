/// The fully connected layer's product, `x·Wᵀ + b` (optionally followed by a ReLU), as
/// one operation, with its gradient.
import CKernels

/// The gradient of `linear`: with `relu`, g is first masked where the output is 0
/// (`g′ = g ⊙ [y > 0]`, else `g′ = g`); then dx = g′·W, dW = g′ᵀ·x, db = Σ over rows of g′.
struct LinearOp: TapeOp {
  let rows: Int, inFeatures: Int, outFeatures: Int
  /// Whether the layer's output went through a ReLU (`linear(…, relu: true)`).
  var relu = false
  var name: String { "linear" }
  /// From this many multiply-adds per gradient, two threads compute dx and dW at once.
  /// NOTE: the worker's GEMM reads g and x from the caller's cache: for the MLP's last
  /// layer (128 × 256 × 10, 327,680) that made the pair take 20 µs against 13 µs for both
  /// on the caller.
  static let concurrentGradients = 1 << 19

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (x, w) = (inputs[0], inputs[1])
    let bias = inputs.count == 3 ? inputs[2] : nil
    let db = bias?.requiresGrad == true ? Tensor.uninitialized([outFeatures]) : nil
    // The ReLU's mask and the bias gradient in one pass over the rows of g.
    let masked = relu ? Tensor.uninitialized(g.shape) : g
    if relu || db != nil {
      llal_linear_backward_rows(
        relu ? output.storage.base : nil, g.storage.base, relu ? masked.storage.base : nil,
        db?.storage.base, rows, outFeatures)
    }
    let gp = masked.storage.base
    let dx = x.requiresGrad ? try Tensor.uninitialized(x.shape, op: name) : nil
    let dw = w.requiresGrad ? try Tensor.uninitialized(w.shape, op: name) : nil
    func inputGradient(threads: Int?) {
      guard let dx else { return }
      Gemm.multiply(
        m: rows, n: inFeatures, k: outFeatures, a: gp, lda: outFeatures, b: w.storage.base,
        ldb: inFeatures, c: dx.storage.base, ldc: inFeatures, threads: threads)
    }
    func weightGradient(_ dw: UnsafeMutablePointer<Float>, threads: Int?) {
      Gemm.multiply(
        transA: true, m: outFeatures, n: inFeatures, k: rows, a: gp, lda: outFeatures,
        b: x.storage.base, ldb: inFeatures, c: dw, ldc: inFeatures, threads: threads)
    }
    // NOTE: dx and dW are two GEMMs of the same size (rows·in·out multiply-adds): on two
    // threads each runs whole on its own, instead of each being split in two with its
    // packing done twice and a hand-off per product (MLP step b128: about 10 % less).
    // With more threads, splitting each over all of them is better (a GEMM inside a pool
    // chunk runs on that chunk's thread only).
    if dx != nil, let dw, Parallel.threadCount == 2,
      rows * inFeatures * outFeatures >= Self.concurrentGradients
    {
      if w.node == nil {
        // A leaf's dW is read only after the tape has joined (before it adds to a leaf's
        // gradient, and before it returns; freeing dW joins too): the worker computes it
        // while this thread goes on down the graph with dx (MLP step b128 on two threads:
        // the layer below's backward no longer waits for the 256 × 256 layer's dW, and the
        // step takes 0.364 ms against 0.372).
        let into = dw.storage.base
        dw.storage.writtenBySpawnedChunk = true
        KernelThreads.spawn(threads: 2) {
          withExtendedLifetime((masked, x, w)) { weightGradient(into, threads: 1) }
        }
        inputGradient(threads: 1)
      } else {
        KernelThreads.forEach(2, threads: 2) {
          $0 == 0 ? inputGradient(threads: 1) : weightGradient(dw.storage.base, threads: 1)
        }
      }
    } else {
      inputGradient(threads: nil)
      if let dw { weightGradient(dw.storage.base, threads: nil) }
    }
    return bias == nil ? [dx, dw] : [dx, dw, db]
  }
}

extension Tensor {
  /// A fully connected layer, `x·Wᵀ + b`, as one fused operation (PyTorch's layout);
  /// with `relu`, `relu(x·Wᵀ + b)`, equal, values and gradients, to `.relu()` after it.
  ///
  /// - Parameters:
  ///   - x: `[..., in]`; every leading dimension is a batch of rows.
  ///   - weight: `[out, in]`.
  ///   - bias: `[out]`, or nil for none.
  ///   - relu: whether the ReLU follows, in the same pass as the bias (`Gemm.multiply`).
  /// - Returns: `[..., out]`.
  public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, relu: Bool = false)
    throws -> Tensor
  {
    let op = "linear"
    guard weight.rank == 2 else {
      throw TensorError(op, "weight must be 2-D [out, in], got \(describeShape(weight.shape))")
    }
    let (outF, inF) = (weight.shape[0], weight.shape[1])
    guard x.rank >= 1, x.shape[x.rank - 1] == inF else {
      throw TensorError(
        op,
        "input \(describeShape(x.shape)) does not end in the \(inF) input features of "
          + "weight \(describeShape(weight.shape))")
    }
    if let bias, bias.shape != [outF] {
      throw TensorError(
        op,
        "bias \(describeShape(bias.shape)) does not match the \(outF) outputs of weight "
          + describeShape(weight.shape))
    }
    let rows = inF == 0 ? x.shape.dropLast().reduce(1, *) : x.count / inF
    let out = try Tensor.uninitialized(Array(x.shape.dropLast()) + [outF], op: op)
    let y = out.storage.base
    // Every row starts from the bias; the GEMM adds x·Wᵀ (nothing when in = 0) and
    // applies the ReLU.
    Gemm.multiply(
      transB: true, m: rows, n: outF, k: inF, a: x.storage.base, lda: inF,
      b: weight.storage.base, ldb: inF, c: y, ldc: outF, bias: bias?.storage.base, relu: relu)
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return record(
      LinearOp(rows: rows, inFeatures: inF, outFeatures: outF, relu: relu), inputs: inputs,
      output: out)
  }
}
