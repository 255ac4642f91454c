import LLALTensor
import TestSupport
import XCTest

@testable import LLALNN

/// The module's objectives beside the hinge: RankNet's pairwise BCE, ListNet's top-1
/// cross-entropy, and every-pair pairing.
final class RankingObjectiveTests: XCTestCase {
  private let predicted: [Float] = [0.5, 2.0, -1.0, 1.5]
  private let truth: [Float] = [2.0, 0.2, 1.0, 3.0]

  func testAllPairingTakesEveryPairOnce() throws {
    let pairs = RankingPairing.all.pairs(batch: 4)
    XCTAssertEqual(pairs.first, [0, 0, 0, 1, 1, 2])
    XCTAssertEqual(pairs.second, [1, 2, 3, 2, 3, 3])
    XCTAssertTrue(RankingPairing.all.pairs(batch: 1).first.isEmpty)
    XCTAssertTrue(RankingPairing.all.pairs(batch: 0).first.isEmpty)
    XCTAssertEqual(RankingPairing.all.pairs(batch: 7).first.count, 21)
    // The hinge over the six pairs, ξ = 1 (signs from l: (0,1) +, (0,2) +, the rest −):
    //   (0,1) max(0, 1.5 + 1) = 2.5, (0,2) max(0, −1.5 + 1) = 0, (0,3) max(0, −1 + 1) = 0,
    //   (1,2) max(0, 3 + 1) = 4, (1,3) max(0, 0.5 + 1) = 1.5, (2,3) max(0, −2.5 + 1) = 0
    // mean = 8 / 6.
    let loss = try Losses.marginRanking(
      predicted: Tensor(predicted), target: Tensor(truth), pairing: .all)
    XCTAssertEqual(loss.item ?? .nan, 8.0 / 6.0, accuracy: 1e-6)
  }

  func testPairwiseBCEByHand() throws {
    // Halves: pairs (0, 2) and (1, 3).
    //   d = 0.5 − (−1) = 1.5, y = 1[2 > 1] = 1 → log(1 + e^−1.5) = 0.2014133
    //   d = 2 − 1.5 = 0.5,    y = 1[0.2 > 3] = 0 → log(1 + e^0.5) = 0.9740770
    // mean = 0.5877451 (Python: (math.log1p(math.exp(-1.5)) + math.log1p(math.exp(0.5))) / 2).
    // ∂/∂d = σ(d) − y, halved: (σ(1.5) − 1)/2 = −0.0912128, σ(0.5)/2 = 0.3112297.
    let p = Tensor(predicted).requiringGrad()
    let t = Tensor(truth).requiringGrad()
    let loss = try Losses.pairwiseBCE(predicted: p, target: t, pairing: .halves)
    XCTAssertEqual(loss.item ?? .nan, 0.5877451, accuracy: 1e-6)
    try loss.backward()
    assertClose(p.grad?.scalars ?? [], [-0.0912128, 0.3112297, 0.0912128, -0.3112297], tolerance: 1e-6)
    XCTAssertNil(t.grad, "the true loss is detached")
    // A tie is y = 0: d = 0.2 → log(1 + e^0.2) = 0.7981389.
    let tie = try Losses.pairwiseBCE(predicted: Tensor([0.3, 0.1]), target: Tensor([1, 1]))
    XCTAssertEqual(tie.item ?? .nan, 0.7981389, accuracy: 1e-6)
    // Huge differences stay finite (computed from the logit).
    let far = try Losses.pairwiseBCE(predicted: Tensor([-500, 500]), target: Tensor([2, 1]))
    XCTAssertEqual(far.item ?? .nan, 1000, accuracy: 1e-3)
    XCTAssertEqual(try Losses.pairwiseBCE(predicted: Tensor([1]), target: Tensor([2])).item, 0)
  }

  func testBCEGradientSignMatchesTheHingeOnTheSamePairs() throws {
    // With disjoint pairs (halves, flip) each prediction sits in one pair, so its
    // gradient under either objective pushes it the way its pair's true order says:
    // down for the smaller true loss, up for the larger. A wide margin keeps every hinge
    // term active; the BCE term is never flat.
    let p = try Tensor.uniform([32], low: -2, high: 2, seed: 11)
    let t = try Tensor.uniform([32], low: 0, high: 3, seed: 12)
    for pairing in [RankingPairing.halves, .flip] {
      let hinge = p.detached().requiringGrad()
      try Losses.marginRanking(predicted: hinge, target: t, margin: 20, pairing: pairing)
        .backward()
      let bce = p.detached().requiringGrad()
      try Losses.pairwiseBCE(predicted: bce, target: t, pairing: pairing).backward()
      let gh = hinge.grad?.scalars ?? [], gb = bce.grad?.scalars ?? []
      XCTAssertEqual(gh.count, 32)
      for i in 0..<32 {
        XCTAssertEqual(gh[i].sign, gb[i].sign, "\(pairing) sample \(i): \(gh[i]) vs \(gb[i])")
        XCTAssertNotEqual(gb[i], 0, "\(pairing) sample \(i)")
      }
    }
  }

  func testListwiseByHand() throws {
    // l = [0, ln 3]: softmax(l) = [¼, ¾]. With l̂ = [0, 0], log softmax(l̂) = −ln 2 each:
    // loss = ln 2; ∂/∂l̂ = softmax(l̂) − softmax(l) = [¼, −¼].
    let p = Tensor([0, 0]).requiringGrad()
    let loss = try Losses.listwise(predicted: p, target: Tensor([0, Float(log(3.0))]))
    XCTAssertEqual(loss.item ?? .nan, Float(log(2.0)), accuracy: 1e-6)
    try loss.backward()
    assertClose(p.grad?.scalars ?? [], [0.25, -0.25], tolerance: 1e-6)
    // l̂ = l + 5: the minimum, the entropy of [¼, ¾] = −(¼ ln ¼ + ¾ ln ¾) = 0.5623351.
    let best = try Losses.listwise(predicted: Tensor([5, 5 + Float(log(3.0))]), target: Tensor([0, Float(log(3.0))]))
    XCTAssertEqual(best.item ?? .nan, 0.5623351, accuracy: 1e-6)
    // The four samples: 1.5630765 (Python: -sum(softmax(l) * log(softmax(l̂)))).
    let four = try Losses.listwise(predicted: Tensor(predicted), target: Tensor(truth))
    XCTAssertEqual(four.item ?? .nan, 1.5630765, accuracy: 1e-5)
    XCTAssertEqual(try Losses.listwise(predicted: Tensor([1]), target: Tensor([2])).item, 0)
    XCTAssertThrowsError(try Losses.listwise(predicted: Tensor([1, 2]), target: Tensor([1]))) {
      XCTAssertEqual(
        "\($0)",
        "listwise: expects predicted and true losses of the same shape [B], got [2] and [1]")
    }
    XCTAssertThrowsError(try Losses.pairwiseBCE(predicted: Tensor([1, 2]), target: Tensor([1])))
    {
      XCTAssertEqual(
        "\($0)",
        "pairwiseBCE: expects predicted and true losses of the same shape [B], got [2] and [1]")
    }
  }

  func testConfigDispatchesEveryObjective() throws {
    let p = Tensor(predicted), t = Tensor(truth)
    let expected: [LossPredictionObjective: Float] = [
      .ranking: 0.75, .bce: 0.5877451, .mse: 2.935, .listwise: 1.5630765,
    ]
    // MSE: ((0.5−2)² + (2−0.2)² + (−1−1)² + (1.5−3)²)/4 = (2.25 + 3.24 + 4 + 2.25)/4 = 2.935
    for objective in LossPredictionObjective.allCases {
      let c = try LearningLossConfig(objective: objective)
      let value = try c.moduleLoss(predicted: p, trueLosses: t).item ?? .nan
      let want = expected[objective] ?? .nan
      XCTAssertEqual(value, want, accuracy: 1e-5, "\(objective)")
    }
    XCTAssertEqual(LossPredictionObjective.allCases.filter(\.isPairwise), [.ranking, .bce])
  }

  func testModuleGradientsUnderEachObjectiveAndPairing() throws {
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input)
    let v = try g.add(Linear(outFeatures: 4), try g.add(Flatten(), c))
    let module = try LossPredictionModule(model: g, taps: [c, v], width: 5, seed: 3)
    let f1 = try Tensor.uniform([6, 3, 3, 3], low: -1, high: 1, seed: 1).requiringGrad()
    let f2 = try Tensor.uniform([6, 4], low: -1, high: 1, seed: 2).requiringGrad()
    let truth = try Tensor.uniform([6], low: 0, high: 3, seed: 4)
    for objective in LossPredictionObjective.allCases {
      for pairing in RankingPairing.allCases where objective.isPairwise || pairing == .halves {
        let config = try LearningLossConfig(margin: 20, pairing: pairing, objective: objective)
        let worst = try worstGradientError([f1, f2] + module.parameters.map(\.tensor)) {
          try config.moduleLoss(predicted: try module.forward([f1, f2]), trueLosses: truth)
        }
        XCTAssertLessThan(worst.error, 2e-2, "\(objective), \(pairing): \(worst.at)")
      }
    }
  }
}
