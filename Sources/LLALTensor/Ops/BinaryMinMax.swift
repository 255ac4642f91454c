/// Element-wise maximum and minimum of two tensors with broadcasting, and their gradients.
import CKernels

/// `maximum(a, b)` or `minimum(a, b)`.
struct MinMaxOp: TapeOp {
  /// True for `minimum`.
  let isMinimum: Bool
  var name: String { isMinimum ? "minimum" : "maximum" }

  // The gradient goes to the operand that was chosen; on a tie each gets half, as in
  // PyTorch, so that the two shares still add up to the output's gradient.
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (a, b) = (inputs[0], inputs[1])
    if a.shape == b.shape {
      let ga = Tensor.uninitialized(a.shape), gb = Tensor.uninitialized(b.shape)
      let pa = a.storage.base, pb = b.storage.base, pg = g.storage.base
      let pga = ga.storage.base, pgb = gb.storage.base
      let flag: Int32 = isMinimum ? 1 : 0
      Parallel.forRanges(a.count, grain: 1 << 16) { r in
        let i = r.lowerBound
        llal_minmax_backward(flag, pa + i, pb + i, pg + i, pga + i, pgb + i, r.count)
      }
      return [ga, gb]
    }
    let wins: (Float, Float) -> Bool = isMinimum ? { $0 < $1 } : { $0 > $1 }
    func share(_ x: Tensor, _ y: Tensor) throws -> Tensor {
      let weight = try broadcastBinary(x, y, op: name) { x, y in
        wins(x, y) ? 1 : (x == y ? 0.5 : 0)
      }
      return try (g * weight).sumToShape(x.shape)
    }
    return [a.requiresGrad ? try share(a, b) : nil, b.requiresGrad ? try share(b, a) : nil]
  }
}

extension Tensor {
  /// The larger of each pair of elements (broadcast); NaN if either is NaN.
  public func maximum(_ other: Tensor) throws -> Tensor {
    try extremum(other, isMinimum: false)
  }

  /// The smaller of each pair of elements (broadcast); NaN if either is NaN.
  public func minimum(_ other: Tensor) throws -> Tensor {
    try extremum(other, isMinimum: true)
  }

  private func extremum(_ other: Tensor, isMinimum: Bool) throws -> Tensor {
    let out: Tensor
    if shape == other.shape {
      out = Tensor.uninitialized(shape)
      let pa = storage.base, pb = other.storage.base, po = out.storage.base
      let flag: Int32 = isMinimum ? 1 : 0
      Parallel.forRanges(count, grain: 1 << 16) { r in
        let i = r.lowerBound
        llal_minmax(flag, pa + i, pb + i, po + i, r.count)
      }
    } else if isMinimum {
      out = try broadcastBinary(self, other, op: "minimum") { a, b in a < b || a.isNaN ? a : b }
    } else {
      out = try broadcastBinary(self, other, op: "maximum") { a, b in a > b || a.isNaN ? a : b }
    }
    return Tensor.record(MinMaxOp(isMinimum: isMinimum), inputs: [self, other], output: out)
  }
}
