/// A residual connection's `relu(a + b)` as one operation: one pass over the activations
/// forward and one backward, where `+` followed by `relu()` makes two each way.
import CKernels

/// `relu(a + b)` of two same-shape tensors. The output is positive exactly where `a + b`
/// is, so it is the mask of `relu()`'s gradient, and both inputs receive that masked
/// gradient, as `+` passes `relu()`'s on: the same numbers as the two operations.
struct AddReLUOp: TapeOp {
  var name: String { "addReLU" }
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let masked = Tensor.mapPair(output, g, llal_relu_backward)
    return [masked, masked]
  }
}

extension Tensor {
  /// `relu(a + b)` for two tensors of the same shape (no broadcasting), computed in one
  /// pass; equal, values and gradients, to `(a + b).relu()`.
  public static func addReLU(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.shape == b.shape else {
      throw TensorError(
        "addReLU", "shapes \(describeShape(a.shape)) and \(describeShape(b.shape)) differ")
    }
    let out = Tensor.uninitialized(a.shape)
    let pa = a.storage.base, pb = b.storage.base, po = out.storage.base
    Parallel.forRanges(a.count, grain: 1 << 16) { r in
      llal_add_relu(pa + r.lowerBound, pb + r.lowerBound, po + r.lowerBound, r.count)
    }
    return record(AddReLUOp(), inputs: [a, b], output: out)
  }
}
