/// Element-wise functions of one tensor (`exp`, `log`, `relu`, …, `pow`, `clamp`) and their
/// gradients.
import CKernels

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The element-wise functions of one tensor, one case per primitive.
enum UnaryFunction {
  /// eˣ
  case exp
  /// Natural logarithm (−inf at 0, NaN below).
  case log
  /// Square root (NaN below 0).
  case sqrt
  /// |x|
  case abs
  /// Hyperbolic tangent.
  case tanh
  /// 1 / (1 + e⁻ˣ)
  case sigmoid
  /// max(x, 0), keeping NaN.
  case relu
  /// x²
  case square
  /// xᵖ for a fixed exponent.
  case pow(Float)
  /// x limited to `[min, max]` (infinite for a missing bound).
  case clamp(min: Float, max: Float)

  var name: String {
    switch self {
    case .exp: "exp"
    case .log: "log"
    case .sqrt: "sqrt"
    case .abs: "abs"
    case .tanh: "tanh"
    case .sigmoid: "sigmoid"
    case .relu: "relu"
    case .square: "square"
    case .pow: "pow"
    case .clamp: "clamp"
    }
  }

  /// Applies the function to `n` elements (one thread's range).
  func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    switch self {
    case .exp: llal_exp(x, y, n)
    case .log: llal_log(x, y, n)
    case .sqrt: llal_sqrt(x, y, n)
    case .abs: llal_abs(x, y, n)
    case .tanh: llal_tanh(x, y, n)
    case .sigmoid: llal_sigmoid(x, y, n)
    case .relu: llal_relu(x, y, n)
    case .square: llal_square(x, y, n)
    case .pow(let p) where p == 2: llal_square(x, y, n)
    case .pow(let p) where p == 1: y.update(from: x, count: n)
    case .pow(let p): llal_pow_scalar(x, y, n, p)
    case .clamp(let lo, let hi): llal_clamp(x, y, n, lo, hi)
    }
  }

  /// Elements per thread below which threading does not pay: the transcendental functions
  /// cost more per element than the memory-bound ones.
  var grain: Int {
    switch self {
    case .exp, .log, .tanh, .sigmoid, .pow: 1 << 15
    case .sqrt, .abs, .relu, .square, .clamp: 1 << 16
    }
  }
}

/// The recorded application of a `UnaryFunction`.
struct UnaryOp: TapeOp {
  let function: UnaryFunction
  var name: String { function.name }

  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let x = inputs[0]
    switch function {
    case .exp:  // d eˣ = eˣ
      return [try g * output]
    case .log:  // d log x = 1 / x
      return [try g / x]
    case .sqrt:  // d √x = 1 / (2√x)
      return [try broadcastBinary(g, output, op: "sqrt") { g, y in g / (2 * y) }]
    case .abs:  // d |x| = sign(x), 0 at 0 as in PyTorch
      return [try broadcastBinary(g, x, op: "abs") { g, x in x > 0 ? g : (x < 0 ? -g : 0) }]
    case .tanh:  // d tanh = 1 − tanh²
      return [Tensor.mapPair(output, g, llal_tanh_backward)]
    case .sigmoid:  // d σ = σ (1 − σ)
      return [Tensor.mapPair(output, g, llal_sigmoid_backward)]
    case .relu:  // 1 where x > 0, else 0 (0 at the kink, as in PyTorch)
      return [Tensor.mapPair(x, g, llal_relu_backward)]
    case .square:  // d x² = 2x
      return [try broadcastBinary(g, x, op: "square") { g, x in 2 * x * g }]
    case .pow(let p) where p == 0:  // x⁰ = 1 is constant, even at x = 0
      return [try Tensor.zeros(x.shape)]
    case .pow(let p):  // d xᵖ = p xᵖ⁻¹
      let slope = x.mapped(.pow(p - 1))
      return [try broadcastBinary(g, slope, op: "pow") { g, s in g * p * s }]
    case .clamp(let lo, let hi):  // 1 inside [lo, hi] (bounds included, as in PyTorch)
      return [try broadcastBinary(g, x, op: "clamp") { g, x in x >= lo && x <= hi ? g : 0 }]
    }
  }
}

extension Tensor {
  /// `function` applied to every element, into a fresh tensor (not recorded).
  func mapped(_ function: UnaryFunction) -> Tensor {
    let out = Tensor.uninitialized(shape)
    let x = storage.base, y = out.storage.base
    Parallel.forRanges(count, grain: function.grain) { r in
      function.apply(x + r.lowerBound, y + r.lowerBound, r.count)
    }
    return out
  }

  /// `kernel(a, b, out, n)` over two same-shape tensors, into a fresh tensor (not recorded).
  static func mapPair(
    _ a: Tensor, _ b: Tensor,
    _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) ->
      Void
  ) -> Tensor {
    let out = Tensor.uninitialized(a.shape)
    let pa = a.storage.base, pb = b.storage.base, po = out.storage.base
    Parallel.forRanges(a.count, grain: 1 << 16) { r in
      kernel(pa + r.lowerBound, pb + r.lowerBound, po + r.lowerBound, r.count)
    }
    return out
  }

  private func applying(_ function: UnaryFunction) -> Tensor {
    Tensor.record(UnaryOp(function: function), inputs: [self], output: mapped(function))
  }

  /// eˣ element-wise (+inf above about 88.7, 0 below about −104).
  public func exp() throws -> Tensor { applying(.exp) }

  /// Natural logarithm element-wise: −inf at 0, NaN for negative values.
  public func log() throws -> Tensor { applying(.log) }

  /// Square root element-wise: NaN for negative values.
  public func sqrt() throws -> Tensor { applying(.sqrt) }

  /// Absolute value element-wise; the gradient at 0 is 0.
  public func abs() throws -> Tensor { applying(.abs) }

  /// Hyperbolic tangent element-wise.
  public func tanh() throws -> Tensor { applying(.tanh) }

  /// The logistic function 1 / (1 + e⁻ˣ) element-wise.
  public func sigmoid() throws -> Tensor { applying(.sigmoid) }

  /// max(x, 0) element-wise; NaN stays NaN. The gradient at 0 is 0.
  public func relu() throws -> Tensor { applying(.relu) }

  /// x² element-wise.
  public func square() throws -> Tensor { applying(.square) }

  /// Every element raised to the power `p` (`powf` semantics: a negative base gives NaN
  /// unless `p` is an integer).
  public func pow(_ p: Float) throws -> Tensor { applying(.pow(p)) }

  /// Every element limited to `[min, max]`; either bound may be omitted, not both. NaN stays
  /// NaN. The gradient is 1 inside the bounds (included) and 0 outside.
  ///
  ///     try x.clamp(min: 0)          // like relu
  ///     try x.clamp(min: -1, max: 1)
  public func clamp(min: Float? = nil, max: Float? = nil) throws -> Tensor {
    guard min != nil || max != nil else {
      throw TensorError("clamp", "needs a min or a max bound (tensor \(describeShape(shape)))")
    }
    let lo = min ?? -.infinity, hi = max ?? .infinity
    guard !lo.isNaN, !hi.isNaN, lo <= hi else {
      throw TensorError(
        "clamp", "bounds min \(lo) and max \(hi) are not ordered (tensor \(describeShape(shape)))")
    }
    return applying(.clamp(min: lo, max: hi))
  }
}

// MARK: - Power with a tensor exponent

/// `x ** e` with broadcasting.
struct PowOp: TapeOp {
  var name: String { "pow" }

  // d xᵉ/dx = e xᵉ⁻¹, d xᵉ/de = xᵉ log x; both taken as 0 where PyTorch masks them
  // (e = 0 for x, x = 0 with e ≥ 0 for e), so that 0⁰ = 1 has finite gradients.
  func vjp(_ g: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
    let (x, e) = (inputs[0], inputs[1])
    var gx: Tensor?
    var ge: Tensor?
    if x.requiresGrad {
      let slope = try broadcastBinary(x, e, op: "pow") { x, e in e == 0 ? 0 : e * powf(x, e - 1) }
      gx = try (g * slope).sumToShape(x.shape)
    }
    if e.requiresGrad {
      let logs = try broadcastBinary(x, e, op: "pow") { x, e in x == 0 && e >= 0 ? 0 : logf(x) }
      ge = try (g * output * logs).sumToShape(e.shape)
    }
    return [gx, ge]
  }
}

extension Tensor {
  /// Every element raised to the power of the matching element of `e` (broadcast).
  public func pow(_ e: Tensor) throws -> Tensor {
    Tensor.record(
      PowOp(), inputs: [self, e], output: try broadcastBinary(self, e, op: "pow") { powf($0, $1) })
  }
}
