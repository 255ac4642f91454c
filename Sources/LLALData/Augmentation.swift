import LLALTensor

/// Random image augmentation applied to each batch: a list of steps run in order.
///
/// Each image of an `[N, C, H, W]` batch gets its own random draws from `generator`, so
/// the same seed gives the same augmented batches. The shape never changes.
///
/// ```swift
/// let augment = try Augmentation([.randomCrop(padding: 4), .horizontalFlip()])
/// var generator = RandomGenerator(seed: 7)
/// let xb = try augment.apply(to: batch.x, generator: &generator)
/// ```
public struct Augmentation: Equatable, Sendable {
  /// One augmentation step.
  public enum Step: Equatable, Sendable {
    /// Pads each image with `padding` zeros on every side and crops an `H × W` window
    /// at a random offset: the image shifts by up to `padding` pixels in each direction,
    /// and uncovered pixels are 0. Draws the row offset, then the column offset.
    case randomCrop(padding: Int)
    /// Mirrors each image left-right with the given probability (one uniform draw per
    /// image, flipped when it is below `probability`).
    case horizontalFlip(probability: Float = 0.5)
  }

  /// The steps, applied in order.
  public let steps: [Step]

  /// An augmentation that runs `steps` in order. A crop padding outside
  /// `0...SizeLimit.maximum` is an error about `Augmentation.padding` (the crop draws
  /// offsets in `-padding...padding`), a flip probability outside [0, 1] one about
  /// `Augmentation.probability`.
  public init(_ steps: [Step]) throws {
    for step in steps {
      switch step {
      case .randomCrop(let padding):
        try SizeLimit.check(padding, "Augmentation.padding")
      case .horizontalFlip(let probability):
        guard probability >= 0, probability <= 1 else {
          throw FieldError(
            "Augmentation.probability",
            "must lie in [0, 1], found \(describeNumber(probability))")
        }
      }
    }
    self.steps = steps
  }

  private init(checked steps: [Step]) { self.steps = steps }

  /// `steps` followed by `other`'s steps.
  public func then(_ other: Augmentation) -> Augmentation {
    Augmentation(checked: steps + other.steps)
  }

  /// The batch `x` (`[N, C, H, W]`) augmented, as a new tensor of the same shape.
  public func apply(to x: Tensor, generator: inout RandomGenerator) throws -> Tensor {
    guard x.rank == 4 else {
      throw DataError.argument(
        "augmentation", "needs images [N, C, H, W], got \(describeShape(x.shape))")
    }
    var current = x
    for step in steps {
      switch step {
      case .randomCrop(let padding):
        current = try Augmentation.randomCrop(current, padding: padding, generator: &generator)
      case .horizontalFlip(let probability):
        current = try Augmentation.horizontalFlip(
          current, probability: probability, generator: &generator)
      }
    }
    // Always return a fresh tensor, even for no steps, so callers may not alias `x`.
    guard current !== x else {
      return try Dataset.gatherRows(x, Array(0..<x.shape[0]), field: "Augmentation")
    }
    return current
  }

  /// Shifts each image by a random offset in `-padding...padding` per axis, zero-filled.
  /// Each row of the result is one `memcpy` of the overlapping part of a source row.
  static func randomCrop(_ x: Tensor, padding: Int, generator: inout RandomGenerator) throws
    -> Tensor
  {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let out = try Tensor.zeros(x.shape)
    let src = x.storage.base
    let dst = out.storage.base
    let plane = h * w
    for i in 0..<n {
      // Offsets into the padded image; the source pixel is (y + dy, x + dx).
      let dy = generator.nextInt(below: 2 * padding + 1) - padding
      let dx = generator.nextInt(below: 2 * padding + 1) - padding
      let x0 = max(0, -dx)
      let x1 = min(w, w - dx)
      guard x1 > x0 else { continue }
      for ch in 0..<c {
        let base = (i * c + ch) * plane
        for row in 0..<h {
          let sy = row + dy
          guard sy >= 0, sy < h else { continue }
          (dst + base + row * w + x0).update(from: src + base + sy * w + x0 + dx, count: x1 - x0)
        }
      }
    }
    return out
  }

  /// Mirrors each image left-right with probability `probability`; others are copied.
  static func horizontalFlip(
    _ x: Tensor, probability: Float, generator: inout RandomGenerator
  ) throws -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let out = try Tensor.zeros(x.shape)
    let src = x.storage.base
    let dst = out.storage.base
    let image = c * h * w
    for i in 0..<n {
      let base = i * image
      guard generator.nextUniform() < probability else {
        (dst + base).update(from: src + base, count: image)
        continue
      }
      for r in 0..<(c * h) {
        let s = src + base + r * w
        let d = dst + base + r * w
        for k in 0..<w { d[k] = s[w - 1 - k] }
      }
    }
    return out
  }
}
