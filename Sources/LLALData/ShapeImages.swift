import LLALTensor

/// A seeded synthetic detection task: grey images of squares, disks and plus signs among
/// specks and noise, with their boxes (the layout of `shared/data/detect`, drawn from the
/// description in its README; the pixels differ from the peer's, the rules do not).
extension Datasets {
  /// The names of the classes of `shapes`, by class id.
  public static let shapeClassNames = ["square", "disk", "plus"]

  /// `count` images `[count, 1, 32, 32]` with values `k/255` in [0, 1] and their boxes
  /// `[count, 3, 5]` (class, x1, y1, x2, y2 in pixels, padding rows (−1, 0, 0, 0, 0) after
  /// the real ones), classes `square`, `disk`, `plus`.
  ///
  /// Each image holds 1–3 objects (uniform). An object has a uniform class, an integer
  /// side `s` in 6…12 and an integer top-left corner `(x0, y0)` in `0…32−s`, so its box
  /// `(x0, y0, x0+s, y0+s)` lies inside the image; it is redrawn (class, side and place)
  /// while its IoU with an earlier object exceeds 0.3. It is painted with a uniform
  /// intensity in [0.2, 1]: a square fills its box; a disk the pixels whose centre lies
  /// within `s/2` of the box centre; a plus two strokes of 2 px through the middle
  /// (rows and columns `(s−2)/2` and one more, counted from the corner). Then 0–8 specks of
  /// 1×1, 2×2 or 3×3 px at intensity 0.2–1 anywhere, Gaussian noise of standard deviation
  /// `noise`, clipping to [0, 1] and rounding to a multiple of 1/255 (as the peer's uint8
  /// files read as x/255). Layers combine by pixel-wise maximum.
  public static func shapes(count: Int = 2000, noise: Float = 0.15, seed: UInt64) throws
    -> Dataset
  {
    try checkRange(count, 1...Int.max, "count", "shapes")
    try checkNonNegative(noise, "noise", "shapes")
    try checkSize([count, 1, 32, 32], "the images", "shapes")
    var g = RandomGenerator(seed: seed)
    let side = 32
    let x = try allocate([count, 1, side, side], path: nil)
    let boxes = try allocate([count, 3, 5], path: nil)
    var image = [Float](repeating: 0, count: side * side)
    for i in 0..<count {
      for k in image.indices { image[k] = 0 }
      let objects = placeObjects(&g, side: side)
      let out = boxes.storage.base + i * 15
      for k in 0..<3 {
        guard k < objects.count else {
          out[5 * k] = DetectionBoxes.padding
          continue
        }
        let o = objects[k]
        paint(o, intensity: uniform(&g, 0.2, 1), side: side, into: &image)
        for (j, v) in [o.cls, o.x0, o.y0, o.x0 + o.s, o.y0 + o.s].enumerated() {
          out[5 * k + j] = Float(v)
        }
      }
      for _ in 0..<g.nextInt(below: 9) {
        let size = 1 + g.nextInt(below: 3)
        let (px, py) = (g.nextInt(below: side - size + 1), g.nextInt(below: side - size + 1))
        let v = uniform(&g, 0.2, 1)
        for r in py..<py + size {
          for c in px..<px + size { image[r * side + c] = max(image[r * side + c], v) }
        }
      }
      let pixels = x.storage.base + i * side * side
      for k in image.indices {
        let v = min(max(image[k] + noise * g.nextNormal(), 0), 1)
        pixels[k] = (v * 255).rounded(.toNearestOrEven) / 255
      }
    }
    return Dataset(
      checkedX: x, targets: .boxes(boxes), classCount: 3, classNames: shapeClassNames)
  }

  /// One object: class, side and top-left corner.
  struct ShapeObject {
    let cls: Int
    let s: Int
    let x0: Int
    let y0: Int

    /// Intersection over union of the two boxes.
    func iou(_ o: ShapeObject) -> Double {
      let ix = max(0, min(x0 + s, o.x0 + o.s) - max(x0, o.x0))
      let iy = max(0, min(y0 + s, o.y0 + o.s) - max(y0, o.y0))
      let inter = Double(ix * iy)
      return inter / (Double(s * s + o.s * o.s) - inter)
    }
  }

  /// 1–3 objects, each redrawn while its IoU with an earlier one exceeds 0.3.
  static func placeObjects(_ g: inout RandomGenerator, side: Int) -> [ShapeObject] {
    var objects: [ShapeObject] = []
    for _ in 0..<(1 + g.nextInt(below: 3)) {
      // Some draw always passes (even a 6-px box inside a 12-px one has IoU 0.25), so
      // this ends; the peer gives up after 1000 tries, which its seeds never reach.
      while true {
        let cls = g.nextInt(below: 3)
        let s = 6 + g.nextInt(below: 7)
        let o = ShapeObject(
          cls: cls, s: s, x0: g.nextInt(below: side - s + 1), y0: g.nextInt(below: side - s + 1))
        if objects.allSatisfy({ o.iou($0) <= 0.3 }) {
          objects.append(o)
          break
        }
      }
    }
    return objects
  }

  /// Paints `o` at intensity `v` into `image` (pixel-wise maximum).
  static func paint(
    _ o: ShapeObject, intensity v: Float, side: Int, into image: inout [Float]
  ) {
    let half = Double(o.s) / 2
    let k = (o.s - 2) / 2
    for r in 0..<o.s {
      for c in 0..<o.s {
        let inside: Bool
        switch o.cls {
        case 0: inside = true
        case 1:
          let (dx, dy) = (Double(c) + 0.5 - half, Double(r) + 0.5 - half)
          inside = dx * dx + dy * dy <= half * half
        default: inside = (k..<k + 2).contains(r) || (k..<k + 2).contains(c)
        }
        let p = (o.y0 + r) * side + o.x0 + c
        if inside { image[p] = max(image[p], v) }
      }
    }
  }

  /// A uniform value in `[low, high)`.
  private static func uniform(_ g: inout RandomGenerator, _ low: Float, _ high: Float) -> Float {
    low + (high - low) * g.nextUniform()
  }
}
