import LLALTensor
import XCTest

@testable import LLALNN

/// The optimizers' one-pass kernels (`llal_adam_step`, `llal_sgd_step`) against their rules
/// computed in Double, at every kernel level, over enough values for whole vectors and a
/// tail: Adam with L2 decay and AdamW; SGD plain, with momentum and Nesterov momentum.
final class OptimizerKernelTests: XCTestCase {
  private let n = 37
  private func start() throws -> [Float] {
    try Tensor.uniform([n], low: -2, high: 2, seed: 1).scalars
  }
  private func gradients() throws -> [[Float]] {
    try (0..<3).map { try Tensor.uniform([n], low: -1, high: 1, seed: UInt64(2 + $0)).scalars }
  }

  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  func testThreeAdamStepsMatchTheRuleInDoubleAtEveryLevel() throws {
    let (start, grads) = (try start(), try gradients())
    for level in KernelLevel.available {
      KernelLevel.current = level
      for decoupled in [false, true] {
        let (lr, b1, b2, eps, wd) = (0.01, 0.9, 0.999, 1e-8, 0.1)
        let p = try Tensor(shape: [n], start).requiringGrad()
        let adam = try Adam(
          parameters: [p], lr: Float(lr), weightDecay: Float(wd), decoupled: decoupled)
        var w = start.map(Double.init)
        var m = [Double](repeating: 0, count: n), v = m
        for (t, g) in grads.enumerated() {
          p.grad = Tensor(g)
          try adam.step()
          let step = lr / (1 - pow(b1, Double(t + 1)))
          let c2 = (1 - pow(b2, Double(t + 1))).squareRoot()
          for i in 0..<n {
            if decoupled { w[i] *= 1 - lr * wd }
            let d = Double(g[i]) + (decoupled ? 0 : wd * w[i])
            m[i] = b1 * m[i] + (1 - b1) * d
            v[i] = b2 * v[i] + (1 - b2) * d * d
            w[i] -= step * m[i] / (v[i].squareRoot() / c2 + eps)
          }
        }
        for (i, (got, want)) in zip(p.scalars, w).enumerated() {
          XCTAssertEqual(Double(got), want, accuracy: 1e-5, "\(level) decoupled \(decoupled) at \(i)")
        }
      }
    }
  }

  func testThreeSGDStepsMatchTheRuleInDoubleAtEveryLevel() throws {
    let (start, grads) = (try start(), try gradients())
    for level in KernelLevel.available {
      KernelLevel.current = level
      for (mu, nesterov) in [(0.0, false), (0.9, false), (0.9, true)] {
        let (lr, wd) = (0.05, 0.01)
        let p = try Tensor(shape: [n], start).requiringGrad()
        let sgd = try SGD(
          parameters: [p], lr: Float(lr), momentum: Float(mu), weightDecay: Float(wd),
          nesterov: nesterov)
        var w = start.map(Double.init)
        var b = [Double](repeating: 0, count: n)
        for (t, g) in grads.enumerated() {
          p.grad = Tensor(g)
          try sgd.step()
          for i in 0..<n {
            let d = Double(g[i]) + wd * w[i]
            b[i] = t == 0 ? d : mu * b[i] + d
            w[i] -= lr * (mu == 0 ? d : nesterov ? d + mu * b[i] : b[i])
          }
        }
        for (i, (got, want)) in zip(p.scalars, w).enumerated() {
          XCTAssertEqual(Double(got), want, accuracy: 1e-5, "\(level) μ \(mu) \(nesterov) at \(i)")
        }
      }
    }
  }
}

extension OptimizerKernelTests {
  func testUpdatesRefuseTensorsOfAnotherShape() throws {
    let p = Tensor([1, 2])
    let wrong = Tensor([1, 2, 3])
    XCTAssertThrowsError(
      try p.adamUpdate(
        gradient: Tensor([0, 0]), m: wrong, v: Tensor([0, 0]), beta1: 0.9, beta2: 0.999,
        step: 0.1, correction2: 1, eps: 1e-8, keep: 1, l2: 0)
    ) {
      XCTAssertEqual("\($0)", "adam: m shape [3] differs from parameter [2]")
    }
    XCTAssertThrowsError(
      try p.sgdUpdate(
        gradient: wrong, velocity: nil, lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false,
        first: true)
    ) {
      XCTAssertEqual("\($0)", "sgd: gradient shape [3] differs from parameter [2]")
    }
    XCTAssertEqual(p.scalars, [1, 2])
  }
}
