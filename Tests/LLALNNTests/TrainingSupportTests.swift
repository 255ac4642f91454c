import LLALTensor
import XCTest

@testable import LLALNN

final class TrainingSupportTests: XCTestCase {
  func testCancellationTokenByCallAndByCheck() {
    let t = CancellationToken()
    XCTAssertFalse(t.isCancelled)
    XCTAssertNoThrow(try checkStop(t, "here"))
    t.cancel()
    XCTAssertTrue(t.isCancelled)
    XCTAssertThrowsError(try checkStop(t, "here")) {
      XCTAssertEqual("\($0)", "interrupted at here")
    }
    // Ctrl-C's flag stops work without a token, and is consumed.
    Interrupt.request()
    XCTAssertThrowsError(try checkStop(nil, "batch 3")) { e in
      XCTAssertEqual((e as? Interrupt.Stopped)?.site, "batch 3")
    }
    XCTAssertFalse(Interrupt.isRequested)
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

  func testDetachAfterCountsEpochsFromZero() throws {
    let c = try LearningLossConfig(detachAfter: 120)
    XCTAssertFalse(c.detaches(atEpoch: 119))
    XCTAssertTrue(c.detaches(atEpoch: 120))
    XCTAssertFalse(LearningLossConfig.paper.detaches(atEpoch: 10_000))
  }
}
