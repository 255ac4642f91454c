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
    let c = try LearningLossConfig(objective: .mse)
    let m = try c.moduleLoss(predicted: Tensor([0.5, 2]), trueLosses: Tensor([1, 1]))
    XCTAssertEqual(m.item ?? .nan, 0.625, accuracy: 1e-6)
    let r = try LearningLossConfig(margin: 2).moduleLoss(
      predicted: Tensor([0.5, 2]), trueLosses: Tensor([1, 1]))
    // tie → sign −1: max(0, (0.5 − 2) + 2) = 0.5
    XCTAssertEqual(r.item ?? .nan, 0.5, accuracy: 1e-6)
  }

  func testModuleShapesAndErrors() throws {
    let d = try ReferenceModels.digitsCNN()
    let module = try LossPredictionModule(
      layout: try LossModuleLayout(
        model: d.graph, tapNames: ["f1", "f2"], options: LossModuleOptions(width: 8)))
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
        e as? FieldError,
        FieldError(
          "LossModuleLayout.taps",
          "taps \(g.name).x of shape [2, 3]; a tap must be an image [C, H, W] or a feature "
            + "vector [F]"))
    }
    XCTAssertThrowsError(try LossModuleLayout(model: d.graph, tapNames: ["f9"])) { e in
      XCTAssertTrue("\(e)".contains("has no node named 'f9'"), "\(e)")
    }
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

  /// A model with an image tap `c` [3, 3, 3] and a vector tap `v` [4], and batch values
  /// for both.
  private func twoTaps() throws -> (graph: ModelGraph, taps: [NodeID], features: [Tensor]) {
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input, name: "c")
    let v = try g.add(Linear(outFeatures: 4), try g.add(Flatten(), c), name: "v")
    let f1 = try Tensor.uniform([6, 3, 3, 3], low: -1, high: 1, seed: 1).requiringGrad()
    let f2 = try Tensor.uniform([6, 4], low: -1, high: 1, seed: 2).requiringGrad()
    return (g, [c, v], [f1, f2])
  }

  func testOptionsBuildTheDescribedParts() throws {
    let (g, taps, features) = try twoTaps()
    let module = try LossPredictionModule(
      model: g, taps: taps,
      options: LossModuleOptions(
        widths: [5, 2], pooling: [.max], activation: .tanh, hidden: 3, dropout: 0.25),
      seed: 1)
    XCTAssertEqual(module.widths, [5, 2])
    XCTAssertEqual(module.layout.taps.map(\.pooling), [.max, nil])
    XCTAssertEqual(
      module.parameters.map(\.name),
      [
        "fcs.0.weight", "fcs.0.bias", "fcs.1.weight", "fcs.1.bias", "hidden.weight",
        "hidden.bias", "out.weight", "out.bias",
      ])
    XCTAssertEqual(
      module.parameters.map(\.tensor.shape),
      [[5, 3], [5], [2, 4], [2], [3, 7], [3], [1, 3], [1]])
    XCTAssertEqual(module.parameterCount, module.layout.parameterCount)
    XCTAssertEqual(module.parameterCount, 20 + 10 + 24 + 4)
    // Without a context (evaluation) dropout is off: the parts by hand.
    let p = module.parameters.map(\.tensor)
    let expected = try withoutGrad { () -> Tensor in
      let h0 = try Tensor.linear(try features[0].max(axes: [2, 3]), weight: p[0], bias: p[1])
      let h1 = try Tensor.linear(features[1], weight: p[2], bias: p[3])
      let joined = try Tensor.concat([try h0.tanh(), try h1.tanh()], axis: 1)
      let hidden = try Tensor.linear(joined, weight: p[4], bias: p[5]).tanh()
      return try Tensor.linear(hidden, weight: p[6], bias: p[7]).reshaped([-1])
    }
    let got = try withoutGrad { try module.forward(features) }
    for (a, b) in zip(got.scalars, expected.scalars) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    XCTAssertEqual(
      module.summary(),
      """
      lossnet: 2 taps, widths [5, 2]
        tap 0 c [3, 3, 3]: max → linear(5) → tanh  (20 params)
        tap 1 v [4]: linear(2) → tanh  (10 params)
        concat [7] → dropout(0.25) → linear(3) → tanh  (24 params)
        → linear(1)  (4 params)
        total 58 params
      """)
  }

  func testDefaultSummaryAndIdentityActivation() throws {
    let d = try ReferenceModels.digitsCNN()
    let paper = try LossPredictionModule(model: d.graph, taps: d.taps, width: 8)
    XCTAssertEqual(paper.options, LossModuleOptions(width: 8))
    XCTAssertEqual(
      "\(paper)",
      """
      lossnet: 2 taps, width 8
        tap 0 f1 [16, 8, 8]: gap → linear(8) → relu  (136 params)
        tap 1 f2 [32, 4, 4]: gap → linear(8) → relu  (264 params)
        concat [16] → linear(1)  (17 params)
        total 417 params
      """)
    let linear = try LossModuleLayout(
      model: d.graph, tapNames: ["f2"],
      options: LossModuleOptions(width: 4, activation: .identity, dropout: 0.5))
    XCTAssertEqual(
      linear.summary(title: "lossnet over Net"),
      """
      lossnet over Net: 1 tap, width 4
        tap 0 f2 [32, 4, 4]: gap → linear(4)  (132 params)
        concat [4] → dropout(0.5) → linear(1)  (5 params)
        total 137 params
      """)
  }

  func testEachOptionPathHasCorrectGradients() throws {
    let (g, taps, features) = try twoTaps()
    let truth = try Tensor.uniform([6], low: 0, high: 3, seed: 4)
    let cases: [(String, LossModuleOptions)] = [
      ("max pooling", LossModuleOptions(width: 5, pooling: .max)),
      (
        "per-tap widths and pooling", LossModuleOptions(widths: [3, 6], pooling: [.max, .average])
      ),
      ("no activation", LossModuleOptions(width: 5, activation: .identity)),
      ("sigmoid", LossModuleOptions(width: 5, activation: .sigmoid)),
      ("tanh", LossModuleOptions(width: 5, activation: .tanh)),
      ("hidden layer", LossModuleOptions(width: 5, hidden: 4)),
      ("dropout", LossModuleOptions(width: 5, dropout: 0.4)),
      ("everything", LossModuleOptions(widths: [4, 3], pooling: [.max], hidden: 3, dropout: 0.3)),
    ]
    for (label, options) in cases {
      let module = try LossPredictionModule(model: g, taps: taps, options: options, seed: 3)
      let worst = try worstGradientError(features + module.parameters.map(\.tensor)) {
        // A fresh context of one seed: every evaluation draws the same dropout mask.
        let p = try module.forward(features, context: ForwardContext(mode: .train, seed: 8))
        return try Losses.marginRanking(predicted: p, target: truth, margin: 20)
      }
      XCTAssertLessThan(worst.error, 2e-2, "\(label): \(worst.at)")
    }
  }

  func testDropoutIsSeededAndOnlyActiveWhenTraining() throws {
    let (g, taps, features) = try twoTaps()
    let module = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 64, dropout: 0.5), seed: 2)
    let plain = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 64), seed: 2)
    XCTAssertEqual(
      plain.parameters.map(\.tensor.scalars), module.parameters.map(\.tensor.scalars),
      "dropout has no parameters and draws nothing at initialisation")
    let eval = try module.forward(features).scalars
    XCTAssertEqual(eval, try plain.forward(features).scalars)
    XCTAssertEqual(
      eval, try module.forward(features, context: ForwardContext(mode: .eval, seed: 1)).scalars)
    let a = try module.forward(features, context: ForwardContext(mode: .train, seed: 1)).scalars
    let b = try module.forward(features, context: ForwardContext(mode: .train, seed: 1)).scalars
    let c = try module.forward(features, context: ForwardContext(mode: .train, seed: 2)).scalars
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, eval)
    XCTAssertNotEqual(a, c)
  }

  func testBadOptionsAreRefusedNamingTheOption() throws {
    let (g, taps, _) = try twoTaps()
    let cases: [(LossModuleOptions, FieldError)] = [
      (
        LossModuleOptions(widths: [4, 4, 4]),
        FieldError(
          "LossModuleOptions.width",
          "must be one width for every tap or one per tap: 2 taps, found a list of 3")
      ),
      (
        LossModuleOptions(widths: [4, 0]),
        FieldError("LossModuleOptions.width", "must be positive, found 0")
      ),
      (
        LossModuleOptions(widths: [4], pooling: [.max, .max, .average]),
        FieldError(
          "LossModuleOptions.pool",
          "must be one pooling for every tap or one per tap: 2 taps, found a list of 3")
      ),
      (
        LossModuleOptions(width: 4, hidden: -1),
        FieldError("LossModuleOptions.hidden", "must be 0 (no hidden layer) or positive, found -1")
      ),
      // Issue 14: widths near Int.max overflowed the parameter counts.
      (
        LossModuleOptions(widths: [4, 4_611_686_018_427_387_904]),
        FieldError(
          "LossModuleOptions.width", "must be at most 1073741824, found 4611686018427387904")
      ),
      (
        LossModuleOptions(width: 4, hidden: Int.max),
        FieldError(
          "LossModuleOptions.hidden", "must be at most 1073741824, found 9223372036854775807")
      ),
      (
        LossModuleOptions(width: 4, dropout: 1),
        FieldError("LossModuleOptions.dropout", "must lie in [0, 1), found 1")
      ),
      (
        LossModuleOptions(width: 4, dropout: -0.1),
        FieldError("LossModuleOptions.dropout", "must lie in [0, 1), found -0.1")
      ),
    ]
    for (options, refusal) in cases {
      XCTAssertThrowsError(try LossPredictionModule(model: g, taps: taps, options: options)) { e in
        XCTAssertEqual(e as? FieldError, refusal)
      }
    }
    XCTAssertThrowsError(try LossPredictionModule(model: g, taps: [])) { e in
      XCTAssertEqual(
        e as? FieldError, FieldError("LossModuleLayout.taps", "must name at least one node"))
    }
  }

  func testALayoutChecksThatAModelHasItsTaps() throws {
    let d = try ReferenceModels.digitsCNN()
    let layout = try LossModuleLayout(model: d.graph, taps: d.taps)
    XCTAssertEqual(layout.taps.map(\.id), d.taps)
    try layout.check(fits: try d.graph.copy())
    let other = try ReferenceModels.digitsCNN(classes: 3)
    try layout.check(fits: other.graph)  // another build with the same tapped nodes
    let g = try ModelGraph(inputShape: [2])
    _ = try g.add(Linear(outFeatures: 3), g.input)
    XCTAssertThrowsError(try layout.check(fits: g)) { e in
      XCTAssertEqual(
        e as? FieldError,
        FieldError(
          "LossModuleLayout",
          "taps f1 [16, 8, 8], but this build of \(g.name) has no node there"))
    }
  }

  func testTrainingWithModuleDropoutRepeatsForOneSeed() throws {
    let d = try ReferenceModels.digitsCNN()
    let x = try Tensor.uniform([16, 1, 8, 8], low: 0, high: 1, seed: 5)
    let labels = (0..<16).map { $0 % 10 }
    func run() throws -> [[Float]] {
      try d.graph.initialize(seed: 1)
      let module = try LossPredictionModule(
        model: d.graph, taps: d.taps,
        options: LossModuleOptions(width: 8, activation: .tanh, hidden: 4, dropout: 0.5),
        seed: 1)
      let trainer = try Trainer(
        model: d.graph, lossModule: module,
        config: TrainingConfig(epochs: 2, batchSize: 8, optimizer: .sgd(lr: 0.05), seed: 3))
      try trainer.fit(x: x, labels: labels)
      return module.parameters.map(\.tensor.scalars)
    }
    let first = try run()
    XCTAssertEqual(first, try run())
  }
}
