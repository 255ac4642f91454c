import LLALTensor
import XCTest

@testable import LLALNN

final class LossModuleTests: XCTestCase {
  private let predicted: [Float] = [0.5, 2.0, -1.0, 1.5]
  private let truth: [Float] = [2.0, 0.2, 1.0, 3.0]

  func testRankingLossByHandForHalvesPairing() throws {
    // Pairs (0, 2) and (1, 3), ξ = 1:
    //   l₀ = 2 > l₂ = 1  → sign +1, l̂₀ − l̂₂ = 1.5  → max(0, −1.5 + 1) = 0
    //   l₁ = 0.2 < l₃ = 3 → sign −1, l̂₁ − l̂₃ = 0.5 → max(0, 0.5 + 1) = 1.5
    // mean = 0.75; only the second pair is active: ∂/∂l̂₁ = +½, ∂/∂l̂₃ = −½.
    let p = Tensor(predicted).requiringGrad()
    let t = Tensor(truth).requiringGrad()
    let loss = try Losses.marginRanking(predicted: p, target: t, margin: 1, pairing: .halves)
    XCTAssertEqual(loss.item ?? .nan, 0.75, accuracy: 1e-6)
    try loss.backward()
    XCTAssertEqual(p.grad?.scalars, [0, 0.5, 0, -0.5])
    XCTAssertNil(t.grad, "the true loss is detached")
  }

  func testRankingLossByHandForFlipPairing() throws {
    // Pairs (0, 3) and (1, 2):
    //   l₀ = 2 < l₃ = 3   → sign −1, l̂₀ − l̂₃ = −1 → max(0, −1 + 1) = 0
    //   l₁ = 0.2 < l₂ = 1 → sign −1, l̂₁ − l̂₂ = 3  → max(0, 3 + 1) = 4
    // mean = 2; with margin 0.5 the terms are 0 and 3.5 → 1.75.
    let p = Tensor(predicted)
    let t = Tensor(truth)
    XCTAssertEqual(
      try Losses.marginRanking(predicted: p, target: t, pairing: .flip).item ?? .nan, 2,
      accuracy: 1e-6)
    XCTAssertEqual(
      try Losses.marginRanking(predicted: p, target: t, margin: 0.5, pairing: .flip).item
        ?? .nan, 1.75, accuracy: 1e-6)
  }

  func testTiesTakeSignMinusOneAndOddOrTinyBatches() throws {
    // l₀ = l₁: sign −1, l̂₀ − l̂₁ = 0.2 → 0.2 + 1 = 1.2 (sign +1 would give 0.8).
    let tie = try Losses.marginRanking(predicted: Tensor([0.3, 0.1]), target: Tensor([1, 1]))
    XCTAssertEqual(tie.item ?? .nan, 1.2, accuracy: 1e-6)
    // B = 5, halves: pairs (0, 2) and (1, 3); sample 4 sits out, so changing it changes
    // nothing.
    let a = try Losses.marginRanking(
      predicted: Tensor(predicted + [100]), target: Tensor(truth + [-5]))
    XCTAssertEqual(a.item ?? .nan, 0.75, accuracy: 1e-6)
    let one = try Losses.marginRanking(predicted: Tensor([1]), target: Tensor([2]))
    XCTAssertEqual(one.item, 0)
    XCTAssertThrowsError(
      try Losses.marginRanking(predicted: Tensor([1, 2]), target: Tensor([1, 2, 3]))
    ) { e in
      XCTAssertEqual(
        "\(e)",
        "marginRanking: expects predicted and true losses of the same shape [B], got [2] and [3]")
    }
  }

  func testMSEObjectiveAndWeightedCombination() throws {
    // ((0.5 − 1)² + (2 − 1)²)/2 = 0.625
    let c = LearningLossConfig(objective: .mse)
    let m = try c.moduleLoss(predicted: Tensor([0.5, 2]), trueLosses: Tensor([1, 1]))
    XCTAssertEqual(m.item ?? .nan, 0.625, accuracy: 1e-6)
    let r = try LearningLossConfig(margin: 2).moduleLoss(
      predicted: Tensor([0.5, 2]), trueLosses: Tensor([1, 1]))
    // tie → sign −1: max(0, (0.5 − 2) + 2) = 0.5
    XCTAssertEqual(r.item ?? .nan, 0.5, accuracy: 1e-6)
  }

  func testModuleShapesAndErrors() throws {
    let d = try ReferenceModels.digitsCNN()
    let module = try LossPredictionModule(model: d.graph, tapNames: ["f1", "f2"], width: 8)
    XCTAssertEqual(module.tapShapes, [[16, 8, 8], [32, 4, 4]])
    XCTAssertEqual(
      module.parameters.map(\.name),
      ["fcs.0.weight", "fcs.0.bias", "fcs.1.weight", "fcs.1.bias", "out.weight", "out.bias"])
    XCTAssertEqual(module.parameters[4].tensor.shape, [1, 16])
    let f1 = try Tensor.zeros([3, 16, 8, 8])
    let f2 = try Tensor.zeros([3, 32, 4, 4])
    XCTAssertEqual(try module.forward([f1, f2]).shape, [3])
    XCTAssertThrowsError(try module.forward([f2, f1])) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'f1': the loss module expects tapped features [N, 16, 8, 8], got [3, 32, 4, 4]")
    }
    XCTAssertThrowsError(try module.forward([f1])) { e in
      XCTAssertEqual("\(e)", "the loss module expects 2 tapped features, got 1")
    }
    let g = try ModelGraph(inputShape: [2, 3])
    XCTAssertThrowsError(try LossPredictionModule(model: g, taps: [g.input])) { e in
      XCTAssertEqual(
        "\(e)",
        "node 'x' (input): a loss-module tap must be [channels, height, width] or [features], "
          + "got [2, 3]")
    }
    XCTAssertThrowsError(try LossPredictionModule(model: d.graph, tapNames: ["f9"]))
  }

  func testModuleWithRankingLossGradients() throws {
    // The module's forward and the ranking loss, differentiated with respect to the
    // tapped features and every module parameter. A [features] tap is used as it is.
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input)
    let v = try g.add(Linear(outFeatures: 4), try g.add(Flatten(), c))
    let module = try LossPredictionModule(model: g, taps: [c, v], width: 5, seed: 3)
    let f1 = try Tensor.uniform([6, 3, 3, 3], low: -1, high: 1, seed: 1).requiringGrad()
    let f2 = try Tensor.uniform([6, 4], low: -1, high: 1, seed: 2).requiringGrad()
    let truth = try Tensor.uniform([6], low: 0, high: 3, seed: 4)
    for pairing in RankingPairing.allCases {
      // A wide margin keeps every pair active, away from the hinge's kink.
      let worst = try worstGradientError([f1, f2] + module.parameters.map(\.tensor)) {
        let p = try module.forward([f1, f2])
        return try Losses.marginRanking(predicted: p, target: truth, margin: 20, pairing: pairing)
      }
      XCTAssertLessThan(worst.error, 2e-2, "\(pairing): \(worst.at)")
    }
  }

  func testInitializationIsSeeded() throws {
    let d = try ReferenceModels.digitsCNN()
    let a = try LossPredictionModule(model: d.graph, taps: d.taps, seed: 1)
    let b = try LossPredictionModule(model: d.graph, taps: d.taps, seed: 1)
    XCTAssertEqual(a.parameters.map(\.tensor.scalars), b.parameters.map(\.tensor.scalars))
    try b.initialize(seed: 2)
    XCTAssertNotEqual(a.parameters.map(\.tensor.scalars), b.parameters.map(\.tensor.scalars))
    XCTAssertEqual(b.parameters[1].tensor.scalars, [Float](repeating: 0, count: 128))
    let bound = 1 / Float(16).squareRoot()
    XCTAssertLessThanOrEqual(a.parameters[0].tensor.scalars.map(abs).max() ?? 1, bound)
  }
}
