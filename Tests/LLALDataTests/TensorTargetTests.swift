import LLALTensor
import XCTest

@testable import LLALData

/// Datasets whose targets are float tensors: construction, the views of targets, and that
/// subsets, batches, normalisation and splits carry them (class-id datasets unchanged).
final class TensorTargetTests: XCTestCase {
  /// Six samples `[6, 2]` (sample i holds 10i, 10i + 1) with keypoint-like targets
  /// `[6, 2, 2]` (sample i holds i, i + 0.5, −i, 2i).
  func makeDataset() throws -> Dataset {
    let x = try Tensor(shape: [6, 2], (0..<6).flatMap { [Float($0 * 10), Float($0 * 10 + 1)] })
    var values: [Float] = []
    for i in 0..<6 {
      let v = Float(i)
      values += [v, v + 0.5, -v, 2 * v]
    }
    let t = try Tensor(shape: [6, 2, 2], values)
    return try Dataset(x: x, targets: t)
  }

  func testTensorTargetsDescribeThemselves() throws {
    let d = try makeDataset()
    XCTAssertEqual(d.count, 6)
    XCTAssertFalse(d.hasClassIDs)
    XCTAssertEqual(d.targetShape, [2, 2])
    XCTAssertEqual(d.targetTensor.shape, [6, 2, 2])
    XCTAssertEqual(d.y, [])
    XCTAssertEqual(d.classCount, 0)
    XCTAssertEqual(d.description, "Dataset(6 samples, x [6, 2], targets [2, 2])")
    let classes = try Dataset(x: Tensor.zeros([3, 2]), y: [2, 0, 1])
    XCTAssertTrue(classes.hasClassIDs)
    XCTAssertEqual(classes.targetShape, [])
    XCTAssertEqual(classes.targetTensor.scalars, [2, 0, 1])
  }

  func testConstructionChecksCountsRanksAndFiniteness() throws {
    let x = try Tensor.zeros([4, 2])
    assertDataError(
      .invalidArgument, ["dataset: targets [3, 2] need one row per sample of x [4, 2]"]
    ) {
      try Dataset(x: x, targets: Tensor.zeros([3, 2]))
    }
    assertDataError(.invalidArgument, ["dataset: targets [] need one row per sample of x [4, 2]"]) {
      try Dataset(x: x, targets: Tensor.scalar(1))
    }
    assertDataError(.invalidArgument, ["dataset: samples must have rank >= 2"]) {
      try Dataset(x: Tensor([1, 2]), targets: Tensor([1, 2]))
    }
    assertDataError(.invalidArgument, ["dataset: target nan of sample 2 is not finite"]) {
      try Dataset(x: x, targets: Tensor(shape: [4, 2], [0, 0, 0, 0, 0, .nan, 0, 0]))
    }
    // One value per sample is a [N] target tensor.
    XCTAssertEqual(try Dataset(x: x, targets: Tensor([1, 2, 3, 4])).targetShape, [])
  }

  func testSubsetsBatchesAndNormalisationCarryTheTargets() throws {
    let d = try makeDataset()
    let s = try d.subset([4, 1, 1])
    guard case .tensor(let t) = s.targets else { return XCTFail("lost the tensor targets") }
    XCTAssertEqual(t.shape, [3, 2, 2])
    XCTAssertEqual(t.scalars, [4, 4.5, -4, 8, 1, 1.5, -1, 2, 1, 1.5, -1, 2])
    let batches = Array(try d.batches(size: 4))
    XCTAssertEqual(batches.map(\.indices), [[0, 1, 2, 3], [4, 5]])
    guard case .tensor(let last) = batches[1].targets else { return XCTFail("batch targets") }
    XCTAssertEqual(last.scalars, [4, 4.5, -4, 8, 5, 5.5, -5, 10])
    XCTAssertEqual(batches[1].y, [])
    let normal = try d.normalized(with: try d.fitNormalization())
    XCTAssertEqual(normal.targetTensor.scalars, d.targetTensor.scalars)
    let replaced = try d.replacingSamples(try d.x * 2)
    XCTAssertEqual(replaced.targetTensor.scalars, d.targetTensor.scalars)
    assertDataError(
      .invalidArgument, ["dataset: targets [6, 2, 2] need one row per sample of x [5, 2]"]
    ) {
      try d.replacingSamples(try Tensor.zeros([5, 2]))
    }
    // A batch's targets are a copy: writing to them leaves the dataset alone.
    last.withUnsafeMutableBuffer { $0[0] = -100 }
    XCTAssertEqual(d.targetTensor.scalars[16], 4)
  }

  // Float targets have no classes: the default split draws them plainly, stratify: true is
  // refused, and stratify: false is the same plain draw.
  func testSplitsDrawTensorTargetsPlainlyAndRefuseStratification() throws {
    let d = try makeDataset()
    let (train, test) = try d.split(test: 0.5, seed: 3)
    XCTAssertEqual(train.count, 3)
    XCTAssertEqual(test.count, 3)
    let rows = (train.x.scalars + test.x.scalars).enumerated().filter { $0.offset % 2 == 0 }
    XCTAssertEqual(Set(rows.map { Int($0.element) / 10 }), Set(0..<6))
    // Each part's targets are its samples' rows (sample i has first target value i).
    for part in [train, test] {
      let x = part.x.scalars, t = part.targetTensor.scalars
      for i in 0..<part.count { XCTAssertEqual(t[4 * i], x[2 * i] / 10) }
    }
    let plain = try d.split(test: 0.5, seed: 3, stratify: false)
    XCTAssertEqual(plain.test.x.scalars, test.x.scalars)
    assertDataError(
      .invalidArgument,
      [
        "split: stratify needs class ids; this dataset has targets [2, 2] per sample "
          + "(use stratify: false)"
      ]
    ) { try d.split(test: 0.5, seed: 3, stratify: true) }
    // Class ids still stratify by default.
    let classes = try Dataset(x: Tensor.zeros([8, 1]), y: [0, 0, 0, 0, 0, 0, 1, 1])
    XCTAssertEqual(try classes.split(test: 0.5, seed: 1).test.classCounts, [3, 1])
  }
}
