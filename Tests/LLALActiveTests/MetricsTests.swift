import LLALTensor
import XCTest

@testable import LLALActive

final class MetricsTests: XCTestCase {
  /// The peer script's `rank_acc` and Kendall's τ-b written out over all pairs.
  func bruteForce(_ s: [Float], _ l: [Float]) -> (acc: Double?, tau: Double?) {
    var match = 0, pairs = 0, c = 0, d = 0, t1 = 0, t2 = 0, all = 0
    for i in s.indices {
      for j in s.indices where j > i {
        all += 1
        let ds = s[i] - s[j], dl = l[i] - l[j]
        if dl == 0 { t1 += 1 }
        if ds == 0 { t2 += 1 }
        if dl != 0 {
          pairs += 1
          if (ds > 0) == (dl > 0) && ds != 0 { match += 1 }
        }
        if ds * dl > 0 { c += 1 }
        if ds * dl < 0 { d += 1 }
      }
    }
    let den = Double(all - t1) * Double(all - t2)
    return (
      pairs > 0 ? Double(match) / Double(pairs) : nil,
      den > 0 ? Double(c - d) / den.squareRoot() : nil
    )
  }

  func testRankingAgreementMatchesPairCounting() throws {
    var g = RandomGenerator(seed: 11)
    for trial in 0..<20 {
      let n = 5 + trial * 7
      // Coarse values so both sides have ties.
      let truth = (0..<n).map { _ in Float(g.nextInt(below: 6)) }
      let scores = (0..<n).map { i in truth[i] * 0.5 + Float(g.nextInt(below: 4)) }
      let r = try RankingAgreement(scores: scores, truth: truth)
      let b = bruteForce(scores, truth)
      XCTAssertEqual(r.rankingAccuracy ?? -1, b.acc ?? -1, accuracy: 1e-12, "n=\(n)")
      XCTAssertEqual(r.kendallTau ?? -9, b.tau ?? -9, accuracy: 1e-12, "n=\(n)")
    }
  }

  func testPerfectReversedAndTiedScores() throws {
    let truth: [Float] = [0.1, 0.5, 0.3, 0.9]
    XCTAssertEqual(try RankingAgreement(scores: [1, 5, 3, 9], truth: truth).rankingAccuracy, 1)
    XCTAssertEqual(try RankingAgreement(scores: [1, 5, 3, 9], truth: truth).kendallTau, 1)
    XCTAssertEqual(try RankingAgreement(scores: [9, 5, 7, 1], truth: truth).rankingAccuracy, 0)
    XCTAssertEqual(try RankingAgreement(scores: [9, 5, 7, 1], truth: truth).kendallTau, -1)
    // Score ties count as wrong; a constant score has no τ.
    let flat = try RankingAgreement(scores: [2, 2, 2, 2], truth: truth)
    XCTAssertEqual(flat.rankingAccuracy, 0)
    XCTAssertNil(flat.kendallTau)
    // Pairs tied in truth are left out: only (0,1) differs here, and it is ordered right.
    let tied = try RankingAgreement(scores: [0, 1, 5], truth: [1, 2, 2])
    XCTAssertEqual(tied.pairs, 2)
    XCTAssertEqual(tied.rankingAccuracy, 1)
    XCTAssertNil(try RankingAgreement(scores: [1], truth: [1]).rankingAccuracy)
    XCTAssertThrowsError(try RankingAgreement(scores: [1, 2], truth: [1]))
  }

  func testAccuracy() throws {
    let logits = try Tensor(rows: [[2, 1], [0, 3], [5, 4], [1, 1]])
    XCTAssertEqual(try Accuracy.of(logits: logits, labels: [0, 1, 1, 0]), 0.75)
    XCTAssertThrowsError(try Accuracy.of(logits: logits, labels: [0]))
  }
}
