/// The floor remainder `a % b` with broadcasting, as Python's `%` and PyTorch's
/// `torch.remainder`: the result has the sign of the divisor.

/// `a − floor(a / b)·b`.
struct RemainderOp: TapeOp {
  var name: String { "remainder" }

  // r = a − floor(a/b)·b, and floor is piecewise constant, so dr/da = 1 and
  // dr/db = −floor(a/b) (away from the jumps where a/b is a whole number).
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (a, b) = (inputs[0], inputs[1])
    let gb: Tensor? =
      b.requiresGrad
      ? try broadcastBinary(a, b, op: name) { x, y in -(x / y).rounded(.down) } * g : nil
    return [
      a.requiresGrad ? try g.sumToShape(a.shape) : nil,
      try gb?.sumToShape(b.shape),
    ]
  }
}

extension Tensor {
  /// The floor remainder of each pair of elements (broadcast): `a − floor(a / b)·b`, with
  /// the sign of `b`, as Python's `%`. A zero divisor gives NaN.
  public func remainder(_ divisor: Tensor) throws -> Tensor {
    let out = try broadcastBinary(self, divisor, op: "remainder") { x, y in
      let r = x - (x / y).rounded(.down) * y
      return y.isInfinite && x.isFinite ? ((x < 0) != (y < 0) && x != 0 ? y : x) : r
    }
    return Tensor.record(RemainderOp(), inputs: [self, divisor], output: out)
  }
}
