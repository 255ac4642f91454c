import LLALTensor
import XCTest

@testable import LLALData

final class GeneratorTests: XCTestCase {
  func testBlobsAreBalancedClustersAroundTheirCentres() throws {
    let d = try Datasets.blobs(count: 301, classes: 3, dimensions: 4, spread: 0.5, seed: 1)
    XCTAssertEqual(d.x.shape, [301, 4])
    XCTAssertEqual(d.classCounts, [101, 100, 100])
    XCTAssertNotEqual(Array(d.y.prefix(10)), [Int](repeating: 0, count: 10), "shuffled")
    // Each point is closer to its own class mean than to any other.
    let x = d.x.scalars
    var means = [[Float]](repeating: [Float](repeating: 0, count: 4), count: 3)
    for (i, c) in d.y.enumerated() {
      for k in 0..<4 { means[c][k] += x[i * 4 + k] / Float(d.classCounts[c]) }
    }
    for (i, c) in d.y.enumerated() {
      let distances = means.map { m in
        (0..<4).reduce(Float(0)) { $0 + pow(x[i * 4 + $1] - m[$1], 2) }
      }
      XCTAssertEqual(distances.firstIndex(of: distances.min() ?? 0), c)
    }
    XCTAssertEqual(try Datasets.blobs(seed: 1).x.scalars, try Datasets.blobs(seed: 1).x.scalars)
    XCTAssertNotEqual(try Datasets.blobs(seed: 1).x.scalars, try Datasets.blobs(seed: 2).x.scalars)
  }

  func testNoiselessMoonsLieOnTheirArcs() throws {
    let d = try Datasets.moons(count: 101, noise: 0, seed: 3)
    XCTAssertEqual(d.classCounts, [50, 51])
    let x = d.x.scalars
    for (i, c) in d.y.enumerated() {
      let (px, py) = (x[2 * i], x[2 * i + 1])
      // Class 0 on the unit circle above the axis; class 1 on the circle around (1, 0.5).
      let (cx, cy): (Float, Float) = c == 0 ? (0, 0) : (1, 0.5)
      XCTAssertEqual((px - cx) * (px - cx) + (py - cy) * (py - cy), 1, accuracy: 1e-5)
      XCTAssertTrue(c == 0 ? py >= -1e-6 : py <= 0.5 + 1e-6)
    }
    let noisy = try Datasets.moons(noise: 0.1, seed: 3)
    XCTAssertEqual(noisy.x.shape, [200, 2])
    XCTAssertEqual(noisy.x.scalars, try Datasets.moons(noise: 0.1, seed: 3).x.scalars)
  }

  func testSpiralsHaveUnitRadiusAndOneArmPerClass() throws {
    let d = try Datasets.spirals(count: 90, classes: 3, noise: 0, seed: 0)
    XCTAssertEqual(d.x.shape, [90, 2])
    XCTAssertEqual(d.classCounts, [30, 30, 30])
    let x = d.x.scalars
    for (i, c) in d.y.enumerated() {
      let r = (x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]).squareRoot()
      XCTAssertLessThanOrEqual(r, 1 + 1e-6)
      guard r > 0.01 else { continue }
      // Without noise the angle is 2πc/3 + 4r (mod 2π).
      let expected = 2 * Float.pi * Float(c) / 3 + 4 * r
      let angle = atan2(x[2 * i + 1], x[2 * i])
      let difference = remainder(angle - expected, 2 * Float.pi)
      XCTAssertEqual(difference, 0, accuracy: 1e-3)
    }
  }

  func testPatternsAreBalancedImagesWithClassShapes() throws {
    let d = try Datasets.patterns(count: 80, classes: 8, size: 8, channels: 3, noise: 0.1, seed: 5)
    XCTAssertEqual(d.x.shape, [80, 3, 8, 8])
    XCTAssertEqual(d.classCounts, [Int](repeating: 10, count: 8))
    XCTAssertEqual(d.classNames?.first, "horizontal")
    XCTAssertEqual(
      d.x.scalars,
      try Datasets.patterns(count: 80, classes: 8, size: 8, channels: 3, noise: 0.1, seed: 5).x
        .scalars)

    // Without noise, a horizontal bar has a bright row and no bright column, a vertical
    // bar the reverse; diagonals have one bright pixel per row.
    let clean = try Datasets.patterns(count: 40, classes: 4, size: 8, noise: 0, seed: 2)
    let x = clean.x.scalars
    for (i, c) in clean.y.enumerated() {
      let image = Array(x[(i * 64)..<(i * 64 + 64)])
      let rowSums = (0..<8).map { r in (0..<8).reduce(Float(0)) { $0 + image[r * 8 + $1] } }
      let colSums = (0..<8).map { k in (0..<8).reduce(Float(0)) { $0 + image[$1 * 8 + k] } }
      XCTAssertTrue(image.allSatisfy { $0 >= 0 && $0 <= 1 })
      switch c {
      case 0:
        XCTAssertGreaterThan(rowSums.max() ?? 0, 2.5)
        XCTAssertLessThanOrEqual(colSums.max() ?? 9, 1)
      case 1:
        XCTAssertGreaterThan(colSums.max() ?? 0, 2.5)
        XCTAssertLessThanOrEqual(rowSums.max() ?? 9, 1)
      default:
        XCTAssertLessThanOrEqual(rowSums.max() ?? 9, 1)
        // The `\` diagonal rises with the column along rows; `/` falls.
        let cols = (0..<8).compactMap { r in (0..<8).first { image[r * 8 + $0] > 0 } }
        if cols.count >= 2 {
          XCTAssertEqual(cols[1] - cols[0], c == 2 ? 1 : -1)
        }
      }
    }
  }

  func testGeneratorArgumentsAreChecked() {
    assertDataError(.invalidArgument, ["blobs", "classes must be >= 1"]) {
      try Datasets.blobs(classes: 0, seed: 0)
    }
    assertDataError(.invalidArgument, ["moons", "noise must be finite and >= 0"]) {
      try Datasets.moons(noise: -1, seed: 0)
    }
    assertDataError(.invalidArgument, ["spirals", "count must be >= 1"]) {
      try Datasets.spirals(count: 0, seed: 0)
    }
    assertDataError(.invalidArgument, ["patterns", "classes must be >= 2 and <= 8"]) {
      try Datasets.patterns(classes: 9, seed: 0)
    }
    assertDataError(.invalidArgument, ["patterns", "size must be >= 6"]) {
      try Datasets.patterns(size: 4, seed: 0)
    }
  }
}
