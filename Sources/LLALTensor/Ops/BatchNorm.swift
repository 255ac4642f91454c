/// Batch normalisation over axis 1 (the channels): training mode with batch statistics,
/// and inference mode with given (running) statistics. Both are fused kernels with their
/// own VJP, working per channel over the contiguous planes `x[n, c, …]` (or down the
/// column of an `[N, C]` matrix), the channels spread over cores.
///
/// With `M` values per channel, `μ = Σx/M`, `v = Σ(x − μ)²/M` (biased), `σ = √(v + ε)`,
/// `x̂ = (x − μ)/σ` and `y = γ·x̂ + β`.
///
/// Both can apply a ReLU to `y` in the same pass (`relu: true`, for a network's batch
/// norm whose only reader is a ReLU): the VJP then masks `g` with `y > 0` on the fly,
/// which is exactly the gradient `relu()` would have passed on, summed in the same order,
/// so the fused op gives the same numbers as the two ops, with one pass over the
/// activations less each way. The mask is recomputed from `x` with the forward's own
/// expression `a·x + b` (the same bits), so the VJP does not read `y`.
///
/// The loops over a channel's values are C kernels (batchnorm.h).
import CKernels

/// The layout `[N, C, rest…]` seen as `n` planes of `plane` values per channel.
private struct ChannelLayout {
  let n: Int, channels: Int, plane: Int
  var perChannel: Int { n * plane }

  init(_ shape: [Int]) {
    n = shape[0]
    channels = shape[1]
    plane = shape[2...].reduce(1, *)
  }

  /// Where channel `c`'s values lie, as the C kernels take them (batchnorm.h): `runs`
  /// runs of `len` contiguous values from `offset`, `stride` apart. One plane per sample,
  /// or for planes of one value (`[N, C]`) runs of one value down the column.
  @inline(__always)
  func runs(_ c: Int) -> (offset: Int, runs: Int, len: Int, stride: Int) {
    (c * plane, n, plane, channels * plane)
  }

  /// Runs `body(c)` for every channel, spread over the cores.
  func forEachChannel(_ body: (Int) -> Void) {
    Parallel.forRanges(channels, grain: max(1, (1 << 14) / max(1, perChannel))) { range in
      for c in range { body(c) }
    }
  }
}

/// Training-mode batch norm. Saves `μ` and `1/σ` per channel, and the forward's `a = γ/σ`
/// and `b = β − μ·a` for the ReLU's mask; `x̂` is recomputed.
///
/// With `g = ∂L/∂y`: `∂L/∂β = Σg`, `∂L/∂γ = Σ g·x̂`, and since μ and σ depend on every x,
/// `∂L/∂xᵢ = (γ/σ)/M · (M·gᵢ − Σg − x̂ᵢ·Σ g·x̂)`.
struct BatchNormOp: TapeOp {
  let mean: [Float]
  let invStd: [Float]
  /// The forward's `y = a·x + b` per channel.
  let a: [Float], b: [Float]
  /// Whether the output went through a ReLU.
  let relu: Bool
  var name: String { relu ? "batchNorm+relu" : "batchNorm" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (x, gamma, beta) = (inputs[0], inputs[1], inputs[2])
    let layout = ChannelLayout(x.shape)
    let dx = x.requiresGrad ? Tensor.uninitialized(x.shape) : nil
    let dGamma = Tensor.uninitialized(gamma.shape)
    let dBeta = Tensor.uninitialized(beta.shape)
    let gp = g.storage.base, xp = x.storage.base, gam = gamma.storage.base
    let dxp = dx?.storage.base
    let dgp = dGamma.storage.base, dbp = dBeta.storage.base
    let relu: Int32 = relu ? 1 : 0
    let m = Float(layout.perChannel)
    layout.forEachChannel { c in
      let mu = mean[c], inv = invStd[c]
      let (o, runs, len, stride) = layout.runs(c)
      var sums = (0.0, 0.0)
      withUnsafeMutableBytes(of: &sums) { raw in
        llal_bn_grad_sums(
          gp + o, xp + o, relu, a[c], b[c], runs, len, stride, mu,
          raw.baseAddress!.assumingMemoryBound(to: Double.self))
      }
      let (sg, sgx) = sums
      dbp[c] = Float(sg)
      dgp[c] = Float(sgx) * inv  // Σ g·x̂
      guard let dxp else { return }
      // dx = k·g + slope·(x − μ) − k·Σg/M, with k = γ/σ and slope = −k·Σg·x̂/(σM).
      let k = gam[c] * inv
      let slope = -k * Float(sgx) * inv * inv / m
      let shift = -k * Float(sg) / m - slope * mu
      llal_bn_grad_input(
        gp + o, xp + o, relu, a[c], b[c], dxp + o, runs, len, stride, k, 1, slope, shift)
    }
    return [dx, gamma.requiresGrad ? dGamma : nil, beta.requiresGrad ? dBeta : nil]
  }
}

/// Inference-mode batch norm with given statistics, `y = a·x + b` with `a = γ/σ` and
/// `b = β − μ·a`. With `g = ∂L/∂y`: `∂L/∂x = a·g`, `∂L/∂β = Σg`, `∂L/∂γ = Σ g·x̂`,
/// `∂L/∂μ = −a·Σg` and `∂L/∂v = −γ/(2σ³)·Σ g·(x − μ)`.
struct BatchNormInferenceOp: TapeOp {
  let eps: Float
  /// Whether the output went through a ReLU.
  let relu: Bool
  var name: String { relu ? "batchNormInference+relu" : "batchNormInference" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    let layout = ChannelLayout(x.shape)
    let dx = x.requiresGrad ? Tensor.uninitialized(x.shape) : nil
    // Per-channel gradients in input order: mean, variance, gamma, beta.
    let perChannel = inputs[1...].map { Tensor.uninitialized($0.shape) }
    let gp = g.storage.base, xp = x.storage.base
    let (mp, vp, gam) = (inputs[1].storage.base, inputs[2].storage.base, inputs[3].storage.base)
    let (dm, dv, dgam, dbet) = (
      perChannel[0].storage.base, perChannel[1].storage.base, perChannel[2].storage.base,
      perChannel[3].storage.base
    )
    let dxp = dx?.storage.base
    let bet = inputs[4].storage.base
    let relu: Int32 = relu ? 1 : 0
    layout.forEachChannel { c in
      let inv = 1 / (vp[c] + eps).squareRoot()
      let a = gam[c] * inv
      // The forward's own coefficients, for the ReLU's mask.
      let (fa, fb) = Self.affine(c, mp, vp, gam, bet, eps: eps)
      let (o, runs, len, stride) = layout.runs(c)
      var sums = (0.0, 0.0)
      withUnsafeMutableBytes(of: &sums) { raw in
        llal_bn_grad_sums(
          gp + o, xp + o, relu, fa, fb, runs, len, stride, mp[c],
          raw.baseAddress!.assumingMemoryBound(to: Double.self))
      }
      let (sg, sgx) = sums
      if let dxp {
        llal_bn_grad_input(gp + o, xp + o, relu, fa, fb, dxp + o, runs, len, stride, a, 0, 0, 0)
      }
      dm[c] = -a * Float(sg)
      dv[c] = -0.5 * gam[c] * inv * inv * inv * Float(sgx)
      dgam[c] = Float(sgx) * inv
      dbet[c] = Float(sg)
    }
    return [dx] + zip(inputs[1...], perChannel).map { $0.requiresGrad ? $1 : nil }
  }

  /// The forward's `y = a·x + b` for channel `c` from the mean, variance, gamma and beta.
  @inline(__always)
  static func affine(
    _ c: Int, _ mean: UnsafePointer<Float>, _ variance: UnsafePointer<Float>,
    _ gamma: UnsafePointer<Float>, _ beta: UnsafePointer<Float>, eps: Float
  ) -> (a: Float, b: Float) {
    let a = gamma[c] / (variance[c] + eps).squareRoot()
    return (a, beta[c] - mean[c] * a)
  }
}

extension Tensor {
  /// Batch normalisation in training mode (`torch.batch_norm(training: true)`):
  /// statistics over every axis but 1 of `x` (`[N, C]` or `[N, C, H, W]`), `gamma` and
  /// `beta` of shape `[C]`. Returns the normalised output (differentiable in `x`,
  /// `gamma` and `beta`) and the batch `mean` and biased `variance`, not recorded, for
  /// updating running statistics. With `relu`, the output is `relu()` of that, in the same
  /// pass (see the top of this file).
  public static func batchNorm(
    _ x: Tensor, gamma: Tensor, beta: Tensor, eps: Float, relu: Bool = false
  ) throws -> (output: Tensor, mean: Tensor, variance: Tensor) {
    let op = "batchNorm"
    try checkChannels(x, ["gamma": gamma, "beta": beta], op: op)
    let layout = ChannelLayout(x.shape)
    guard layout.perChannel > 1 else {
      throw TensorError(
        op,
        "expected more than 1 value per channel in training, got input "
          + describeShape(x.shape))
    }
    let out = try uninitialized(x.shape, op: op)
    let mean = uninitialized([layout.channels])
    let variance = uninitialized([layout.channels])
    // 1/σ, a and b per channel, for the VJP.
    let saved = uninitialized([3, layout.channels])
    let xp = x.storage.base, yp = out.storage.base
    let gp = gamma.storage.base, bp = beta.storage.base
    let mp = mean.storage.base, vp = variance.storage.base
    let ip = saved.storage.base, ap = ip + layout.channels, shiftp = ap + layout.channels
    layout.forEachChannel { c in
      let (o, runs, len, stride) = layout.runs(c)
      llal_bn_stats(xp + o, runs, len, stride, mp + c, vp + c)
      let inv = 1 / (vp[c] + eps).squareRoot()
      let a = gp[c] * inv
      let b = bp[c] - mp[c] * a
      (ip[c], ap[c], shiftp[c]) = (inv, a, b)
      llal_bn_affine(xp + o, yp + o, runs, len, stride, a, b, relu ? 1 : 0)
    }
    func values(_ p: UnsafeMutablePointer<Float>) -> [Float] {
      Array(UnsafeBufferPointer(start: p, count: layout.channels))
    }
    let output = record(
      BatchNormOp(
        mean: values(mp), invStd: values(ip), a: values(ap), b: values(shiftp), relu: relu),
      inputs: [x, gamma, beta], output: out)
    return (output, mean, variance)
  }

  /// Batch normalisation in inference mode with given statistics (`torch.batch_norm(
  /// training: false)`): `(x − mean)/√(variance + eps)·gamma + beta` per channel of axis 1,
  /// all four of shape `[C]`. Differentiable in every input. With `relu`, the output is
  /// `relu()` of that, in the same pass.
  public static func batchNormInference(
    _ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor, beta: Tensor, eps: Float,
    relu: Bool = false
  ) throws -> Tensor {
    let op = "batchNormInference"
    try checkChannels(
      x, ["mean": mean, "variance": variance, "gamma": gamma, "beta": beta], op: op)
    let layout = ChannelLayout(x.shape)
    let out = try uninitialized(x.shape, op: op)
    let xp = x.storage.base, yp = out.storage.base
    let mp = mean.storage.base, vp = variance.storage.base
    let gp = gamma.storage.base, bp = beta.storage.base
    layout.forEachChannel { c in
      let (a, b) = BatchNormInferenceOp.affine(c, mp, vp, gp, bp, eps: eps)
      let (o, runs, len, stride) = layout.runs(c)
      llal_bn_affine(xp + o, yp + o, runs, len, stride, a, b, relu ? 1 : 0)
    }
    return record(
      BatchNormInferenceOp(eps: eps, relu: relu), inputs: [x, mean, variance, gamma, beta],
      output: out)
  }

  /// Checks that `x` is `[N, C, …]` and every named per-channel tensor is `[C]`.
  private static func checkChannels(
    _ x: Tensor, _ params: KeyValuePairs<String, Tensor>, op: String
  ) throws {
    guard x.rank >= 2 else {
      throw TensorError(
        op, "expected an input [N, C, …] of rank >= 2, got \(describeShape(x.shape))")
    }
    let c = x.shape[1]
    for (label, t) in params where t.shape != [c] {
      throw TensorError(
        op,
        "\(label) has shape \(describeShape(t.shape)) but the input "
          + "\(describeShape(x.shape)) has \(c) channels (expected [\(c)])")
    }
  }
}
