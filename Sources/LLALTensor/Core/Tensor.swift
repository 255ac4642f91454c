/// An n-dimensional array of Float32 values in contiguous row-major storage, which
/// records the operations applied to it for reverse-mode differentiation.
///
/// **Reference semantics.** `Tensor` is a class, as in PyTorch: two variables may name
/// the same tensor, and the optimizer updates parameters in place. Operations never
/// mutate their inputs; they return new tensors. The only in-place updates are the
/// explicit `assign…` methods, meant for optimizers under `withoutGrad`.
///
/// **Autodiff.** A tensor with `requiresGrad` set is a leaf that gradients flow to.
/// Any operation on such a tensor (while gradients are enabled) records a `TapeNode`
/// in its output; `backward()` replays those nodes in reverse order, calling each
/// operation's vector-Jacobian product, and accumulates into the leaves' `grad`.
public final class Tensor {
  /// The size of each dimension; `[]` for a scalar.
  public let shape: [Int]
  /// The elements, row-major. Settable only so that `backward()` can test whether a
  /// gradient's storage is referenced by this tensor alone (`isKnownUniquelyReferenced`
  /// needs a variable); it is never reassigned. Unchecked exclusivity keeps reads as
  /// cheap as a constant's.
  @exclusivity(unchecked) public internal(set) var storage: TensorStorage
  /// Whether gradients should be accumulated into this tensor (a leaf) or flow through
  /// it (a recorded result).
  public internal(set) var requiresGrad: Bool
  /// The accumulated gradient of a leaf after `backward()`; same shape as the tensor.
  public var grad: Tensor?
  /// How this tensor was computed, when it was recorded on the tape.
  var node: TapeNode?
  /// The name of the operation that computed this tensor, once `backward()` has dropped
  /// its node: gradients can no longer flow through it (see `backward`).
  var freedOperation: String?

  /// The largest number of elements one tensor may hold (2³⁰, i.e. 4 GiB of Float32).
  /// Larger requests throw instead of exhausting memory.
  public static let maxElementCount = 1 << 30

  init(shape: [Int], storage: TensorStorage) {
    self.shape = shape
    self.storage = storage
    self.requiresGrad = false
  }

  /// Uninitialised tensor of a checked shape; for kernels that write every element.
  static func uninitialized(_ shape: [Int], op: String) throws -> Tensor {
    let n = try checkedCount(shape, op: op)
    return Tensor(shape: shape, storage: TensorStorage(uninitializedCount: n))
  }

  /// Uninitialised tensor of a shape already known to be valid.
  static func uninitialized(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, storage: TensorStorage(uninitializedCount: shape.reduce(1, *)))
  }

  /// The element count of `shape`, or an error naming `op` if a dimension is negative or
  /// the total exceeds `maxElementCount`. The one size check every allocation passes
  /// through; loaders call it on sizes read from files before allocating anything.
  public static func checkedCount(_ shape: [Int], op: String) throws -> Int {
    var n = 1
    for d in shape {
      if d < 0 { throw TensorError(op, "negative dimension in shape \(describeShape(shape))") }
      let (m, overflow) = n.multipliedReportingOverflow(by: d)
      if overflow || m > maxElementCount {
        throw TensorError(
          op, "shape \(describeShape(shape)) exceeds the limit of \(maxElementCount) elements")
      }
      n = m
    }
    return n
  }

  /// Number of dimensions.
  @inlinable public var rank: Int { shape.count }
  /// Number of elements.
  @inlinable public var count: Int { storage.count }
  /// The elements as a Swift array (a copy).
  public var scalars: [Float] { Array(storage.buffer) }
  /// The single value of a one-element tensor.
  public var item: Float? { count == 1 ? storage.base[0] : nil }

  /// Runs `body` with read access to the elements.
  @inlinable
  public func withUnsafeBuffer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows
    -> R
  {
    try body(UnsafeBufferPointer(storage.buffer))
  }

  /// Marks this tensor as a leaf whose gradient is wanted; returns `self`. With `false`,
  /// cuts it off the tape: it is a constant from then on. Either way, a result whose
  /// graph an earlier `backward()` freed becomes a leaf (or a constant) again.
  @discardableResult
  public func requiringGrad(_ flag: Bool = true) -> Tensor {
    requiresGrad = flag
    if !flag { node = nil }
    freedOperation = nil
    return self
  }

  /// The same values, cut off from the tape: gradients do not flow through the result.
  /// Shares storage with `self`.
  public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

  /// Sets `grad` back to nil.
  public func zeroGrad() { grad = nil }

  /// Row-major strides of `shape`.
  public static func strides(of shape: [Int]) -> [Int] {
    var s = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
      s[i] = acc
      acc *= shape[i]
    }
    return s
  }

  /// Normalises a possibly negative axis against `rank`, or throws naming `op`.
  public static func normalizeAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < Swift.max(rank, 1) else {
      throw TensorError(op, "axis \(axis) is out of range for a tensor of rank \(rank)")
    }
    return a
  }
}

// MARK: - In-place updates (for optimizers)

extension Tensor {
  /// Overwrites the elements with those of `other` (same shape). Not recorded.
  public func assign(_ other: Tensor) throws {
    guard other.shape == shape else {
      throw TensorError(
        "assign", "shapes differ: \(describeShape(shape)) and \(describeShape(other.shape))")
    }
    storage.base.update(from: other.storage.base, count: count)
  }

  /// Runs `body` with write access to the elements. Not recorded: use for optimizer
  /// updates and kernels that fill a fresh tensor.
  @inlinable
  public func withUnsafeMutableBuffer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try body(storage.buffer)
  }
}
