import LLALTensor
import XCTest

@testable import LLALData

final class AugmentationTests: XCTestCase {
  /// One 1x3x3 image holding 1...9 row by row.
  var image: Tensor { Tensor((1...9).map(Float.init)).reshapedForTest([1, 1, 3, 3]) }

  /// The 3x3 picture 1...9 moved so that output (r, c) shows input (r + dy, c + dx), zero
  /// where that falls outside: the reference for a crop of the zero-padded image.
  func shifted(dy: Int, dx: Int) -> [Float] {
    (0..<3).flatMap { r in
      (0..<3).map { c -> Float in
        let (sr, sc) = (r + dy, c + dx)
        return (0..<3).contains(sr) && (0..<3).contains(sc) ? Float(sr * 3 + sc + 1) : 0
      }
    }
  }

  func testFlipMirrorsEachRow() throws {
    var g = RandomGenerator(seed: 0)
    let flip = try Augmentation([.horizontalFlip(probability: 1)])
    let flipped = try flip.apply(to: image, generator: &g)
    XCTAssertEqual(flipped.scalars, [3, 2, 1, 6, 5, 4, 9, 8, 7])
    let kept = try Augmentation([.horizontalFlip(probability: 0)]).apply(to: image, generator: &g)
    XCTAssertEqual(kept.scalars, image.scalars)
    XCTAssertFalse(kept === image, "the result is a fresh tensor")
  }

  func testCropShiftsAndZeroFills() throws {
    // The reference itself, checked by hand: one row down, one column left.
    XCTAssertEqual(shifted(dy: 1, dx: -1), [0, 4, 5, 0, 7, 8, 0, 0, 0])
    // Every seeded crop with padding 1 is one of the nine shifts of the image.
    let shifts = (-1...1).flatMap { dy in (-1...1).map { dx in shifted(dy: dy, dx: dx) } }
    var g = RandomGenerator(seed: 42)
    var seen = Set<[Float]>()
    for _ in 0..<60 {
      let out = try Augmentation([.randomCrop(padding: 1)]).apply(to: image, generator: &g)
      XCTAssertEqual(out.shape, [1, 1, 3, 3])
      XCTAssertTrue(shifts.contains(out.scalars), "\(out.scalars) is not a shift")
      seen.insert(out.scalars)
    }
    XCTAssertEqual(seen.count, 9, "60 crops should hit all nine offsets")
    var g0 = RandomGenerator(seed: 1)
    let same = try Augmentation([.randomCrop(padding: 0)]).apply(to: image, generator: &g0)
    XCTAssertEqual(same.scalars, image.scalars)
  }

  func testSameSeedSameBatchAndShapePreserved() throws {
    let x = try Tensor.uniform([8, 3, 6, 5], seed: 3)
    let augment = try Augmentation([.randomCrop(padding: 2)]).then(.init([.horizontalFlip()]))
    XCTAssertEqual(augment.steps.count, 2)
    var g1 = RandomGenerator(seed: 9)
    var g2 = RandomGenerator(seed: 9)
    var g3 = RandomGenerator(seed: 10)
    let a = try augment.apply(to: x, generator: &g1)
    let b = try augment.apply(to: x, generator: &g2)
    let c = try augment.apply(to: x, generator: &g3)
    XCTAssertEqual(a.shape, x.shape)
    XCTAssertEqual(a.scalars, b.scalars)
    XCTAssertNotEqual(a.scalars, c.scalars)
  }

  func testChannelsMoveTogether() throws {
    // Two channels with the same picture get the same crop and flip.
    let plane: [Float] = (1...16).map(Float.init)
    let x = try Tensor(shape: [1, 2, 4, 4], plane + plane)
    var g = RandomGenerator(seed: 4)
    let out = try Augmentation([.randomCrop(padding: 2), .horizontalFlip()])
      .apply(to: x, generator: &g).scalars
    XCTAssertEqual(Array(out[0..<16]), Array(out[16..<32]))
  }

  func testBadInputIsAnError() throws {
    var g = RandomGenerator(seed: 0)
    assertDataError(.invalidArgument, ["[N, C, H, W]", "[2, 3]"]) {
      try Augmentation([.horizontalFlip()]).apply(to: try Tensor.zeros([2, 3]), generator: &g)
    }
    // The steps' settings are refused when the augmentation is made, naming the field.
    XCTAssertThrowsError(try Augmentation([.randomCrop(padding: -1)])) { e in
      XCTAssertEqual(
        e as? FieldError, FieldError("Augmentation.padding", "must not be negative, found -1"))
    }
    // Issue 14: a padding near Int.max overflowed the offset range 2·pad + 1 in the
    // first augmented batch; it is refused when the augmentation is made.
    XCTAssertThrowsError(try Augmentation([.randomCrop(padding: Int.max)])) { e in
      XCTAssertEqual(
        e as? FieldError,
        FieldError(
          "Augmentation.padding", "must be at most 1073741824, found 9223372036854775807"))
    }
    // The largest padding allowed shifts the images out of sight without overflowing.
    let far = try Augmentation([.randomCrop(padding: 1 << 30)])
      .apply(to: try Tensor.ones([2, 1, 3, 3]), generator: &g)
    XCTAssertEqual(far.scalars, [Float](repeating: 0, count: 18))
    XCTAssertThrowsError(try Augmentation([.horizontalFlip(probability: 2)])) { e in
      XCTAssertEqual(
        e as? FieldError, FieldError("Augmentation.probability", "must lie in [0, 1], found 2"))
    }
  }
}

extension Tensor {
  /// `reshaped` for shapes the test knows to be valid.
  fileprivate func reshapedForTest(_ shape: [Int]) -> Tensor {
    // The 9 values fill [1, 1, 3, 3]; a failure here is a broken test.
    (try? Tensor(shape: shape, scalars)) ?? self
  }
}
