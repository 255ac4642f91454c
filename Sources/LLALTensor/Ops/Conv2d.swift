import CKernels

/// 2-D convolution over NCHW images, lowered to GEMM (see `Kernels/Conv2dKernels.swift`),
/// and its gradient with respect to the input, the weight and the bias.

/// The gradient of `conv2d`: dx as a convolution of dy with the flipped kernel (stride 1)
/// or by GEMM with the transposed weight then col2im; dw and db by GEMM of the output
/// gradient against the gathered input.
struct Conv2dOp: TapeOp {
  let shape: llal_conv_shape
  var name: String { "conv2d" }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (x, w) = (inputs[0], inputs[1])
    let bias = inputs.count == 3 ? inputs[2] : nil
    var grads: [Tensor?] = [nil, nil]
    if x.requiresGrad {
      let dx = try Tensor.uninitialized(x.shape, op: name)
      if dx.count > 0 && shape.out_c > 0 {
        Conv2dKernels.backwardInput(
          shape, w: w.storage.base, dy: g.storage.base, dx: dx.storage.base)
      } else {
        dx.storage.base.update(repeating: 0, count: dx.count)
      }
      grads[0] = dx
    }
    let wantBias = bias?.requiresGrad ?? false
    if w.requiresGrad || wantBias {
      let dw = try Tensor.uninitialized(w.shape, op: name)
      let db = try Tensor.uninitialized([shape.out_c], op: name)
      Conv2dKernels.backwardWeight(
        shape, x: x.storage.base, dy: g.storage.base, dw: dw.storage.base,
        db: wantBias ? db.storage.base : nil)
      if w.requiresGrad { grads[1] = dw }
      if wantBias { grads.append(db) }
    }
    if bias != nil && grads.count == 2 { grads.append(nil) }
    return grads
  }
}

extension Tensor {
  /// 2-D convolution (cross-correlation, as in PyTorch) of NCHW images.
  ///
  /// `y[n, co, i, j] = b[co] + Σ w[co, ci, u, v] · x[n, ci, i·s + u − p, j·s + v − p]`,
  /// summed over ci, u, v, with zeros outside the image.
  ///
  /// - Parameters:
  ///   - x: `[N, Cin, H, W]`.
  ///   - weight: `[Cout, Cin, k, k]`.
  ///   - bias: `[Cout]`, or nil for none.
  ///   - stride: step between output pixels, at least 1.
  ///   - padding: zeros added on every side, at least 0.
  /// - Returns: `[N, Cout, (H + 2p − k) / s + 1, (W + 2p − k) / s + 1]`.
  public static func conv2d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0
  ) throws -> Tensor {
    let s = try convShape(x.shape, weight.shape, bias: bias?.shape, stride, padding)
    let out = try Tensor.uninitialized([s.batch, s.out_c, s.out_h, s.out_w], op: "conv2d")
    if out.count > 0 {
      if s.in_c == 0 {
        // No taps: the output is the bias alone.
        let y = out.storage.base, plane = s.out_h * s.out_w
        for i in 0..<(s.batch * s.out_c) {
          (y + i * plane).update(repeating: bias?.storage.base[i % s.out_c] ?? 0, count: plane)
        }
      } else {
        let b = bias.map { UnsafePointer($0.storage.base) }
        Conv2dKernels.forward(
          s, x: x.storage.base, w: weight.storage.base, bias: b, y: out.storage.base)
      }
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return record(Conv2dOp(shape: s), inputs: inputs, output: out)
  }

  /// Checks the operands of `conv2d` and computes the output size, or throws a
  /// `TensorError` naming the shapes.
  static func convShape(
    _ x: [Int], _ w: [Int], bias: [Int]?, _ stride: Int, _ padding: Int
  ) throws -> llal_conv_shape {
    let op = "conv2d"
    guard x.count == 4 else {
      throw TensorError(op, "input must be 4-D [N, C, H, W], got \(describeShape(x))")
    }
    guard w.count == 4, w[2] == w[3], w[2] >= 1 else {
      throw TensorError(
        op, "weight must be 4-D [Cout, Cin, k, k] with a square kernel, got \(describeShape(w))")
    }
    guard x[1] == w[1] else {
      throw TensorError(
        op,
        "input \(describeShape(x)) has \(x[1]) channels but weight \(describeShape(w)) "
          + "expects \(w[1])")
    }
    guard stride >= 1 else { throw TensorError(op, "stride must be at least 1, got \(stride)") }
    guard padding >= 0 else {
      throw TensorError(op, "padding must not be negative, got \(padding)")
    }
    // Keeps the padded sizes below from overflowing Int.
    guard padding <= maxElementCount else {
      throw TensorError(op, "padding \(padding) exceeds the limit of \(maxElementCount)")
    }
    let k = w[2]
    let (ph, pw) = (x[2] + 2 * padding, x[3] + 2 * padding)
    guard k <= ph, k <= pw else {
      throw TensorError(
        op,
        "kernel \(k)x\(k) is larger than the padded input \(ph)x\(pw) (input "
          + "\(describeShape(x)), padding \(padding))")
    }
    if let bias, bias != [w[0]] {
      throw TensorError(
        op,
        "bias \(describeShape(bias)) does not match the \(w[0]) output channels of weight "
          + describeShape(w))
    }
    let s = llal_conv_shape(
      batch: x[0], in_c: x[1], in_h: x[2], in_w: x[3], out_c: w[0], kernel: k,
      stride: stride, pad: padding, out_h: (ph - k) / stride + 1, out_w: (pw - k) / stride + 1)
    _ = try checkedCount([s.batch, s.out_c, s.out_h, s.out_w], op: op)
    return s
  }
}
