/// Element-wise comparisons (0/1 results, not differentiable) and `Tensor.where`.

extension Tensor {
  private func compared(_ other: Tensor, op: String, _ test: (Float, Float) -> Bool) throws
    -> Tensor
  {
    try broadcastBinary(self, other, op: op) { test($0, $1) ? 1 : 0 }
  }

  /// 1 where the elements are equal (broadcast), else 0. NaN equals nothing.
  public func eq(_ other: Tensor) throws -> Tensor { try compared(other, op: "eq") { $0 == $1 } }
  /// 1 where the elements differ (broadcast), else 0. NaN differs from everything.
  public func ne(_ other: Tensor) throws -> Tensor { try compared(other, op: "ne") { $0 != $1 } }
  /// 1 where `self` is less than `other` (broadcast), else 0.
  public func lt(_ other: Tensor) throws -> Tensor { try compared(other, op: "lt") { $0 < $1 } }
  /// 1 where `self` is less than or equal to `other` (broadcast), else 0.
  public func le(_ other: Tensor) throws -> Tensor { try compared(other, op: "le") { $0 <= $1 } }
  /// 1 where `self` is greater than `other` (broadcast), else 0.
  public func gt(_ other: Tensor) throws -> Tensor { try compared(other, op: "gt") { $0 > $1 } }
  /// 1 where `self` is greater than or equal to `other` (broadcast), else 0.
  public func ge(_ other: Tensor) throws -> Tensor { try compared(other, op: "ge") { $0 >= $1 } }

  /// 1 where an element equals `value`, else 0.
  public func eq(_ value: Float) throws -> Tensor { try eq(.scalar(value)) }
  /// 1 where an element differs from `value`, else 0.
  public func ne(_ value: Float) throws -> Tensor { try ne(.scalar(value)) }
  /// 1 where an element is less than `value`, else 0.
  public func lt(_ value: Float) throws -> Tensor { try lt(.scalar(value)) }
  /// 1 where an element is at most `value`, else 0.
  public func le(_ value: Float) throws -> Tensor { try le(.scalar(value)) }
  /// 1 where an element is greater than `value`, else 0.
  public func gt(_ value: Float) throws -> Tensor { try gt(.scalar(value)) }
  /// 1 where an element is at least `value`, else 0.
  public func ge(_ value: Float) throws -> Tensor { try ge(.scalar(value)) }
}

// MARK: - where

/// `where(condition, a, b)`; the condition is saved, not an input (it has no gradient).
struct WhereOp: TapeOp {
  let condition: Tensor
  var name: String { "where" }

  // Each branch receives the output's gradient where it was chosen, 0 elsewhere.
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let mask = condition.broadcastMaterialized(to: g.shape)
    func routed(_ chosen: Bool, to x: Tensor) throws -> Tensor? {
      guard x.requiresGrad else { return nil }
      let picked = try broadcastBinary(mask, g, op: name) { c, g in (c != 0) == chosen ? g : 0 }
      return try picked.sumToShape(x.shape)
    }
    return [try routed(true, to: inputs[0]), try routed(false, to: inputs[1])]
  }
}

extension Tensor {
  /// Elements of `a` where `condition` is non-zero (NaN counts as non-zero), of `b`
  /// elsewhere; all three broadcast together. Differentiable in `a` and `b`.
  ///
  ///     try Tensor.where(x.gt(0), x, x * 0.1)   // leaky ReLU
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard let ca = try? broadcastShape(condition.shape, a.shape, op: "where"),
      let shape = try? broadcastShape(ca, b.shape, op: "where")
    else {
      throw TensorError(
        "where",
        "condition \(describeShape(condition.shape)), a \(describeShape(a.shape)) and b "
          + "\(describeShape(b.shape)) cannot be broadcast together")
    }
    let out = try Tensor.uninitialized(shape, op: "where")
    let c = condition.broadcastMaterialized(to: shape)
    let x = a.broadcastMaterialized(to: shape)
    let y = b.broadcastMaterialized(to: shape)
    let pc = c.storage.base, px = x.storage.base, py = y.storage.base, po = out.storage.base
    // The broadcast copies must outlive the loop that reads them through raw pointers.
    withExtendedLifetime((c, x, y)) {
      Parallel.forRanges(out.count, grain: 1 << 16) { r in
        for i in r { po[i] = pc[i] != 0 ? px[i] : py[i] }
      }
    }
    return record(WhereOp(condition: condition), inputs: [a, b], output: out)
  }
}
