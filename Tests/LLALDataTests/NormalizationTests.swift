import LLALTensor
import XCTest

@testable import LLALData

final class NormalizationTests: XCTestCase {
  func testPerChannelStatisticsOfImages() throws {
    // Two images of 2 channels, 1x2 pixels. Channel 0 holds 1, 3, 5, 7 (mean 4,
    // population std sqrt(5)); channel 1 holds 10 everywhere (constant: std 1).
    let x = try Tensor(shape: [2, 2, 1, 2], [1, 3, 10, 10, 5, 7, 10, 10])
    let stats = try Normalization.fit(x)
    XCTAssertEqual(stats.mean, [4, 10])
    XCTAssertEqual(stats.std[0], Float(5).squareRoot(), accuracy: 1e-6)
    XCTAssertEqual(stats.std[1], 1)
    let y = try stats.apply(to: x).scalars
    let s = Float(5).squareRoot()
    let expected: [Float] = [-3 / s, -1 / s, 0, 0, 1 / s, 3 / s, 0, 0]
    for (a, b) in zip(y, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
  }

  func testPerFeatureStatisticsAndTrainingStatisticsOnTestData() throws {
    let train = try Dataset(x: try Tensor(rows: [[0, 100], [2, 300]]), y: [0, 1])
    let test = try Dataset(x: try Tensor(rows: [[4, 200]]), y: [1])
    let stats = try train.fitNormalization()
    XCTAssertEqual(stats.mean, [1, 200])
    XCTAssertEqual(stats.std, [1, 100])
    XCTAssertEqual(try train.normalized(with: stats).x.scalars, [-1, -1, 1, 1])
    // The test sample is scaled with the training statistics, not its own.
    XCTAssertEqual(try test.normalized(with: stats).x.scalars, [3, 0])
    XCTAssertEqual(try test.normalized(with: stats).y, [1])
  }

  func testGivenStatisticsAndShapeErrors() throws {
    let stats = try Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
    let x = try Tensor.full([1, 3, 2, 2], 1)
    XCTAssertEqual(try stats.apply(to: x).scalars, [Float](repeating: 2, count: 12))
    XCTAssertThrowsError(try stats.apply(to: try Tensor.zeros([1, 2, 2, 2]))) {
      XCTAssertEqual("\($0)", "Normalization has 3 values for 2 channels")
    }
    XCTAssertThrowsError(try Normalization(mean: [0], std: [0])) {
      XCTAssertEqual("\($0)", "Normalization.std must be positive and finite, found 0")
    }
    XCTAssertThrowsError(try Normalization(mean: [0, 1], std: [1])) {
      XCTAssertEqual("\($0)", "Normalization.std has 1 value where mean has 2")
    }
    assertDataError(.invalidArgument, ["N > 0"]) {
      try Normalization.fit(try Tensor.zeros([0, 3]))
    }
  }
}
