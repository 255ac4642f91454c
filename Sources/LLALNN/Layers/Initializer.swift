import LLALTensor

/// How a parameter or buffer gets its initial values; PyTorch's defaults, so that
/// models can be compared with the peers.
public enum Initializer: Sendable, Equatable {
  /// `U(−b, b)` with `b = 1/√fanIn`: what PyTorch's `kaiming_uniform_(a: √5)` gives the
  /// weights of `nn.Linear` and `nn.Conv2d` (gain √(2/(1+5)), bound √3·gain/√fanIn).
  case kaimingUniform(fanIn: Int)
  /// All zeros (biases, β, running means).
  ///
  /// NOTE: PyTorch draws linear and conv biases from `U(−1/√fanIn, 1/√fanIn)`; llal
  /// starts them at zero, a common choice that makes initial outputs independent of the
  /// bias draw. Weights follow PyTorch exactly.
  case zeros
  /// All ones (γ, running variances).
  case ones

  /// A fresh tensor of `shape` with this initializer's values, drawing from `generator`.
  public func makeTensor(_ shape: [Int], generator: inout RandomGenerator) throws -> Tensor {
    switch self {
    case .kaimingUniform(let fanIn):
      let bound = 1 / Float(max(fanIn, 1)).squareRoot()
      return try Tensor.uniform(shape, low: -bound, high: bound, generator: &generator)
    case .zeros: return try Tensor.zeros(shape)
    case .ones: return try Tensor.ones(shape)
    }
  }
}
