import XCTest

@testable import LLALNN

final class TrainingSupportTests: XCTestCase {
  func testCancellationTokenByCallAndByCheck() {
    let t = CancellationToken()
    XCTAssertFalse(t.isCancelled)
    XCTAssertNoThrow(try t.checkCancellation())
    t.cancel()
    XCTAssertTrue(t.isCancelled)
    XCTAssertThrowsError(try t.checkCancellation()) { XCTAssertTrue($0 is CancellationError) }
    var flag = false
    let polled = CancellationToken { flag }
    XCTAssertFalse(polled.isCancelled)
    flag = true
    XCTAssertTrue(polled.isCancelled)
  }

  func testPairingRules() {
    XCTAssertEqual(RankingPairing.halves.pairs(batch: 6).first, [0, 1, 2])
    XCTAssertEqual(RankingPairing.halves.pairs(batch: 6).second, [3, 4, 5])
    XCTAssertEqual(RankingPairing.flip.pairs(batch: 6).second, [5, 4, 3])
    // Odd batches: B/2 pairs, one sample sits out (the last, or the middle one).
    XCTAssertEqual(RankingPairing.halves.pairs(batch: 5).second, [2, 3])
    XCTAssertEqual(RankingPairing.flip.pairs(batch: 5).second, [4, 3])
    XCTAssertEqual(RankingPairing.flip.pairs(batch: 1).first, [])
  }

  func testDetachAfterCountsEpochsFromZero() {
    let c = LearningLossConfig(detachAfter: 120)
    XCTAssertFalse(c.detaches(atEpoch: 119))
    XCTAssertTrue(c.detaches(atEpoch: 120))
    XCTAssertFalse(LearningLossConfig().detaches(atEpoch: 10_000))
  }
}
