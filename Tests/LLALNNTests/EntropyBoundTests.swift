import Foundation
import XCTest

@testable import LLALNN
@testable import LLALTensor

/// `EntropyBound` and the pruned `DetectTask.sampleEntropy`: the bound holds for softmaxes
/// of every gap, and skipping the anchors under it leaves every image's largest entropy
/// exactly that of computing all of them.
final class EntropyBoundTests: XCTestCase {
  /// A softmax's entropy in Double, straight from the definition.
  private func entropy(_ z: [Double]) -> Double {
    let m = z.max()!
    let e = z.map { exp($0 - m) }
    let s = e.reduce(0, +)
    return -e.reduce(0) { $0 + ($1 / s) * log($1 / s) }
  }

  func testTheBoundHoldsForEveryGapAndIsTightWhenTheRestIsUniform() {
    var g = RandomGenerator(seed: 3)
    for k in [2, 4, 9] {
      let bound = EntropyBound(classes: k)
      // Uniform logits: the bound at gap 0 is log k, reached.
      XCTAssertEqual(bound.bound(gap: 0), log(Double(k)), accuracy: 1e-12)
      for _ in 0..<2000 {
        let scale = Double(g.nextUniform()) * 12
        let z = (0..<k).map { _ in Double(g.nextUniform()) * scale }
        let sorted = z.sorted(by: >)
        let gap = sorted[0] - sorted[1]
        XCTAssertLessThanOrEqual(entropy(z), bound.bound(gap: gap) + 1e-12, "k \(k), \(z)")
      }
      // The rest uniform at the gap of a table point: the bound is that entropy.
      let gap = 1.5
      let z = [gap] + [Double](repeating: 0, count: k - 1)
      XCTAssertEqual(bound.bound(gap: gap), entropy(z), accuracy: 1e-12)
      // Past the table: the last bound, tiny.
      XCTAssertLessThan(bound.bound(gap: 1e6), 1e-18)
    }
  }

  /// Every anchor's entropy, as `sampleEntropy` computed it before it skipped anchors.
  private func allAnchors(_ output: Tensor, classes k: Int) -> [Double] {
    let (n, na, w) = (output.shape[0], output.shape[1], output.shape[2])
    let p = output.scalars
    return (0..<n).map { i in
      var most = -Double.infinity
      for a in 0..<na {
        let row = (i * na + a) * w
        var m = -Double.infinity
        for c in 0..<k { m = Swift.max(m, Double(p[row + c])) }
        var s = 0.0, ez = 0.0
        for c in 0..<k {
          let z = Double(p[row + c]) - m
          let e = exp(z)
          s += e
          ez += e * z
        }
        most = Swift.max(most, log(s) - ez / s)
      }
      return most
    }
  }

  func testPruningGivesExactlyTheLargestEntropyOfAllAnchors() throws {
    let built = try ReferenceModels.ssdLite()
    let (anchors, classes) = try Anchors.of(built.graph)
    let task = try DetectTask(anchors: anchors, classes: classes)
    // Confident background (large gaps), undecided anchors, exact ties of two logits,
    // non-finite logits and one image of all-equal rows.
    var g = RandomGenerator(seed: 5)
    let n = 6, na = anchors.count, w = classes + 5
    var v = [Float](repeating: 0, count: n * na * w)
    for i in 0..<n {
      for a in 0..<na {
        let row = (i * na + a) * w
        let confident = g.nextUniform() < 0.9
        for c in 0..<(classes + 1) {
          v[row + c] = (g.nextUniform() - 0.5) * (confident ? 2 : 6) + (confident && c == 0 ? 9 : 0)
        }
        if i == 5 { for c in 0..<(classes + 1) { v[row + c] = 1 } }
      }
    }
    v[(1 * na + 7) * w + 2] = v[(1 * na + 7) * w + 0]
    v[(2 * na + 3) * w + 1] = .infinity
    v[(3 * na + 9) * w + 0] = .nan
    v[(4 * na + 11) * w + 3] = -.infinity
    let output = try Tensor(shape: [n, na, w], v)
    let pruned = try XCTUnwrap(task.sampleEntropy(output: output))
    XCTAssertEqual(pruned, allAnchors(output, classes: classes + 1))
    XCTAssertEqual(pruned[5], log(Double(classes + 1)), accuracy: 1e-12)
  }
}
