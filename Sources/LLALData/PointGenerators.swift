import Foundation
import LLALTensor

/// Seeded 2-D (and D-dimensional) point clouds for classification experiments.
extension Datasets {
  /// `classes` Gaussian clusters in `dimensions` dimensions.
  ///
  /// Centres are uniform in `[-10, 10]` per coordinate (as scikit-learn's `make_blobs`);
  /// points are centre + `spread` × N(0, 1). Classes get `count / classes` points each
  /// (the first `count % classes` one more), in a seeded random order.
  public static func blobs(
    count: Int = 300, classes: Int = 3, dimensions: Int = 2, spread: Float = 1, seed: UInt64
  ) throws -> Dataset {
    try checkRange(count, 1...Int.max, "count", "blobs")
    try checkRange(classes, 1...Dataset.maxClassCount, "classes", "blobs")
    try checkRange(dimensions, 1...Int.max, "dimensions", "blobs")
    try checkNonNegative(spread, "spread", "blobs")
    try checkSize([count, dimensions], "the samples", "blobs")
    try checkSize([classes, dimensions], "the centres", "blobs")
    var generator = RandomGenerator(seed: seed)
    var centres = [Float](repeating: 0, count: classes * dimensions)
    for k in centres.indices { centres[k] = -10 + 20 * generator.nextUniform() }
    var values: [Float] = []
    values.reserveCapacity(count * dimensions)
    var labels: [Int] = []
    for (c, n) in balancedCounts(count, classes).enumerated() {
      for _ in 0..<n {
        for d in 0..<dimensions {
          values.append(centres[c * dimensions + d] + spread * generator.nextNormal())
        }
        labels.append(c)
      }
    }
    return try shuffledPoints(values, labels, classes: classes, generator: &generator)
  }

  /// Two interleaving half circles (scikit-learn's `make_moons`), with Gaussian `noise`.
  ///
  /// Class 0 is the upper arc `(cos t, sin t)`, class 1 the lower
  /// `(1 - cos t, 0.5 - sin t)`, `t` evenly spaced in `[0, π]`; `count / 2` points go to
  /// class 0 and the rest to class 1, in a seeded random order.
  public static func moons(count: Int = 200, noise: Float = 0.1, seed: UInt64) throws -> Dataset {
    try checkRange(count, 1...Int.max, "count", "moons")
    try checkNonNegative(noise, "noise", "moons")
    try checkSize([count, 2], "the samples", "moons")
    var generator = RandomGenerator(seed: seed)
    var values: [Float] = []
    values.reserveCapacity(count * 2)
    var labels: [Int] = []
    for (c, n) in [count / 2, count - count / 2].enumerated() {
      for i in 0..<n {
        let t = n > 1 ? Double.pi * Double(i) / Double(n - 1) : 0
        let (px, py) = c == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
        values.append(Float(px) + noise * generator.nextNormal())
        values.append(Float(py) + noise * generator.nextNormal())
        labels.append(c)
      }
    }
    return try shuffledPoints(values, labels, classes: 2, generator: &generator)
  }

  /// `classes` interleaved spiral arms around the origin.
  ///
  /// Arm `k` has points at radius `r` evenly spaced in `[0, 1]` and angle
  /// `θ = 2πk / classes + 4r + noise × N(0, 1)` (radians), at `(r cos θ, r sin θ)`;
  /// arms get `count / classes` points each, in a seeded random order.
  public static func spirals(
    count: Int = 300, classes: Int = 3, noise: Float = 0.2, seed: UInt64
  ) throws -> Dataset {
    try checkRange(count, 1...Int.max, "count", "spirals")
    try checkRange(classes, 1...Dataset.maxClassCount, "classes", "spirals")
    try checkNonNegative(noise, "noise", "spirals")
    try checkSize([count, 2], "the samples", "spirals")
    var generator = RandomGenerator(seed: seed)
    var values: [Float] = []
    values.reserveCapacity(count * 2)
    var labels: [Int] = []
    for (c, n) in balancedCounts(count, classes).enumerated() {
      for i in 0..<n {
        let r = n > 1 ? Double(i) / Double(n - 1) : 0
        let theta =
          2 * Double.pi * Double(c) / Double(classes) + 4 * r
          + Double(noise) * Double(generator.nextNormal())
        values.append(Float(r * cos(theta)))
        values.append(Float(r * sin(theta)))
        labels.append(c)
      }
    }
    return try shuffledPoints(values, labels, classes: classes, generator: &generator)
  }

  /// A dataset of the rows of `values` (`labels.count` rows) in an order drawn from
  /// `generator`.
  private static func shuffledPoints(
    _ values: [Float], _ labels: [Int], classes: Int, generator: inout RandomGenerator
  ) throws -> Dataset {
    let x = try Tensor(shape: [labels.count, values.count / labels.count], values)
    let ordered = Dataset(checkedX: x, y: labels, classCount: classes, classNames: nil)
    return try ordered.subset(generator.permutation(labels.count))
  }
}
