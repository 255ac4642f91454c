import LLALTensor
import XCTest

@testable import LLALData

final class DatasetTests: XCTestCase {
  /// Ten samples of three features each; sample i holds i*10, i*10+1, i*10+2.
  func makeDataset(count: Int = 10) throws -> Dataset {
    let values = (0..<count).flatMap { i in (0..<3).map { Float(i * 10 + $0) } }
    return try Dataset(
      x: try Tensor(shape: [count, 3], values), y: (0..<count).map { $0 % 3 })
  }

  func testInitValidatesCountsAndLabels() throws {
    let x = try Tensor.zeros([4, 2])
    func refusal(_ make: () throws -> Dataset) -> FieldError? {
      do {
        _ = try make()
        return nil
      } catch { return error as? FieldError }
    }
    XCTAssertEqual(
      refusal { try Dataset(x: x, y: [0, 1, 2]) },
      FieldError(
        "Dataset.y", "must hold one label per sample: 3 labels for 4 samples (x is [4, 2])"))
    XCTAssertEqual(
      refusal { try Dataset(x: x, y: [0, 5, 1, 2], classCount: 3) },
      FieldError("Dataset.y", "holds 5 (sample 1), outside the classes 0..<3"))
    XCTAssertEqual(
      refusal { try Dataset(x: x, y: [0, -1, 1, 2]) },
      FieldError("Dataset.y", "holds -1 (sample 1); class ids must not be negative"))
    XCTAssertEqual(
      refusal { try Dataset(x: Tensor([1, 2, 3, 4]), y: [0, 0, 0, 0]) },
      FieldError("Dataset.x", "must have rank 2 or more ([N, D] or [N, C, H, W]), found [4]"))
    XCTAssertEqual(
      refusal { try Dataset(x: x, y: [0, 1, 2, 0], classCount: 3, classNames: ["a", "b"]) },
      FieldError("Dataset.classNames", "must name every class: 2 names for 3 classes"))
    let d = try Dataset(x: x, y: [0, 2, 2, 0])
    XCTAssertEqual(d.classCount, 3)
    XCTAssertEqual(d.classCounts, [2, 0, 2])
    XCTAssertEqual(d.sampleShape, [2])
    XCTAssertEqual(d.description, "Dataset(4 samples, x [4, 2], 3 classes)")
  }

  func testSubsetGathersRowsInOrderWithRepeats() throws {
    let d = try makeDataset()
    let s = try d.subset([7, 2, 3, 4, 2])
    XCTAssertEqual(s.x.shape, [5, 3])
    XCTAssertEqual(
      s.x.scalars, [70, 71, 72, 20, 21, 22, 30, 31, 32, 40, 41, 42, 20, 21, 22])
    XCTAssertEqual(s.y, [1, 2, 0, 1, 2])
    XCTAssertEqual(s.classCount, 3)
    XCTAssertEqual(try d.subset([]).x.shape, [0, 3])
    XCTAssertThrowsError(try d.subset([1, 10])) { e in
      XCTAssertEqual(
        e as? FieldError,
        FieldError("Dataset.subset.indices", "holds 10, outside the samples 0..<10"))
    }
  }

  func testBatchIsAFreshCopy() throws {
    let d = try makeDataset()
    let b = try d.batch(indices: [1, 2])
    b.x.withUnsafeMutableBuffer { $0[0] = -1 }
    XCTAssertEqual(d.x.scalars[3], 10, "writing to a batch must not change the dataset")
    XCTAssertEqual(b.indices, [1, 2])
    XCTAssertEqual(b.y, [1, 2])
  }

  func testBatchesKeepTheLastPartialBatch() throws {
    let d = try makeDataset()
    let batches = try d.batches(size: 4)
    XCTAssertEqual(batches.count, 3)
    let all = Array(batches)
    XCTAssertEqual(all.map(\.x.shape), [[4, 3], [4, 3], [2, 3]])
    XCTAssertEqual(all.flatMap(\.indices), Array(0..<10))
    XCTAssertEqual(all[2].x.scalars, [80, 81, 82, 90, 91, 92])
    XCTAssertEqual(all[2].y, [2, 0])
    assertDataError(.invalidArgument, ["size must be > 0"]) { try d.batches(size: 0) }
  }

  func testShuffledBatchesAreAPermutationDeterminedByTheSeed() throws {
    let d = try makeDataset()
    let a = try d.batches(size: 3, shuffle: true, seed: 5).flatMap(\.indices)
    let b = try d.batches(size: 3, shuffle: true, seed: 5).flatMap(\.indices)
    let c = try d.batches(size: 3, shuffle: true, seed: 6).flatMap(\.indices)
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, c)
    XCTAssertNotEqual(a, Array(0..<10))
    XCTAssertEqual(a.sorted(), Array(0..<10))
    // Each batch's rows and labels are those of its indices.
    for batch in try d.batches(size: 3, shuffle: true, seed: 5) {
      for (k, i) in batch.indices.enumerated() {
        XCTAssertEqual(batch.x.scalars[k * 3], Float(i * 10))
        XCTAssertEqual(batch.y[k], i % 3)
      }
    }
  }
}
