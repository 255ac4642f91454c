/// Creating tensors: constants, ranges, arrays and seeded random values.
extension Tensor {
  /// A tensor of `shape` filled with `value`.
  public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
    let n = try checkedCount(shape, op: "full")
    return Tensor(shape: shape, storage: TensorStorage(count: n, repeating: value))
  }

  /// All zeros.
  public static func zeros(_ shape: [Int]) throws -> Tensor { try full(shape, 0) }

  /// All ones.
  public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

  /// A scalar (rank 0) tensor.
  public static func scalar(_ value: Float) -> Tensor {
    Tensor(shape: [], storage: TensorStorage(count: 1, repeating: value))
  }

  /// `start, start+step, …` up to but excluding `end`, as a rank-1 tensor.
  public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) throws -> Tensor {
    guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
      throw TensorError(
        "arange",
        "start, end and step must be finite and step non-zero, got start \(start), end "
          + "\(end), step \(step)")
    }
    // The quotient may be infinite (end − start overflows Float) or beyond Int's range,
    // where converting it to Int would trap.
    let steps = ((end - start) / step).rounded(.up)
    guard steps <= Float(maxElementCount) else {
      throw TensorError(
        "arange",
        "\(start) to \(end) by \(step) gives \(steps) elements, beyond the limit of "
          + "\(maxElementCount)")
    }
    let n = steps > 0 ? Int(steps) : 0
    let t = try uninitialized([n], op: "arange")
    for i in 0..<n { t.storage.base[i] = start + Float(i) * step }
    return t
  }

  /// A tensor of `shape` holding `values` in row-major order.
  public convenience init(shape: [Int], _ values: [Float]) throws {
    let n = try Tensor.checkedCount(shape, op: "tensor")
    guard n == values.count else {
      throw TensorError(
        "tensor", "\(values.count) values do not fill shape \(describeShape(shape)) (\(n) elements)")
    }
    let storage = TensorStorage(uninitializedCount: n)
    values.withUnsafeBufferPointer { storage.base.update(from: $0.baseAddress!, count: n) }
    self.init(shape: shape, storage: storage)
  }

  /// A rank-1 tensor of `values`.
  public convenience init(_ values: [Float]) {
    // A 1-D array always fits its own shape.
    try! self.init(shape: [values.count], values)
  }

  /// A rank-2 tensor from rows of equal length.
  public convenience init(rows: [[Float]]) throws {
    let width = rows.first?.count ?? 0
    guard rows.allSatisfy({ $0.count == width }) else {
      throw TensorError("tensor", "rows have different lengths: \(rows.map(\.count))")
    }
    try self.init(shape: [rows.count, width], rows.flatMap { $0 })
  }

  /// Uniform values in `[low, high)` from `generator`.
  public static func uniform(
    _ shape: [Int], low: Float = 0, high: Float = 1, generator: inout RandomGenerator
  ) throws -> Tensor {
    let t = try uninitialized(shape, op: "uniform")
    let span = high - low
    for i in 0..<t.count { t.storage.base[i] = low + span * generator.nextUniform() }
    return t
  }

  /// Normal values with the given mean and standard deviation from `generator`.
  public static func normal(
    _ shape: [Int], mean: Float = 0, std: Float = 1, generator: inout RandomGenerator
  ) throws -> Tensor {
    let t = try uninitialized(shape, op: "normal")
    for i in 0..<t.count { t.storage.base[i] = mean + std * generator.nextNormal() }
    return t
  }

  /// Uniform values in `[low, high)` from a fresh generator seeded with `seed`.
  public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64)
    throws -> Tensor
  {
    var g = RandomGenerator(seed: seed)
    return try uniform(shape, low: low, high: high, generator: &g)
  }

  /// Standard normal values from a fresh generator seeded with `seed`.
  public static func randn(_ shape: [Int], seed: UInt64) throws -> Tensor {
    var g = RandomGenerator(seed: seed)
    return try normal(shape, generator: &g)
  }
}
