import LLALTensor
import TestSupport
import XCTest

@testable import LLALNN

final class OptimizerTests: XCTestCase {
  /// Runs `make` over p = [1, −2] with the gradients [0.5, 1], [−1, 0.25], [0.3, −0.7].
  private func run(_ make: ([Tensor]) throws -> any Optimizer) throws -> [Float] {
    let p = Tensor([1, -2]).requiringGrad()
    let opt = try make([p])
    for g in [[0.5, 1], [-1, 0.25], [0.3, -0.7]] as [[Float]] {
      p.grad = Tensor(g)
      try opt.step()
    }
    return p.scalars
  }

  func testPlainSGD() throws {
    // p₀ = 1 − 0.1·(0.5 − 1 + 0.3) = 1.02;  p₁ = −2 − 0.1·(1 + 0.25 − 0.7) = −2.055
    assertClose(try run { try SGD(parameters: $0, lr: 0.1) }, [1.02, -2.055], tolerance: 2e-6)
  }

  func testSGDWeightDecay() throws {
    // step 1: p₀ = 1 − 0.1·(0.5 + 0.1·1) = 0.94; step 2: 0.94 − 0.1·(−1 + 0.094) = 1.0306;
    // step 3: 1.0306 − 0.1·(0.3 + 0.10306) = 0.990294 (PyTorch: 0.9902939, −1.9933579)
    assertClose(
      try run { try SGD(parameters: $0, lr: 0.1, weightDecay: 0.1) }, [0.9902939, -1.9933579],
      tolerance: 2e-6)
  }

  func testSGDMomentumWithWeightDecay() throws {
    // p₀: b = 0.5 + 0.01 = 0.51, p = 0.949; g = −1 + 0.00949, b = 0.9·0.51 − 0.99051
    // = −0.53151, p = 1.002151; g = 0.3 + 0.01002151, b = −0.16833749, p = 1.01898475
    assertClose(
      try run { try SGD(parameters: $0, lr: 0.1, momentum: 0.9, weightDecay: 0.01) },
      [1.0189848, -2.2368848], tolerance: 2e-6)
  }

  func testNesterovSGD() throws {
    // p₀: b = 0.5, p = 1 − 0.1·(0.5 + 0.45) = 0.905; b = 0.45 − 1 = −0.55,
    // p = 0.905 − 0.1·(−1 − 0.495) = 1.0545; b = −0.495 + 0.3 = −0.195,
    // p = 1.0545 − 0.1·(0.3 − 0.1755) = 1.04205
    assertClose(
      try run { try SGD(parameters: $0, lr: 0.1, momentum: 0.9, nesterov: true) },
      [1.04205, -2.27865], tolerance: 2e-6)
  }

  func testAdamAndAdamW() throws {
    // Step 1 of Adam moves each coordinate by lr against the gradient's sign:
    // m = 0.1g, v = 0.001g², p −= (0.1/0.1)·0.1g / (√(0.001g²)/√0.001) = 0.1·sign(g).
    let one = Tensor([1, -2]).requiringGrad()
    one.grad = Tensor([0.5, -3])
    try Adam(parameters: [one], lr: 0.1).step()
    assertClose(one.scalars, [0.9, -1.9], tolerance: 2e-6)
    // Three steps, against PyTorch 2's torch.optim.Adam / AdamW.
    assertClose(
      try run { try Adam(parameters: $0, lr: 0.1) }, [0.9473775, -2.2002463], tolerance: 2e-6)
    assertClose(
      try run { try Adam(parameters: $0, lr: 0.1, weightDecay: 0.1) }, [0.9219793, -2.1584072],
      tolerance: 2e-6)
    // AdamW step 1: p = 1·(1 − 0.1·0.1) − 0.1 = 0.89 first, then as Adam.
    assertClose(
      try run { try OptimizerConfig.adamW(lr: 0.1, weightDecay: 0.1).make(parameters: $0) },
      [0.9193004, -2.1380239], tolerance: 2e-6)
  }

  func testParametersWithoutGradientsAreSkipped() throws {
    let used = Tensor([1]).requiringGrad()
    let unused = Tensor([5]).requiringGrad()
    let opt = try SGD(parameters: [used, unused], lr: 1, momentum: 0.5, weightDecay: 0.1)
    used.grad = Tensor([2])
    try opt.step()
    XCTAssertEqual(unused.scalars, [5])
    XCTAssertEqual(used.scalars, [1 - 2.1])
    opt.zeroGrad()
    XCTAssertNil(used.grad)
  }

  func testConfigMakesTheRightOptimizerAndRejectsBadSettings() throws {
    let p = [Tensor([1]).requiringGrad()]
    let sgd = try OptimizerConfig.sgd(lr: 0.1, momentum: 0.9).make(parameters: p)
    XCTAssertEqual((sgd as? SGD)?.momentum, 0.9)
    XCTAssertEqual(OptimizerConfig.adam().learningRate, 1e-3)
    XCTAssertEqual((try OptimizerConfig.adamW().make(parameters: p) as? Adam)?.decoupled, true)
    XCTAssertThrowsError(try SGD(parameters: p, lr: 0.1, nesterov: true)) { e in
      XCTAssertEqual("\(e)", "OptimizerConfig.nesterov needs a positive momentum, found 0")
    }
    XCTAssertThrowsError(try SGD(parameters: p, lr: -1)) { e in
      XCTAssertEqual("\(e)", "OptimizerConfig.lr must be a number ≥ 0, found -1")
    }
    XCTAssertThrowsError(try Adam(parameters: p, beta1: 1)) { e in
      XCTAssertEqual("\(e)", "OptimizerConfig.beta1 must lie in [0, 1), found 1")
    }
    // The config checks the same rules before there are parameters.
    XCTAssertThrowsError(try OptimizerConfig.adamW(beta2: 1.5).validate()) { e in
      XCTAssertEqual(
        e as? FieldError, FieldError("OptimizerConfig.beta2", "must lie in [0, 1), found 1.5"))
    }
    XCTAssertNoThrow(try OptimizerConfig.sgd(lr: 0.1, momentum: 0.9, nesterov: true).validate())
  }

  func testGradientOfTheWrongShapeIsAnError() throws {
    let p = Tensor([1, 2]).requiringGrad()
    p.grad = Tensor([1])
    XCTAssertThrowsError(try SGD(parameters: [p], lr: 1).step()) { e in
      XCTAssertEqual("\(e)", "sgd: gradient shape [1] differs from parameter [2]")
    }
  }
}
