import LLALTensor
import XCTest

@testable import LLALActive

final class PoolAndBudgetTests: XCTestCase {
  func testRandomPoolIsSeeded() throws {
    let a = try LabelPool.random(size: 100, labeled: 10, seed: 4)
    let b = try LabelPool.random(size: 100, labeled: 10, seed: 4)
    let c = try LabelPool.random(size: 100, labeled: 10, seed: 5)
    XCTAssertEqual(a.labeled, b.labeled)
    XCTAssertNotEqual(a.labeled, c.labeled)
    XCTAssertEqual(a.labeled.count, 10)
    XCTAssertEqual(a.unlabeled.count, 90)
    XCTAssertEqual(Set(a.labeled).intersection(a.unlabeled), [])
  }

  func testLabelingRecordsHistory() throws {
    var pool = try LabelPool(size: 10, labeled: [3, 1])
    XCTAssertEqual(pool.initial, [1, 3])
    try pool.label(QuerySelection(indices: [7, 0], scores: [0.9, 0.5]), cycle: 0)
    XCTAssertEqual(pool.labeled, [0, 1, 3, 7])
    XCTAssertEqual(pool.labeledCount, 4)
    XCTAssertEqual(
      pool.history, [Acquisition(cycle: 0, selection: .init(indices: [7, 0], scores: [0.9, 0.5]))])
    XCTAssertTrue(pool.isLabeled(7))
    XCTAssertFalse(pool.isLabeled(2))
  }

  func testBadLabelsAreErrorsAndLabelNothing() throws {
    var pool = try LabelPool(size: 5, labeled: [0])
    XCTAssertThrowsError(try pool.label(.init(indices: [2, 0], scores: [1, 1]), cycle: 0)) {
      XCTAssertEqual("\($0)", "pool: index 0 is already labeled")
    }
    XCTAssertThrowsError(try pool.label(.init(indices: [2, 9], scores: [1, 1]), cycle: 0)) {
      XCTAssertEqual("\($0)", "pool: index 9 is outside the pool of 5 points")
    }
    XCTAssertThrowsError(try pool.label(.init(indices: [2, 2], scores: [1, 1]), cycle: 0))
    XCTAssertEqual(pool.labeled, [0])
    XCTAssertThrowsError(try LabelPool(size: 5, labeled: [1, 1]))
  }

  func testCandidateSubset() throws {
    let pool = try LabelPool(size: 20, labeled: [0, 1, 2])
    var g = RandomGenerator(seed: 1)
    XCTAssertEqual(pool.candidates(subset: 0, generator: &g), Array(3..<20))
    XCTAssertEqual(pool.candidates(subset: 17, generator: &g), Array(3..<20))
    XCTAssertEqual(pool.candidates(subset: 50, generator: &g), Array(3..<20))
    var g1 = RandomGenerator(seed: 9), g2 = RandomGenerator(seed: 9)
    let sub = pool.candidates(subset: 5, generator: &g1)
    XCTAssertEqual(sub, pool.candidates(subset: 5, generator: &g2))
    XCTAssertEqual(sub.count, 5)
    XCTAssertEqual(sub, sub.sorted())
    XCTAssertTrue(sub.allSatisfy { $0 >= 3 && $0 < 20 })
  }

  func testBudgetCounts() throws {
    let b = try LabelBudget(initial: 100, step: 100, cycles: 8)
    XCTAssertEqual((0..<8).map(b.labeledCount(atCycle:)), [100, 200, 300, 400, 500, 600, 700, 800])
    XCTAssertEqual(b.totalLabels, 800)
    XCTAssertNoThrow(try b.validate(poolSize: 1437))
    XCTAssertNoThrow(try b.validate(poolSize: 800))
  }

  func testImpossibleBudgetsAreClearErrors() {
    func message(_ body: () throws -> Void) -> String {
      do {
        try body()
        return "no error"
      } catch { return "\(error)" }
    }
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: -1, step: 10, cycles: 2) },
      "LabelBudget.initial must not be negative, found -1")
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 10, step: -5, cycles: 2) },
      "LabelBudget.step must not be negative, found -5")
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 10, step: 10, cycles: 0) },
      "LabelBudget.cycles must be at least 1, found 0")
    // Issue 14: cycles near Int.max overflowed the label count; every number is at most 2³⁰.
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 10, step: 10, cycles: Int.max) },
      "LabelBudget.cycles must be at most 1073741824, found 9223372036854775807")
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 10, step: 10, cycles: 2, subset: 1 << 31) },
      "LabelBudget.subset must be at most 1073741824, found 2147483648")
    let widest = try? LabelBudget(initial: 1 << 30, step: 1 << 30, cycles: 1 << 30)
    XCTAssertEqual(widest?.totalLabels, (1 << 30) + (1 << 30) * ((1 << 30) - 1))
    XCTAssertEqual(
      message { try widest?.validate(poolSize: 1437) },
      "LabelBudget does not fit the pool: initial 1073741824 is beyond the pool of 1437 points")
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 0, step: 10, cycles: 2) },
      "LabelBudget.initial must be at least 1 (training needs labels), found 0")
    XCTAssertEqual(
      message { _ = try LabelBudget(initial: 10, step: 20, cycles: 2, subset: 5) },
      "LabelBudget.subset must be 0 (every candidate) or at least the step 20, found 5")
    XCTAssertEqual(
      message { try LabelBudget(initial: 2000, step: 10, cycles: 2).validate(poolSize: 1437) },
      "LabelBudget does not fit the pool: initial 2000 is beyond the pool of 1437 points")
    XCTAssertEqual(
      message { try LabelBudget(initial: 100, step: 2000, cycles: 2).validate(poolSize: 1437) },
      "LabelBudget does not fit the pool: step 2000 is beyond the 1337 points left after "
        + "the initial 100")
    XCTAssertEqual(
      message { try LabelBudget(initial: 100, step: 200, cycles: 8).validate(poolSize: 1437) },
      "LabelBudget does not fit the pool: initial 100 + 7 queries × step 200 = 1500 labels "
        + "exceed the pool of 1437 points")
  }
}
