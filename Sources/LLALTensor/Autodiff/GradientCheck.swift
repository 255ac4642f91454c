/// Finite-difference checking of the tape's gradients.
///
/// The function's output is reduced to a scalar as `L = Σ wᵢ·yᵢ` with fixed pseudo-random
/// weights `w` (so every output element matters, with different weights), summed in
/// Double. The analytic gradient comes from `backward()`; the numeric one from central
/// differences `(L(x+ε) − L(x−ε)) / 2ε` with each input element perturbed in turn.
public enum GradientCheck {
  /// The outcome of a check: the worst disagreement found, and where.
  public struct Report: CustomStringConvertible, Sendable {
    /// Largest `|analytic − numeric| / max(1, |numeric|)` over all checked elements.
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
  public static func check(
    _ inputs: [Tensor], epsilon: Float = 1e-2, wrt: [Int]? = nil, seed: UInt64 = 7,
    _ f: ([Tensor]) throws -> Tensor
  ) throws -> Report {
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let probe = try withoutGrad { try f(leaves) }
    var g = RandomGenerator(seed: seed)
    let weights = (0..<probe.count).map { _ in Double(g.nextUniform()) + 0.5 }

    func loss(_ xs: [Tensor]) throws -> Double {
      let y = try withoutGrad { try f(xs) }
      var s = 0.0
      for i in 0..<y.count { s += weights[i] * Double(y.storage.base[i]) }
      return s
    }

    let y = try f(leaves)
    let seedTensor = try Tensor(shape: y.shape, weights.map(Float.init))
    if y.requiresGrad { try y.backward(seedTensor) }

    var report = Report(maxError: 0, worst: "nothing checked")
    for k in wrt ?? Array(inputs.indices) {
      let x = leaves[k]
      let analytic = x.grad?.scalars ?? [Float](repeating: 0, count: x.count)
      for i in 0..<x.count {
        let saved = x.storage.base[i]
        x.storage.base[i] = saved + epsilon
        let up = try loss(leaves)
        x.storage.base[i] = saved - epsilon
        let down = try loss(leaves)
        x.storage.base[i] = saved
        let numeric = (up - down) / (2 * Double(epsilon))
        let err = abs(Double(analytic[i]) - numeric) / max(1, abs(numeric))
        if err > report.maxError || report.worst == "nothing checked" {
          report.maxError = max(err, report.maxError)
          report.worst = "input \(k) element \(i): analytic \(analytic[i]), numeric \(numeric)"
        }
      }
    }
    return report
  }
}
