import Foundation
import LLALTensor

/// A seeded one-dimensional regression task.
extension Datasets {
  /// `count` points `x` `[count, 1]` uniform in `[−2, 2]` with float targets `[count, 1]`:
  ///
  ///     y = sin(2x) + 0.5·x + noise·(1 + |x|)·ε,   ε ~ N(0, 1)
  ///
  /// a wave on a slope whose noise grows towards both ends (standard deviation `noise` at
  /// 0, three times that at ±2), so that where a model errs most is partly learnable and
  /// partly noise. Drawn point by point (`x`, then `ε`) from `seed`.
  public static func curves(count: Int = 200, noise: Float = 0.1, seed: UInt64) throws
    -> Dataset
  {
    try checkRange(count, 1...Int.max, "count", "curves")
    try checkNonNegative(noise, "noise", "curves")
    var g = RandomGenerator(seed: seed)
    let x = try allocate([count, 1], path: nil)
    let y = try allocate([count, 1], path: nil)
    for i in 0..<count {
      let v = -2 + 4 * g.nextUniformDouble()
      let e = Double(g.nextNormal())
      x.storage.base[i] = Float(v)
      y.storage.base[i] = Float(sin(2 * v) + 0.5 * v + Double(noise) * (1 + abs(v)) * e)
    }
    return Dataset(checkedX: x, targets: .tensor(y), classCount: 0, classNames: nil)
  }
}
