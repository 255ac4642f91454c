import LLALTensor
import XCTest

@testable import LLALData

final class SplitTests: XCTestCase {
  /// 100 samples in classes of 50, 30 and 20; sample i holds the value i.
  func makeDataset() throws -> Dataset {
    let labels =
      [Int](repeating: 0, count: 50) + [Int](repeating: 1, count: 30)
      + [Int](repeating: 2, count: 20)
    return try Dataset(x: try Tensor(shape: [100, 1], (0..<100).map(Float.init)), y: labels)
  }

  func testStratifiedSplitKeepsClassProportions() throws {
    let (train, test) = try makeDataset().split(test: 0.2, seed: 3)
    XCTAssertEqual(test.classCounts, [10, 6, 4])
    XCTAssertEqual(train.classCounts, [40, 24, 16])
    // Disjoint, covering, and each part in the original order.
    let trainIDs = train.x.scalars.map { Int($0) }
    let testIDs = test.x.scalars.map { Int($0) }
    XCTAssertEqual(Set(trainIDs).intersection(testIDs), [])
    XCTAssertEqual((trainIDs + testIDs).sorted(), Array(0..<100))
    XCTAssertEqual(trainIDs, trainIDs.sorted())
    XCTAssertEqual(testIDs, testIDs.sorted())
    // Labels travel with their samples.
    for (value, label) in zip(testIDs, test.y) {
      XCTAssertEqual(label, value < 50 ? 0 : value < 80 ? 1 : 2)
    }
  }

  func testRoundingLeftoversGoToTheLargestRemainders() throws {
    // 0.25 of 50, 30, 20 is 12.5, 7.5, 5: floors sum to 24 of 25; class 0 wins the tie.
    let (_, test) = try makeDataset().split(test: 0.25, seed: 0)
    XCTAssertEqual(test.count, 25)
    XCTAssertEqual(test.classCounts, [13, 7, 5])
    XCTAssertEqual(
      Dataset.stratifiedQuotas(sizes: [3, 3, 3], total: 2, fraction: 0.2), [1, 1, 0])
  }

  func testSplitIsDeterministicPerSeed() throws {
    let d = try makeDataset()
    let a = try d.split(test: 0.3, seed: 11).test.x.scalars
    let b = try d.split(test: 0.3, seed: 11).test.x.scalars
    let c = try d.split(test: 0.3, seed: 12).test.x.scalars
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
  }

  func testUnstratifiedSplitHasTheRoundedSize() throws {
    let d = try makeDataset()
    let (train, test) = try d.split(test: 0.33, seed: 1, stratify: false)
    XCTAssertEqual(test.count, 33)
    XCTAssertEqual(train.count, 67)
    XCTAssertEqual(
      try d.split(test: 0.33, seed: 1, stratify: false).test.x.scalars, test.x.scalars)
  }

  func testFractionOutOfRangeIsAnError() throws {
    let d = try makeDataset()
    for (fraction, text) in [(0.0, "0"), (1.0, "1"), (-0.1, "-0.1"), (1.5, "1.5"), (.nan, "nan")] {
      XCTAssertThrowsError(try d.split(test: fraction, seed: 0)) { e in
        XCTAssertEqual(
          e as? FieldError,
          FieldError(
            "Dataset.split.test", "must be a fraction strictly between 0 and 1, found \(text)"))
      }
    }
  }
}
