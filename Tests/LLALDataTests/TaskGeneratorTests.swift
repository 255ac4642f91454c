import Foundation
import LLALTensor
import XCTest

@testable import LLALData

/// The generators of the regression and pose tasks: `arms` and `curves`.
final class TaskGeneratorTests: XCTestCase {
  /// The joints of sample `i` as (x, y) pairs.
  private func joints(_ d: Dataset, _ i: Int) -> [(Double, Double)] {
    let t = d.targetTensor.scalars
    return (0..<3).map { (Double(t[i * 6 + 2 * $0]), Double(t[i * 6 + 2 * $0 + 1])) }
  }

  func testArmsShapesRangesAndGeometry() throws {
    let d = try Datasets.arms(count: 200, noise: 0, seed: 4)
    XCTAssertEqual(d.description, "Dataset(200 samples, x [200, 1, 32, 32], targets [3, 2])")
    XCTAssertTrue(d.x.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    var bends: [Double] = []
    for i in 0..<d.count {
      let j = joints(d, i)
      let (s, e, w) = (j[0], j[1], j[2])
      XCTAssertTrue((8...24).contains(s.0) && (8...24).contains(s.1), "shoulder \(s)")
      for p in j { XCTAssertTrue((2...29).contains(p.0) && (2...29).contains(p.1), "joint \(p)") }
      XCTAssertTrue((7...11).contains(hypot(e.0 - s.0, e.1 - s.1) + 1e-5), "upper arm \(i)")
      XCTAssertTrue((6...10).contains(hypot(w.0 - e.0, w.1 - e.1) + 1e-5), "forearm \(i)")
      // The turn from the upper arm's direction to the forearm's, in degrees.
      let a1 = atan2(e.1 - s.1, e.0 - s.0), a2 = atan2(w.1 - e.1, w.0 - e.0)
      let turn = abs(remainder(a2 - a1, 2 * Double.pi)) * 180 / Double.pi
      XCTAssertTrue((19.99...160.01).contains(turn), "bend \(turn) in sample \(i)")
      bends.append(turn)
    }
    XCTAssertLessThan(bends.min() ?? 0, 40)
    XCTAssertGreaterThan(bends.max() ?? 0, 140)
  }

  // Without noise the background is black and the arm is bright where its joints are: the
  // shoulder's pixel lies inside the disk (value = the arm's intensity, at least 0.6), and
  // the elbow's and wrist's pixel centres are within √2/2 of a segment (value at least
  // 0.6·(1.25 − 0.71) > 0.3).
  func testArmsDrawTheArmThroughItsJoints() throws {
    let d = try Datasets.arms(count: 100, noise: 0, seed: 7)
    let x = d.x.scalars
    var black = 0
    for i in 0..<d.count {
      let image = Array(x[(i * 1024)..<((i + 1) * 1024)])
      black += image.filter { $0 == 0 }.count
      for (k, p) in joints(d, i).enumerated() {
        let value = image[Int(p.1) * 32 + Int(p.0)]
        XCTAssertGreaterThanOrEqual(value, k == 0 ? 0.6 : 0.3, "sample \(i) joint \(k)")
      }
    }
    XCTAssertGreaterThan(Double(black) / Double(100 * 1024), 0.6)
    // Noise of 0.05 leaves the joints bright and fills the background with small values.
    let noisy = try Datasets.arms(count: 50, seed: 7)
    XCTAssertTrue(noisy.x.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    XCTAssertLessThan(Double(noisy.x.scalars.filter { $0 == 0 }.count) / Double(50 * 1024), 0.6)
  }

  func testArmsAreDeterminedByTheSeed() throws {
    let a = try Datasets.arms(count: 20, seed: 1)
    let b = try Datasets.arms(count: 20, seed: 1)
    let c = try Datasets.arms(count: 20, seed: 2)
    XCTAssertEqual(a.x.scalars, b.x.scalars)
    XCTAssertEqual(a.targetTensor.scalars, b.targetTensor.scalars)
    XCTAssertNotEqual(a.targetTensor.scalars, c.targetTensor.scalars)
    assertDataError(.invalidArgument, ["arms: count must be >= 1, got 0"]) {
      try Datasets.arms(count: 0, seed: 1)
    }
    assertDataError(.invalidArgument, ["arms: noise must be finite and >= 0, got -1.0"]) {
      try Datasets.arms(count: 1, noise: -1, seed: 1)
    }
  }

  func testCurvesFollowTheirFormulaWithGrowingNoise() throws {
    let exact = try Datasets.curves(count: 300, noise: 0, seed: 5)
    XCTAssertEqual(exact.description, "Dataset(300 samples, x [300, 1], targets [1])")
    let (x, y) = (exact.x.scalars, exact.targetTensor.scalars)
    for (v, t) in zip(x, y) {
      XCTAssertTrue((-2...2).contains(v))
      XCTAssertEqual(Double(t), sin(2 * Double(v)) + 0.5 * Double(v), accuracy: 1e-6)
    }
    // The residual spread grows with |x|: noise·(1 + |x|).
    let noisy = try Datasets.curves(count: 4000, noise: 0.2, seed: 5)
    var inner: [Double] = [], outer: [Double] = []
    for (v, t) in zip(noisy.x.scalars, noisy.targetTensor.scalars) {
      let r = Double(t) - (sin(2 * Double(v)) + 0.5 * Double(v))
      if abs(v) < 0.25 { inner.append(r * r) } else if abs(v) > 1.75 { outer.append(r * r) }
    }
    let innerSD = (inner.reduce(0, +) / Double(inner.count)).squareRoot()
    let outerSD = (outer.reduce(0, +) / Double(outer.count)).squareRoot()
    XCTAssertEqual(innerSD, 0.2 * 1.125, accuracy: 0.03)  // E|x| = 0.125 on |x| < 0.25
    XCTAssertEqual(outerSD, 0.2 * 2.875, accuracy: 0.08)  // E|x| = 1.875 on |x| > 1.75
    XCTAssertEqual(
      try Datasets.curves(seed: 9).targetTensor.scalars,
      try Datasets.curves(seed: 9).targetTensor.scalars)
    assertDataError(.invalidArgument, ["curves: count must be >= 1, got -3"]) {
      try Datasets.curves(count: -3, seed: 1)
    }
  }
}
