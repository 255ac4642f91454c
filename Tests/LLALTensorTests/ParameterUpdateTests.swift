import XCTest

@testable import LLALTensor

/// The optimizers' vectorised updates (`ParameterUpdate`, CKernels/optimizer.c): at every
/// kernel level, and with a step's tensors split over two threads (pieces that start and
/// end inside tensors), the same floats as the scalar rule in PyTorch's order of
/// operations, step after step, and within rounding of the rule in Double.
final class ParameterUpdateTests: XCTestCase {
  private let savedThreads = Parallel.threadCount

  override func tearDown() {
    KernelLevel.current = .best
    Parallel.threadCount = savedThreads
    super.tearDown()
  }

  private func random(_ n: Int, seed: UInt64) -> [Float] {
    var g = RandomGenerator(seed: seed)
    return (0..<n).map { _ in g.nextUniform() * 2 - 1 }
  }

  /// Three SGD steps on tensors of `sizes` weights with fresh gradients each step, by the
  /// kernel (all tensors in one update) and by the scalar rule in Float and in Double,
  /// the tensors' values one after the other.
  private func sgd(
    sizes: [Int], momentum: Float, nesterov: Bool
  ) -> (kernel: [Float], scalar: [Float], exact: [Double]) {
    let (lr, wd) = (Float(0.1), Float(5e-4))
    let n = sizes.reduce(0, +)
    let start = random(n, seed: 1)
    var offsets = [0]
    for s in sizes { offsets.append(offsets.last! + s) }
    let ws = sizes.indices.map { Tensor(Array(start[offsets[$0]..<offsets[$0 + 1]])) }
    let bs = sizes.map { Tensor([Float](repeating: 0, count: $0)) }
    var sw = start, sb = [Float](repeating: 0, count: n)
    var dw = sw.map(Double.init), db = [Double](repeating: 0, count: n)
    let (mu, dmu, dlr, dwd) = (momentum, Double(momentum), Double(lr), Double(wd))
    for step in 0..<3 {
      let g = random(n, seed: UInt64(10 + step))
      let terms = sizes.indices.map { k in
        ParameterUpdate.SGDTerm(
          weight: ws[k], gradient: Tensor(Array(g[offsets[k]..<offsets[k + 1]])),
          velocity: momentum == 0 ? nil : bs[k], first: step == 0)
      }
      ParameterUpdate.sgd(
        terms, lr: lr, momentum: momentum, weightDecay: wd, nesterov: nesterov)
      for i in 0..<n {
        let d = g[i] + wd * sw[i]
        let e = Double(g[i]) + dwd * dw[i]
        if momentum == 0 {
          sw[i] -= lr * d
          dw[i] -= dlr * e
          continue
        }
        sb[i] = step == 0 ? d : mu * sb[i] + d
        db[i] = step == 0 ? e : dmu * db[i] + e
        sw[i] -= lr * (nesterov ? d + mu * sb[i] : sb[i])
        dw[i] -= dlr * (nesterov ? e + dmu * db[i] : db[i])
      }
    }
    return (ws.flatMap(\.scalars), sw, dw)
  }

  func testSGDMatchesTheScalarRuleAtEveryLevelAndOnTwoThreads() {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for threads in [1, 2] {
        Parallel.threadCount = threads
        // 45: vectors and a tail; then four tensors whose values two threads split
        // inside the second one.
        for sizes in [[45], [5, 40_001, 3, 30_000]] {
          for (momentum, nesterov) in [(Float(0), false), (0.9, false), (0.9, true)] {
            let r = sgd(sizes: sizes, momentum: momentum, nesterov: nesterov)
            let what = "\(level) threads \(threads) \(sizes) momentum \(momentum) \(nesterov)"
            XCTAssertEqual(r.kernel, r.scalar, what)
            for i in stride(from: 0, to: r.exact.count, by: 97) {
              XCTAssertEqual(Double(r.kernel[i]), r.exact[i], accuracy: 1e-6, what)
            }
          }
        }
      }
    }
  }

  func testAdamMatchesTheScalarRuleAtEveryLevelAndOnTwoThreads() {
    let (lr, b1, b2, eps) = (Float(0.01), Float(0.9), Float(0.999), Float(1e-8))
    for level in KernelLevel.available {
      KernelLevel.current = level
      for threads in [1, 2] {
        Parallel.threadCount = threads
        for n in [45, 70_000] {
          // Adam with L2 decay, then AdamW's decoupled decay.
          for (l2, keep) in [(Float(0.01), Float(1)), (0, 1 - lr * 0.01)] {
            let w = Tensor(random(n, seed: 2))
            let zeros = [Float](repeating: 0, count: n)
            let m = Tensor(zeros), v = Tensor(zeros)
            var sw = w.scalars, sm = zeros, sv = zeros
            var dw = sw.map(Double.init)
            var dm = [Double](repeating: 0, count: n), dv = dm
            for t in 1...3 {
              let g = random(n, seed: UInt64(20 + t))
              let stepSize = Float(Double(lr) / (1 - pow(Double(b1), Double(t))))
              let c2 = Float((1 - pow(Double(b2), Double(t))).squareRoot())
              ParameterUpdate.adam(
                [
                  .init(
                    weight: w, gradient: Tensor(g), m: m, v: v, stepSize: stepSize, correction2: c2)
                ],
                beta1: b1, beta2: b2, epsilon: eps, l2: l2, keep: keep)
              for i in 0..<n {
                sw[i] *= keep
                let d = g[i] + l2 * sw[i]
                sm[i] = b1 * sm[i] + (1 - b1) * d
                sv[i] = b2 * sv[i] + (1 - b2) * d * d
                sw[i] -= stepSize * sm[i] / (sv[i].squareRoot() / c2 + eps)
                dw[i] *= Double(keep)
                let e = Double(g[i]) + Double(l2) * dw[i]
                dm[i] = Double(b1) * dm[i] + (1 - Double(b1)) * e
                dv[i] = Double(b2) * dv[i] + (1 - Double(b2)) * e * e
                dw[i] -= Double(stepSize) * dm[i] / (dv[i].squareRoot() / Double(c2) + Double(eps))
              }
            }
            let what = "\(level) threads \(threads) n \(n) l2 \(l2)"
            XCTAssertEqual(w.scalars, sw, what)
            XCTAssertEqual(m.scalars, sm, what)
            XCTAssertEqual(v.scalars, sv, what)
            for i in stride(from: 0, to: n, by: 97) {
              XCTAssertEqual(Double(w.scalars[i]), dw[i], accuracy: 1e-5, what)
            }
          }
        }
      }
    }
  }
}
