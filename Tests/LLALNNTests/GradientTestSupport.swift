import LLALTensor
import XCTest

/// Central-difference check of the gradients that `f` (a scalar built from tensors the
/// test owns, e.g. a graph's parameters) sends into `tensors`: analytic values from one
/// `backward()`, numeric ones from perturbing up to `samples` elements of each tensor
/// in place by `epsilon`, with the losses summed in Double. Returns the worst
/// `|analytic − numeric| / max(1, |numeric|)` and where it occurred.
func worstGradientError(
  _ tensors: [Tensor], epsilon: Float = 1e-3, samples: Int = 12, _ f: () throws -> Tensor
) throws -> (error: Double, at: String) {
  for t in tensors { t.zeroGrad() }
  try f().backward()
  var worst = (error: 0.0, at: "nothing checked")
  for (k, t) in tensors.enumerated() {
    let analytic = t.grad?.scalars ?? [Float](repeating: 0, count: t.count)
    for i in stride(from: 0, to: t.count, by: max(1, t.count / samples)) {
      let saved = t.storage.base[i]
      t.storage.base[i] = saved + epsilon
      let up = Double(try withoutGrad { try f() }.item ?? .nan)
      t.storage.base[i] = saved - epsilon
      let down = Double(try withoutGrad { try f() }.item ?? .nan)
      t.storage.base[i] = saved
      let numeric = (up - down) / (2 * Double(epsilon))
      let error = abs(Double(analytic[i]) - numeric) / max(1, abs(numeric))
      if error >= worst.error {
        worst = (error, "tensor \(k) \(t.shape) element \(i): \(analytic[i]) vs \(numeric)")
      }
    }
  }
  return worst
}
