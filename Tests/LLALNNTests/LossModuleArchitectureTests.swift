import LLALTensor
import TestSupport
import XCTest

@testable import LLALNN

/// The module's architectures beside the paper's: attention over the taps and a 1×1
/// convolution on each image tap before pooling.
final class LossModuleArchitectureTests: XCTestCase {
  /// A model with an image tap `c` [3, 3, 3] and a feature tap `v` [4], and a batch of 6
  /// features for each.
  private func twoTaps() throws -> (graph: ModelGraph, taps: [NodeID], features: [Tensor]) {
    let g = try ModelGraph(inputShape: [2, 3, 3])
    let c = try g.add(Conv2d(outChannels: 3, kernel: 3, padding: 1), g.input, name: "c")
    let v = try g.add(Linear(outFeatures: 4), try g.add(Flatten(), c), name: "v")
    let f1 = try Tensor.uniform([6, 3, 3, 3], low: -1, high: 1, seed: 1).requiringGrad()
    let f2 = try Tensor.uniform([6, 4], low: -1, high: 1, seed: 2).requiringGrad()
    return (g, [c, v], [f1, f2])
  }

  private func parameter(_ m: LossPredictionModule, _ name: String) throws -> Tensor {
    guard let p = m.parameters.first(where: { $0.name == name }) else {
      throw ModelError("no parameter \(name)")
    }
    return p.tensor
  }

  func testEachArchitectureHasCorrectGradients() throws {
    let (g, taps, features) = try twoTaps()
    let truth = try Tensor.uniform([6], low: 0, high: 3, seed: 4)
    let cases: [(String, LossModuleOptions)] = [
      ("attention", LossModuleOptions(width: 5, fusion: .attention)),
      ("tap conv", LossModuleOptions(width: 5, tapConv: 2)),
      ("tap conv, max", LossModuleOptions(width: 5, pooling: .max, tapConv: 4)),
      (
        "everything",
        LossModuleOptions(
          widths: [4], pooling: [.max], activation: .tanh, hidden: 3, dropout: 0.3,
          fusion: .attention, tapConv: 2)
      ),
    ]
    for (label, options) in cases {
      let module = try LossPredictionModule(model: g, taps: taps, options: options, seed: 3)
      let worst = try worstGradientError(features + module.parameters.map(\.tensor)) {
        let p = try module.forward(features, context: ForwardContext(mode: .train, seed: 8))
        return try Losses.marginRanking(predicted: p, target: truth, margin: 20)
      }
      XCTAssertLessThan(worst.error, 2e-2, "\(label): \(worst.at)")
    }
  }

  func testAttentionIsTheSoftmaxWeightedSumOfTheTaps() throws {
    let (g, taps, features) = try twoTaps()
    let module = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 5, fusion: .attention), seed: 2)
    XCTAssertEqual(
      module.parameters.map(\.name),
      [
        "fcs.0.weight", "fcs.0.bias", "fcs.1.weight", "fcs.1.bias", "out.weight", "out.bias",
        "attention.weight", "attention.bias",
      ])
    XCTAssertEqual(module.parameterCount, module.layout.parameterCount)
    XCTAssertEqual(module.parameterCount, 20 + 25 + 6 + 6)
    // By hand: h_k, a_k = v·h_k + c, α = softmax(a), l̂ = out(α₀h₀ + α₁h₁).
    let p = module.parameters.map(\.tensor)
    let (expected, alpha) = try withoutGrad { () -> (Tensor, Tensor) in
      let h0 = try Tensor.linear(try features[0].globalAvgPool(), weight: p[0], bias: p[1]).relu()
      let h1 = try Tensor.linear(features[1], weight: p[2], bias: p[3]).relu()
      let a0 = try Tensor.linear(h0, weight: p[6], bias: p[7])
      let a1 = try Tensor.linear(h1, weight: p[6], bias: p[7])
      let alpha = try Tensor.concat([a0, a1], axis: 1).softmax(axis: 1)
      let fused = try h0 * alpha.slice(axis: 1, start: 0, end: 1)
        + h1 * alpha.slice(axis: 1, start: 1, end: 2)
      return (try Tensor.linear(fused, weight: p[4], bias: p[5]).reshaped([-1]), alpha)
    }
    let got = try withoutGrad { try module.predictions(features) }
    assertClose(got.losses.scalars, expected.scalars, tolerance: 1e-5)
    assertClose(got.tapWeights?.scalars ?? [], alpha.scalars, tolerance: 1e-6)
    XCTAssertEqual(got.tapWeights?.shape, [6, 2])
    // With v = 0 and c anything, every tap weighs ½: the mean of the taps.
    try parameter(module, "attention.weight").assign(try Tensor.zeros([1, 5]))
    try parameter(module, "attention.bias").assign(Tensor([3]))
    let uniform = try withoutGrad { try module.predictions(features) }
    assertClose(uniform.tapWeights?.scalars ?? [], [Float](repeating: 0.5, count: 12))
    // Concatenated taps have no weights.
    let concat = try LossPredictionModule(model: g, taps: taps, width: 5, seed: 2)
    XCTAssertNil(try withoutGrad { try concat.predictions(features) }.tapWeights)
  }

  func testAOneByOneConvolutionActsBeforePooling() throws {
    let (g, taps, features) = try twoTaps()
    let options = LossModuleOptions(width: 5, activation: .identity, tapConv: 3)
    let conv = try LossPredictionModule(model: g, taps: taps, options: options, seed: 5)
    XCTAssertEqual(conv.layout.taps.map(\.conv), [3, nil], "feature taps have no convolution")
    XCTAssertEqual(try parameter(conv, "convs.0.weight").shape, [3, 3, 1, 1])
    XCTAssertEqual(conv.parameterCount, conv.layout.parameterCount)
    XCTAssertEqual(conv.parameterCount, 12 + 20 + 25 + 11)
    // The identity convolution (weight I, bias 0, no activation) changes nothing: the
    // paper's module with the same linear layers predicts the same.
    let plain = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 5, activation: .identity),
      seed: 5)
    var eye = [Float](repeating: 0, count: 9)
    for i in 0..<3 { eye[i * 4] = 1 }
    try parameter(conv, "convs.0.weight").assign(try Tensor(shape: [3, 3, 1, 1], eye))
    XCTAssertEqual(
      try parameter(conv, "fcs.0.weight").scalars, try parameter(plain, "fcs.0.weight").scalars,
      "the paper's parts draw first")
    let a = try withoutGrad { try conv.forward(features) }
    let b = try withoutGrad { try plain.forward(features) }
    assertClose(a.scalars, b.scalars, tolerance: 1e-5)
    // A convolution of 2 channels with the module's activation, by hand.
    let c2 = try LossPredictionModule(
      model: g, taps: [taps[0]], options: LossModuleOptions(width: 4, pooling: .max, tapConv: 2),
      seed: 6)
    let q = c2.parameters.map(\.tensor)  // fcs.0.w, fcs.0.b, out.w, out.b, convs.0.w, convs.0.b
    let byHand = try withoutGrad { () -> Tensor in
      let z = try Tensor.conv2d(features[0], weight: q[4], bias: q[5]).relu()
      let h = try Tensor.linear(try z.max(axes: [2, 3]), weight: q[0], bias: q[1]).relu()
      return try Tensor.linear(h, weight: q[2], bias: q[3]).reshaped([-1])
    }
    assertClose(try withoutGrad { try c2.forward([features[0]]) }.scalars, byHand.scalars)
    XCTAssertEqual(
      c2.summary(),
      """
      lossnet: 1 tap, width 4
        tap 0 c [3, 3, 3]: conv1x1(2) → relu → max → linear(4) → relu  (20 params)
        concat [4] → linear(1)  (5 params)
        total 25 params
      """)
  }

  func testAttentionSummaryAndSeeds() throws {
    let (g, taps, _) = try twoTaps()
    let attention = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 3, hidden: 2, fusion: .attention),
      seed: 9)
    XCTAssertEqual(
      attention.summary(),
      """
      lossnet: 2 taps, width 3
        tap 0 c [3, 3, 3]: gap → linear(3) → relu  (12 params)
        tap 1 v [4]: linear(3) → relu  (15 params)
        attention: α = softmax over taps of linear(1) of each tap  (4 params)
        Σ α·tap [3] → linear(2) → relu  (8 params)
        → linear(1)  (3 params)
        total 42 params
      """)
    // The paper's parts draw the same weights with or without attention.
    let concat = try LossPredictionModule(
      model: g, taps: taps, options: LossModuleOptions(width: 3, hidden: 2), seed: 9)
    XCTAssertEqual(
      try parameter(attention, "fcs.1.weight").scalars,
      try parameter(concat, "fcs.1.weight").scalars)
  }

  func testBadArchitecturesAreRefusedNamingTheOption() throws {
    let (g, taps, _) = try twoTaps()
    let cases: [(LossModuleOptions, [NodeID], FieldError)] = [
      (
        LossModuleOptions(widths: [3, 6], fusion: .attention), taps,
        FieldError(
          "LossModuleOptions.fusion",
          "attention sums the taps' features, so every tap needs one width, found widths [3, 6]")
      ),
      (
        LossModuleOptions(width: 3, tapConv: -2), taps,
        FieldError(
          "LossModuleOptions.tapConv", "must be 0 (no convolution) or positive, found -2")
      ),
      (
        LossModuleOptions(width: 3, tapConv: Int.max), taps,
        FieldError(
          "LossModuleOptions.tapConv", "must be at most 1073741824, found 9223372036854775807")
      ),
      (
        LossModuleOptions(width: 3, tapConv: 4), [taps[1]],
        FieldError(
          "LossModuleOptions.tapConv",
          "convolves image taps [C, H, W], but every tap of \(g.name) is a feature vector")
      ),
    ]
    for (options, nodes, expected) in cases {
      XCTAssertThrowsError(try LossModuleLayout(model: g, taps: nodes, options: options)) {
        XCTAssertEqual($0 as? FieldError, expected)
      }
    }
  }
}
