import LLALTensor

/// Batch normalisation over the channel axis of `[C]` or `[C, H, W]` inputs, with
/// PyTorch's semantics: in train mode it normalises with the batch's statistics
/// (biased variance) and updates running statistics with
/// `running = (1 − momentum)·running + momentum·batch` (the unbiased variance); in eval
/// mode it uses the running statistics.
public struct BatchNorm: Layer, ReLUFusing {
  /// Added to the variance before the square root.
  public let epsilon: Float
  /// Weight of the current batch in the running statistics (PyTorch's default 0.1).
  public let momentum: Float

  /// A batch-norm layer; the channel count comes from the input.
  public init(epsilon: Float = 1e-5, momentum: Float = 0.1) {
    self.epsilon = epsilon
    self.momentum = momentum
  }

  /// `"batchnorm"`.
  public var kind: String { "batchnorm" }

  /// `batchnorm()`, with non-default settings spelled out.
  public var description: String {
    var args: [String] = []
    if epsilon != 1e-5 { args.append("eps: \(epsilon)") }
    if momentum != 0.1 { args.append("momentum: \(momentum)") }
    return "batchnorm(\(args.joined(separator: ", ")))"
  }

  /// The shape is kept; the input must be `[C]` or `[C, H, W]`.
  public func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
    guard epsilon > 0, momentum >= 0, momentum <= 1 else {
      throw LayerError(
        "eps must be positive and momentum in [0, 1], got \(epsilon) and \(momentum)")
    }
    let s = inputShapes[0]
    guard s.count == 1 || s.count == 3 else {
      throw LayerError(
        "expects [channels] or [channels, height, width] per sample, got \(describeShape(s))")
    }
    return s
  }

  /// `weight` (γ, ones) and `bias` (β, zeros), one per channel.
  public func parameterSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    let c = inputShapes[0][0]
    return [ParameterSpec("weight", [c], .ones), ParameterSpec("bias", [c], .zeros)]
  }

  /// `running_mean` (zeros) and `running_var` (ones), one per channel.
  public func bufferSpecs(_ inputShapes: [[Int]]) -> [ParameterSpec] {
    let c = inputShapes[0][0]
    return [ParameterSpec("running_mean", [c], .zeros), ParameterSpec("running_var", [c], .ones)]
  }

  /// Batch statistics and a running-statistics update in train mode; running statistics
  /// in eval mode.
  public func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext
  ) throws -> Tensor {
    try forward(inputs, parameters: parameters, buffers: buffers, context: context, relu: false)
  }

  /// `forward`, followed by a ReLU in the same pass when `relu` is set.
  func forward(
    _ inputs: [Tensor], parameters: [Tensor], buffers: [Tensor], context: ForwardContext,
    relu: Bool
  ) throws -> Tensor {
    let x = inputs[0]
    let (gamma, beta) = (parameters[0], parameters[1])
    let (runningMean, runningVar) = (buffers[0], buffers[1])
    guard context.isTraining else {
      return try Tensor.batchNormInference(
        x, mean: runningMean, variance: runningVar, gamma: gamma, beta: beta, eps: epsilon,
        relu: relu)
    }
    let perChannel = x.count / max(x.shape[1], 1)
    guard perChannel > 1 else {
      throw LayerError(
        "needs more than one value per channel in train mode, got input "
          + describeShape(x.shape))
    }
    let r = try Tensor.batchNorm(x, gamma: gamma, beta: beta, eps: epsilon, relu: relu)
    // PyTorch keeps the unbiased variance in the running statistics.
    let unbias = Float(perChannel) / Float(perChannel - 1)
    let m = momentum
    let rm = runningMean.storage.base, rv = runningVar.storage.base
    // Buffer closures keep the batch statistics alive while their memory is read.
    r.mean.withUnsafeBuffer { bm in
      r.variance.withUnsafeBuffer { bv in
        for c in 0..<runningMean.count {
          rm[c] = (1 - m) * rm[c] + m * bm[c]
          rv[c] = (1 - m) * rv[c] + m * bv[c] * unbias
        }
      }
    }
    return r.output
  }
}
