import Foundation
import TestSupport
import XCTest

@testable import LLALTensor

/// Rows of at most 8 classes (a detector's anchors) take the cross-entropy kernel's
/// narrow path, eight rows a pass (`cross_entropy.c`); every kernel level must agree with a
/// Double-precision reference on both sides of the narrow/wide boundary, in the passes'
/// tails and with large logits.
final class NarrowCrossEntropyTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// Per row, lossᵢ = log Σⱼ e^{xᵢⱼ} − xᵢₜ and its gradient gᵢ (softmax(xᵢ) − onehot(tᵢ)),
  /// in Double.
  private func reference(_ x: [Float], _ c: Int, _ targets: [Int], _ g: [Float])
    -> (loss: [Float], grad: [Float])
  {
    var loss: [Float] = [], grad: [Float] = []
    for (i, t) in targets.enumerated() {
      let row = x[(i * c)..<(i * c + c)].map { Double($0) }
      let m = row.max()!
      let sum = row.map { Foundation.exp($0 - m) }.reduce(0, +)
      loss.append(Float((m - row[t]) + Foundation.log(sum)))
      grad += row.enumerated().map { j, v in
        Float(Double(g[i]) * (Foundation.exp(v - m) / sum - (j == t ? 1 : 0)))
      }
    }
    return (loss, grad)
  }

  /// Loss and gradient of `x` [rows, c] at the current kernel level, against the reference.
  private func check(
    _ x: [Float], _ c: Int, _ targets: [Int], tolerance: Float, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let rows = targets.count
    let logits = try Tensor(shape: [rows, c], x).requiringGrad()
    let g = try Tensor.uniform([rows], low: 0.5, high: 1.5, seed: UInt64(rows * c))
    let loss = try Tensor.crossEntropy(logits: logits, targets: targets)
    try loss.backward(g)
    let want = reference(x, c, targets, g.scalars)
    assertClose(
      loss.scalars, want.loss, tolerance: tolerance, "loss \(what)", file: file, line: line)
    assertClose(
      logits.grad?.scalars ?? [], want.grad, tolerance: tolerance, "grad \(what)", file: file,
      line: line)
  }

  // 1…9 classes (8 is the last narrow forward and the first wide backward) and 3, 8 and 37
  // rows: a tail pass alone, one full pass, four full passes and a tail of 5.
  func testEveryLevelMatchesDoubleReference() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      for c in 1...9 {
        for rows in [3, 8, 37] {
          let x = try Tensor.uniform([rows, c], low: -6, high: 6, seed: UInt64(100 * c + rows))
          let targets = (0..<rows).map { ($0 * 7 + c) % c }
          try check(x.scalars, c, targets, tolerance: 1e-6, "\(level) C=\(c) rows=\(rows)")
        }
      }
    }
  }

  // Shifting by each row's maximum keeps logits of 1e4…1e30 finite: a row of equal huge
  // logits loses log C, a dominated target loses the whole gap.
  func testLargeLogitsAtEveryLevel() throws {
    let rows: [[Float]] = [
      [1e4, 1e4, 1e4, 1e4], [1000, 0, -1000, 500], [-1e30, 1e30, 0, 1], [3e4, -3e4, 2e4, 1e4],
      [0, 0, 0, 88], [-88, -87, -104, -1e4], [1e30, 1e30, -1e30, 0], [5, 6, 7, 8],
      [-1e4, -1e4, -1e4, -1e4 + 1], [1, 2, 3, 4], [20, -20, 40, -40],
    ]
    let targets = [2, 1, 0, 3, 0, 1, 2, 3, 3, 0, 2]
    for level in KernelLevel.available {
      KernelLevel.current = level
      try check(rows.flatMap { $0 }, 4, targets, tolerance: 1e-6, "\(level)")
      let loss = try Tensor.crossEntropy(logits: Tensor(rows: rows), targets: targets).scalars
      XCTAssertEqual(loss[0], Float(Foundation.log(4.0)), accuracy: 1e-6, "\(level)")
      XCTAssertEqual(loss[2], 2e30, "\(level)")
    }
  }

  // A NaN in the fourth row of a pass of eight spoils that row's loss and gradient only.
  func testNaNSpoilsOnlyItsRowWithinAPass() throws {
    for level in KernelLevel.available {
      KernelLevel.current = level
      var values = try Tensor.uniform([10, 4], low: -2, high: 2, seed: 9).scalars
      values[3 * 4 + 1] = .nan
      let x = try Tensor(shape: [10, 4], values).requiringGrad()
      let loss = try Tensor.crossEntropy(logits: x, targets: Array(repeating: 1, count: 10))
      try loss.sum().backward()
      XCTAssertEqual(loss.scalars.map(\.isNaN), (0..<10).map { $0 == 3 }, "\(level)")
      let grad = x.grad?.scalars ?? []
      XCTAssertEqual(grad.map(\.isNaN), (0..<40).map { $0 / 4 == 3 }, "\(level)")
    }
  }

  func testGradientsMatchFiniteDifferencesAtEveryLevel() throws {
    let x = try Tensor.uniform([13, 4], low: -3, high: 3, seed: 5)
    let targets = (0..<13).map { $0 % 4 }
    for level in KernelLevel.available {
      KernelLevel.current = level
      try assertGradientsMatch([x], "crossEntropy C=4 \(level)") {
        try Tensor.crossEntropy(logits: $0[0], targets: targets).mean()
      }
    }
  }
}
