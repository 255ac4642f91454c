import Foundation
import LLALTensor

/// A seeded synthetic image task: class-dependent strokes and shapes plus noise.
extension Datasets {
  /// The class names of `patterns`, by class id; the first `classes` of them are used.
  public static let patternNames = [
    "horizontal", "vertical", "diagonal", "antidiagonal", "plus", "box", "blob", "cross",
  ]

  /// `count` images `[count, channels, size, size]` of simple patterns, one per class:
  /// a horizontal bar, a vertical bar, a `\` diagonal, a `/` diagonal, a `+`, a box
  /// outline, a Gaussian blob and an `×` (`classes` of them, 2 to 8).
  ///
  /// Each image varies at random: the stroke's position (shifted by up to a quarter of
  /// the side), its extent, its brightness (0.7 to 1) and, with several channels, its
  /// colour (each channel scaled by 0.3 to 1, so colour carries no class information).
  /// Strokes are `max(1, size / 8)` pixels thick. Gaussian noise of standard deviation
  /// `noise` is added to every pixel; the background is otherwise 0. Classes are
  /// balanced and the order is a seeded shuffle. A small CNN learns the task quickly;
  /// larger `noise` makes it harder.
  public static func patterns(
    count: Int = 1000, classes: Int = 4, size: Int = 8, channels: Int = 1,
    noise: Float = 0.1, seed: UInt64
  ) throws -> Dataset {
    try checkRange(count, 1...Int.max, "count", "patterns")
    try checkRange(classes, 2...patternNames.count, "classes", "patterns")
    try checkRange(size, 6...256, "size", "patterns")
    try checkRange(channels, 1...16, "channels", "patterns")
    try checkNonNegative(noise, "noise", "patterns")
    try checkSize([count, channels, size, size], "the images", "patterns")
    var generator = RandomGenerator(seed: seed)
    let labels = generator.permutation(count).map { $0 % classes }
    let x = try allocate([count, channels, size, size], path: nil)
    var mask = [Float](repeating: 0, count: size * size)
    let plane = size * size
    for (i, label) in labels.enumerated() {
      drawPattern(label, size: size, into: &mask, generator: &generator)
      let brightness = 0.7 + 0.3 * generator.nextUniform()
      for c in 0..<channels {
        let colour = channels == 1 ? 1 : 0.3 + 0.7 * generator.nextUniform()
        let out = x.storage.base + (i * channels + c) * plane
        for k in 0..<plane {
          out[k] = brightness * colour * mask[k] + noise * generator.nextNormal()
        }
      }
    }
    return Dataset(
      checkedX: x, y: labels, classCount: classes,
      classNames: Array(patternNames.prefix(classes)))
  }

  /// Fills `mask` (`size × size`, values in [0, 1]) with a random instance of pattern
  /// `label`.
  static func drawPattern(
    _ label: Int, size s: Int, into mask: inout [Float], generator g: inout RandomGenerator
  ) {
    for k in mask.indices { mask[k] = 0 }
    let thick = max(1, s / 8)
    let jitter = max(1, s / 4)
    func shift(_ range: Int) -> Int { g.nextInt(below: 2 * range + 1) - range }
    func set(_ row: Int, _ col: Int, _ v: Float = 1) {
      if row >= 0, row < s, col >= 0, col < s { mask[row * s + col] = max(mask[row * s + col], v) }
    }
    // A bar of `thick` rows (or columns) through the middle, shifted, with random ends.
    func bar(vertical: Bool, range: Int) {
      let at = (s - thick) / 2 + shift(range)
      let start = g.nextInt(below: s / 4 + 1)
      let end = s - g.nextInt(below: s / 4 + 1)
      for t in 0..<thick {
        for k in start..<end { vertical ? set(k, at + t) : set(at + t, k) }
      }
    }
    // The line col - row == offset (`\`) or col + row == s - 1 + offset (`/`).
    func diagonal(anti: Bool, range: Int) {
      let offset = shift(range)
      for row in 0..<s {
        for t in 0..<thick {
          set(row, anti ? s - 1 - row + offset + t : row + offset + t)
        }
      }
    }
    switch label {
    case 0: bar(vertical: false, range: jitter)
    case 1: bar(vertical: true, range: jitter)
    case 2: diagonal(anti: false, range: jitter)
    case 3: diagonal(anti: true, range: jitter)
    case 4:
      bar(vertical: false, range: jitter / 2)
      bar(vertical: true, range: jitter / 2)
    case 5:
      let quarter = s / 4 + 1
      let (top, left) = (g.nextInt(below: quarter), g.nextInt(below: quarter))
      let (bottom, right) = (s - 1 - g.nextInt(below: quarter), s - 1 - g.nextInt(below: quarter))
      for t in 0..<thick {
        for col in left...right {
          set(top + t, col)
          set(bottom - t, col)
        }
        for row in top...bottom {
          set(row, left + t)
          set(row, right - t)
        }
      }
    case 6:
      let centre = Float(s - 1) / 2
      let (cy, cx) = (centre + Float(shift(jitter / 2)), centre + Float(shift(jitter / 2)))
      let sigma = Float(s) / 5
      for row in 0..<s {
        for col in 0..<s {
          let d2 = (Float(row) - cy) * (Float(row) - cy) + (Float(col) - cx) * (Float(col) - cx)
          set(row, col, Foundation.exp(-d2 / (2 * sigma * sigma)))
        }
      }
    default:
      diagonal(anti: false, range: jitter / 2)
      diagonal(anti: true, range: jitter / 2)
    }
  }
}
