import XCTest

@testable import LLALNN

final class ScheduleTests: XCTestCase {
  func testConstant() {
    XCTAssertEqual(LearningRateSchedule.constant.learningRate(base: 0.1, epoch: 99), 0.1)
  }

  func testMultiStepDropsAtEachMilestone() {
    // MultiStepLR(milestones: [2, 4], gamma: 0.1) stepped after each epoch: epochs 0–1 at
    // the base rate, 2–3 at 0.1·base, 4 on at 0.01·base.
    let s = LearningRateSchedule.multiStep(milestones: [4, 2], gamma: 0.1)
    let rates = (0..<6).map { s.learningRate(base: 1, epoch: $0) }
    XCTAssertEqual(rates[0], 1)
    XCTAssertEqual(rates[1], 1)
    XCTAssertEqual(rates[2], 0.1, accuracy: 1e-7)
    XCTAssertEqual(rates[3], 0.1, accuracy: 1e-7)
    XCTAssertEqual(rates[4], 0.01, accuracy: 1e-8)
    XCTAssertEqual(rates[5], 0.01, accuracy: 1e-8)
  }

  func testCosineAnnealing() {
    // min + (base − min)(1 + cos(πe/T))/2 with T = 4, base 1, min 0.2:
    // e = 0 → 1, e = 1 → 0.2 + 0.8·(1 + √½)/2, e = 2 → 0.6, e = 4 → 0.2
    let s = LearningRateSchedule.cosine(epochs: 4, minimum: 0.2)
    XCTAssertEqual(s.learningRate(base: 1, epoch: 0), 1, accuracy: 1e-7)
    let half = Float(0.5).squareRoot()
    let expected: Float = 0.2 + 0.8 * (1 + half) / 2
    XCTAssertEqual(s.learningRate(base: 1, epoch: 1), expected, accuracy: 1e-6)
    XCTAssertEqual(s.learningRate(base: 1, epoch: 2), 0.6, accuracy: 1e-6)
    XCTAssertEqual(s.learningRate(base: 1, epoch: 4), 0.2, accuracy: 1e-6)
  }
}
