/// Finite-difference checking of the tape's gradients.
///
/// The function's output is reduced to a scalar as `L = Σ wᵢ·yᵢ` with fixed pseudo-random
/// weights `w` (so every output element matters, with different weights), summed in
/// Double. The analytic gradient comes from `backward()`; the numeric one from central
/// differences `(L(x+ε) − L(x−ε)) / 2ε` with each input element perturbed in turn.
public enum GradientCheck {
  /// The outcome of a check: the worst disagreement found, and where.
  public struct Report: CustomStringConvertible, Sendable {
    /// Largest `|analytic − numeric| / max(1, |numeric|)` over all checked elements;
    /// infinite where either gradient is NaN or infinite, so that such a gradient fails
    /// any tolerance.
    public var maxError: Double
    /// Which input and element it occurred at, with both values.
    public var worst: String
    public var description: String { "max error \(maxError) at \(worst)" }
  }

  /// Compares backward-mode and central-difference gradients of `f` at `inputs`.
  ///
  /// - Parameters:
  ///   - epsilon: the perturbation. Float32 arithmetic limits accuracy to about
  ///     `1e-3` relative for `epsilon = 1e-2`; tests use tolerance `2e-2` unless noted.
  ///   - wrt: the indices of inputs to check (all by default).
  /// - Throws: a `TensorError` for a non-positive `epsilon`, a `wrt` index out of range,
  ///   or an `f` whose output shape changes between calls; any error `f` throws.
  public static func check(
    _ inputs: [Tensor], epsilon: Float = 1e-2, wrt: [Int]? = nil, seed: UInt64 = 7,
    _ f: ([Tensor]) throws -> Tensor
  ) throws -> Report {
    let op = "gradientCheck"
    guard epsilon > 0, epsilon.isFinite else {
      throw TensorError(op, "epsilon must be positive and finite, got \(epsilon)")
    }
    let shapes = inputs.map { describeShape($0.shape) }.joined(separator: ", ")
    if let k = (wrt ?? []).first(where: { !inputs.indices.contains($0) }) {
      throw TensorError(op, "wrt index \(k) is out of range for \(inputs.count) inputs (\(shapes))")
    }
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let probe = try withoutGrad { try f(leaves) }
    var g = RandomGenerator(seed: seed)
    let weights = (0..<probe.count).map { _ in Double(g.nextUniform()) + 0.5 }
    // The weights are per output element: every call must return the probe's shape.
    func evaluate(_ xs: [Tensor]) throws -> Tensor {
      let y = try f(xs)
      guard y.shape == probe.shape else {
        throw TensorError(
          op,
          "f returned \(describeShape(y.shape)) after \(describeShape(probe.shape)) for "
            + "inputs \(shapes)")
      }
      return y
    }

    func loss(_ xs: [Tensor]) throws -> Double {
      let y = try withoutGrad { try evaluate(xs) }
      var s = 0.0
      for i in 0..<y.count { s += weights[i] * Double(y.storage.base[i]) }
      return s
    }

    let y = try evaluate(leaves)
    let seedTensor = try Tensor(shape: y.shape, weights.map(Float.init))
    if y.requiresGrad { try y.backward(seedTensor) }

    var report = Report(maxError: 0, worst: "nothing checked")
    for k in wrt ?? Array(inputs.indices) {
      let x = leaves[k]
      let analytic = x.grad?.scalars ?? [Float](repeating: 0, count: x.count)
      for i in 0..<x.count {
        // The leaves share the caller's storage: put the element back even if f throws.
        let saved = x.storage.base[i]
        defer { x.storage.base[i] = saved }
        x.storage.base[i] = saved + epsilon
        let up = try loss(leaves)
        x.storage.base[i] = saved - epsilon
        let down = try loss(leaves)
        let numeric = (up - down) / (2 * Double(epsilon))
        var err = abs(Double(analytic[i]) - numeric) / max(1, abs(numeric))
        // NOTE: NaN compares false with everything, so without this a NaN gradient
        // would never register as the worst one and the check would pass.
        if !err.isFinite { err = .infinity }
        if err > report.maxError || report.worst == "nothing checked" {
          report.maxError = max(err, report.maxError)
          report.worst = "input \(k) element \(i): analytic \(analytic[i]), numeric \(numeric)"
        }
      }
    }
    return report
  }
}
