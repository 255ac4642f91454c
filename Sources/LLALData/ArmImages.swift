import Foundation
import LLALTensor

/// A seeded synthetic pose task: grey images of a two-segment arm among clutter, labelled
/// with the positions of its three joints (the layout of `shared/data/pose`, drawn from the
/// description in its README).
extension Datasets {
  /// `count` images `[count, 1, 32, 32]` of an arm (shoulder → elbow → wrist) with values
  /// in [0, 1], and its joints as float targets `[count, 3, 2]`: shoulder, elbow, wrist,
  /// each `(x, y)` in continuous image coordinates (pixel (row i, column j) covers
  /// `[j, j+1) × [i, i+1)`).
  ///
  /// Each sample: the shoulder is uniform in `[8, 24]²`; the upper arm is 7–11 px long at
  /// a uniform angle; the elbow bends by 20°–160° either way; the forearm is 6–10 px; the
  /// arm is redrawn until every joint lies in `[2, 29]²`. The arm (intensity 0.6–1) is two
  /// anti-aliased lines of width 1.5, pixel value `v·clip(1.25 − d, 0, 1)` with `d` the
  /// distance from the pixel centre to the segment, and a disk of radius 2 at the shoulder,
  /// `v·clip(2.5 − d, 0, 1)`. 0–3 distractor segments (length 6–11 px, own intensity
  /// 0.6–1, the same width, starting anywhere, at any angle) are drawn the same way; layers
  /// combine by pixel-wise maximum. Then Gaussian noise of standard deviation `noise`,
  /// clipped to [0, 1].
  public static func arms(count: Int = 2000, noise: Float = 0.05, seed: UInt64) throws
    -> Dataset
  {
    try checkRange(count, 1...Int.max, "count", "arms")
    try checkNonNegative(noise, "noise", "arms")
    var g = RandomGenerator(seed: seed)
    let side = 32
    let x = try allocate([count, 1, side, side], path: nil)
    let joints = try allocate([count, 3, 2], path: nil)
    var image = [Float](repeating: 0, count: side * side)
    for i in 0..<count {
      for k in image.indices { image[k] = 0 }
      let (arm, v) = drawArm(&g)
      paintSegment(arm[0], arm[1], intensity: v, side: side, into: &image)
      paintSegment(arm[1], arm[2], intensity: v, side: side, into: &image)
      paintDisk(arm[0], radius: 2, intensity: v, side: side, into: &image)
      for _ in 0..<g.nextInt(below: 4) {
        let start = SIMD2(uniform(&g, 0, Double(side)), uniform(&g, 0, Double(side)))
        let angle = uniform(&g, 0, 2 * Double.pi)
        let length = uniform(&g, 6, 11)
        let end = start + length * SIMD2(cos(angle), sin(angle))
        paintSegment(
          start, end, intensity: Float(uniform(&g, 0.6, 1)), side: side, into: &image)
      }
      let out = x.storage.base + i * side * side
      for k in image.indices { out[k] = min(max(image[k] + noise * g.nextNormal(), 0), 1) }
      for (j, p) in arm.enumerated() {
        joints.storage.base[i * 6 + 2 * j] = Float(p.x)
        joints.storage.base[i * 6 + 2 * j + 1] = Float(p.y)
      }
    }
    return Dataset(checkedX: x, targets: .tensor(joints), classCount: 0, classNames: nil)
  }

  /// One arm's joints (shoulder, elbow, wrist) and intensity.
  private static func drawArm(_ g: inout RandomGenerator) -> ([SIMD2<Double>], Float) {
    let shoulder = SIMD2(uniform(&g, 8, 24), uniform(&g, 8, 24))
    while true {
      let upper = uniform(&g, 7, 11)
      let a1 = uniform(&g, 0, 2 * Double.pi)
      let bend = uniform(&g, 20, 160) * Double.pi / 180 * (g.nextUniform() < 0.5 ? 1 : -1)
      let fore = uniform(&g, 6, 10)
      let elbow = shoulder + upper * SIMD2(cos(a1), sin(a1))
      let wrist = elbow + fore * SIMD2(cos(a1 + bend), sin(a1 + bend))
      let inside = [elbow, wrist].allSatisfy { p in
        (2...29).contains(p.x) && (2...29).contains(p.y)
      }
      if inside { return ([shoulder, elbow, wrist], Float(uniform(&g, 0.6, 1))) }
    }
  }

  /// A uniform value in `[low, high)`.
  private static func uniform(_ g: inout RandomGenerator, _ low: Double, _ high: Double)
    -> Double
  {
    low + (high - low) * g.nextUniformDouble()
  }

  /// Draws the segment `a`–`b` as an anti-aliased line of width 1.5 into `image`
  /// (pixel-wise maximum).
  private static func paintSegment(
    _ a: SIMD2<Double>, _ b: SIMD2<Double>, intensity v: Float, side: Int,
    into image: inout [Float]
  ) {
    let d = b - a
    let length2 = (d * d).sum()
    let reach = SIMD2<Double>(repeating: 1.25)
    paint(
      from: pointwiseMin(a, b) - reach, to: pointwiseMax(a, b) + reach, side: side,
      intensity: v, into: &image
    ) { p in
      let t = length2 > 0 ? min(max(((p - a) * d).sum() / length2, 0), 1) : 0
      let q = p - (a + t * d)
      return 1.25 - (q * q).sum().squareRoot()
    }
  }

  /// Draws an anti-aliased filled disk into `image` (pixel-wise maximum).
  private static func paintDisk(
    _ centre: SIMD2<Double>, radius: Double, intensity v: Float, side: Int,
    into image: inout [Float]
  ) {
    let reach = SIMD2<Double>(repeating: radius + 0.5)
    paint(from: centre - reach, to: centre + reach, side: side, intensity: v, into: &image) {
      p in
      let q = p - centre
      return radius + 0.5 - (q * q).sum().squareRoot()
    }
  }

  /// Raises every pixel to `v·clip(coverage(centre), 0, 1)` where that is larger, visiting
  /// only the pixels whose centres lie in the box `low...high` (coverage is 0 outside).
  private static func paint(
    from low: SIMD2<Double>, to high: SIMD2<Double>, side: Int, intensity v: Float,
    into image: inout [Float], coverage: (SIMD2<Double>) -> Double
  ) {
    func pixels(_ lo: Double, _ hi: Double) -> Range<Int> {
      let first = max(0, Int((lo - 0.5).rounded(.up)))
      let last = min(side - 1, Int((hi - 0.5).rounded(.down)))
      return first..<max(first, last + 1)
    }
    for r in pixels(low.y, high.y) {
      for c in pixels(low.x, high.x) {
        let value = v * Float(min(max(coverage(SIMD2(Double(c) + 0.5, Double(r) + 0.5)), 0), 1))
        image[r * side + c] = max(image[r * side + c], value)
      }
    }
  }
}
