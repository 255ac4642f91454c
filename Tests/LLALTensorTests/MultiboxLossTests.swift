import Foundation
import XCTest

@testable import LLALTensor

/// `Tensor.multiboxLoss`: values and gradients against a Double-precision reference
/// written from the definition (mining by sorting) at every SIMD level, the mining's
/// ties by hand, and the error paths. Its finite-difference check is in
/// `GradientCoverageTests`.
final class MultiboxLossTests: XCTestCase {
  override func tearDown() {
    KernelLevel.current = .best
    super.tearDown()
  }

  /// Per image the loss and `d loss / d output`, in Double: cross-entropy by log-sum-exp,
  /// hard negatives by sorting the background anchors' cross-entropies, smooth L1 (β 1).
  static func reference(
    _ x: [Float], _ t: [Float], images: Int, anchors na: Int, classes c: Int,
    ratio: Int = 3, minNegatives: Int = 3
  ) -> (loss: [Double], jacobian: [Double]) {
    let w = c + 4
    var loss = [Double](repeating: 0, count: images)
    var jac = [Double](repeating: 0, count: x.count)
    for i in 0..<images {
      var ce = [Double](repeating: 0, count: na)
      var probs = [[Double]](repeating: [], count: na)
      for a in 0..<na {
        let row = (0..<c).map { Double(x[(i * na + a) * w + $0]) }
        let m = row.max()!
        let s = row.reduce(0) { $0 + exp($1 - m) }
        probs[a] = row.map { exp($0 - m) / s }
        ce[a] = m + log(s) - row[Int(t[(i * na + a) * 5])]
      }
      let label = (0..<na).map { Int(t[(i * na + $0) * 5]) }
      let npos = label.filter { $0 > 0 }.count
      let negatives = (0..<na).filter { label[$0] == 0 }.map { ce[$0] }.sorted(by: >)
      let n = Swift.min(negatives.count, Swift.max(ratio * npos, minNegatives))
      let denom = Double(Swift.max(1, npos))
      var total = 0.0
      for a in 0..<na {
        let base = (i * na + a) * w
        let chosen = label[a] > 0 || (n > 0 && ce[a] >= negatives[n - 1])
        if chosen {
          total += ce[a]
          for j in 0..<c { jac[base + j] = (probs[a][j] - (j == label[a] ? 1 : 0)) / denom }
        }
        guard label[a] > 0 else { continue }
        for k in 0..<4 {
          let d = Double(x[base + c + k]) - Double(t[(i * na + a) * 5 + 1 + k])
          total += Swift.abs(d) < 1 ? 0.5 * d * d : Swift.abs(d) - 0.5
          jac[base + c + k] = Swift.min(Swift.max(d, -1), 1) / denom
        }
      }
      loss[i] = total / denom
    }
    return (loss, jac)
  }

  /// The loss as the engine's operations computed it before it was fused (the former
  /// `MultiboxLoss.perImage`): cross-entropy of the sliced logits, 0/1 masks, smooth L1 of
  /// whole rows against the offsets, row sums.
  static func composite(_ output: Tensor, _ targets: Tensor) throws -> Tensor {
    let (b, na, width) = (output.shape[0], output.shape[1], output.shape[2])
    let scores = width - 4
    let t = targets.scalars
    var labels = [Int](repeating: 0, count: b * na)
    var npos = [Float](repeating: 0, count: b)
    var goal = [Float](repeating: 0, count: b * na * width), weight = goal
    for r in 0..<(b * na) {
      labels[r] = Int(t[r * 5])
      for k in 0..<4 { goal[r * width + scores + k] = t[r * 5 + 1 + k] }
      if labels[r] > 0 {
        npos[r / na] += 1
        for k in 0..<4 { weight[r * width + scores + k] = 1 }
      }
    }
    let logits = try output.slice(axis: 2, start: 0, end: scores).reshaped([b * na, scores])
    let ce = try Tensor.crossEntropy(logits: logits, targets: labels).reshaped([b, na])
    let values = ce.scalars
    var selected = [Float](repeating: 0, count: b * na)
    for i in 0..<b {
      let rows = (i * na)..<((i + 1) * na)
      let negatives = rows.filter { labels[$0] == 0 }.map { values[$0] }.sorted(by: >)
      let n = Swift.min(negatives.count, Swift.max(3 * Int(npos[i]), 3))
      for r in rows where labels[r] > 0 || (n > 0 && values[r] >= negatives[n - 1]) {
        selected[r] = 1
      }
    }
    let cls = try (ce * Tensor(shape: [b, na], selected)).sum(axes: [1])
    let smooth = try (output - Tensor(shape: output.shape, goal)).smoothL1(beta: 1)
    let loc = try (smooth * Tensor(shape: output.shape, weight)).reshaped([b, na * width])
      .sum(axes: [1])
    return try (cls + loc) / Tensor(shape: [b], npos.map { Swift.max(1, $0) })
  }

  /// Targets for `images` images of `na` anchors: image 0 without objects, image 1 all
  /// positive (no negatives to mine), the others about one anchor in four positive.
  static func targets(images: Int, anchors na: Int, classes c: Int, seed: UInt64) -> [Float] {
    var g = RandomGenerator(seed: seed)
    var t = [Float](repeating: 0, count: images * na * 5)
    for r in 0..<(images * na) {
      let image = r / na
      let positive = image == 1 || (image > 1 && g.nextUniform() < 0.25)
      t[r * 5] = positive ? Float(1 + Int(g.nextUniform() * Float(c - 1))) : 0
      for k in 1...4 { t[r * 5 + k] = g.nextUniform() * 4 - 2 }
    }
    return t
  }

  func testLossAndGradientMatchTheDoubleReferenceAtEverySIMDLevel() throws {
    // Narrow rows with a ragged last pass (4 classes, 13 anchors), exactly 8 classes, and
    // wide rows (11 classes) with a partial vector.
    for (c, na) in [(4, 13), (8, 16), (11, 9), (2, 40)] {
      let images = 4
      let t = Self.targets(images: images, anchors: na, classes: c, seed: UInt64(c))
      let xv = try Tensor.randn([images, na, c + 4], seed: UInt64(10 + c)).scalars.map {
        $0 * 2
      }
      let seed = try Tensor.uniform([images], low: 0.5, high: 1.5, seed: 3)
      let ref = Self.reference(xv, t, images: images, anchors: na, classes: c)
      for level in KernelLevel.available {
        KernelLevel.current = level
        let x = try Tensor(shape: [images, na, c + 4], xv)
        x.requiresGrad = true
        let loss = try Tensor.multiboxLoss(output: x, targets: Tensor(shape: [images, na, 5], t))
        XCTAssertEqual(loss.shape, [images])
        for i in 0..<images {
          XCTAssertEqual(
            Double(loss.scalars[i]), ref.loss[i], accuracy: 1e-5 * Swift.max(1, ref.loss[i]),
            "\(level), \(c) classes, image \(i)")
        }
        try loss.backward(seed)
        let grad = try XCTUnwrap(x.grad).scalars
        let g = seed.scalars
        let per = na * (c + 4)
        for (e, v) in grad.enumerated() {
          XCTAssertEqual(
            Double(v), Double(g[e / per]) * ref.jacobian[e], accuracy: 1e-6,
            "\(level), \(c) classes, element \(e)")
        }
      }
    }
  }

  func testValuesAndGradientAreTheCompositeLossesBitForBit() throws {
    for (c, na) in [(4, 544), (4, 13), (8, 16), (11, 9)] {
      let images = 5
      let t = try Tensor(
        shape: [images, na, 5], Self.targets(images: images, anchors: na, classes: c, seed: 5))
      let xv = try Tensor.randn([images, na, c + 4], seed: UInt64(20 + c)).scalars
      let seed = try Tensor.uniform([images], low: 0.5, high: 1.5, seed: 4)
      for level in KernelLevel.available {
        KernelLevel.current = level
        var results: [([Float], [Float])] = []
        for fused in [true, false] {
          let x = try Tensor(shape: [images, na, c + 4], xv)
          x.requiresGrad = true
          let loss = fused
            ? try Tensor.multiboxLoss(output: x, targets: t) : try Self.composite(x, t)
          try loss.backward(seed)
          results.append((loss.scalars, try XCTUnwrap(x.grad).scalars))
        }
        XCTAssertEqual(results[0].0, results[1].0, "\(level), \(c) classes: losses")
        XCTAssertEqual(results[0].1, results[1].1, "\(level), \(c) classes: gradients")
      }
    }
  }

  func testNonFiniteOutputsGiveTheCompositesLosses() throws {
    // Image 0: a −inf logit off the target (finite cross-entropy, NaN box term of
    // smoothL1(−inf) · 0); image 1: finite; image 2: a NaN offset on a background anchor;
    // image 3: a NaN logit, so a NaN cross-entropy among those mining ranks.
    let (na, c) = (6, 3)
    let t = try Tensor(shape: [4, na, 5], Self.targets(images: 4, anchors: na, classes: c, seed: 8))
    var xv = try Tensor.randn([4, na, c + 4], seed: 9).scalars
    xv[2 * (c + 4) + 1] = -.infinity
    xv[3 * na * (c + 4)] = .nan
    let background = try XCTUnwrap((0..<na).first { t.scalars[(2 * na + $0) * 5] == 0 })
    xv[(2 * na + background) * (c + 4) + c + 2] = .nan
    let x = try Tensor(shape: [4, na, c + 4], xv)
    let fused = try Tensor.multiboxLoss(output: x, targets: t).scalars
    let composite = try Self.composite(x, t).scalars
    XCTAssertEqual(fused.map(\.isNaN), composite.map(\.isNaN))
    XCTAssertEqual(fused.map(\.isNaN), [true, false, true, true])
    XCTAssertEqual(fused[1], composite[1])
  }

  /// One image of 2-class anchors whose background cross-entropies are `ce`: logits (0, z)
  /// against label 0 give log(1 + e^z). Equal values come from equal rows, so they tie
  /// exactly. Returns the rows whose logits get a gradient (the chosen anchors).
  private func chosen(_ ce: [Double], labels: [Float]) throws -> [Int] {
    let na = ce.count
    var x = [Float](repeating: 0, count: na * 6)
    var t = [Float](repeating: 0, count: na * 5)
    for a in 0..<na {
      t[a * 5] = labels[a]
      if labels[a] == 0 { x[a * 6 + 1] = Float(log(exp(ce[a]) - 1)) }
    }
    let out = try Tensor(shape: [1, na, 6], x)
    out.requiresGrad = true
    try Tensor.multiboxLoss(output: out, targets: Tensor(shape: [1, na, 5], t)).backward()
    let g = try XCTUnwrap(out.grad).scalars
    return (0..<na).filter { a in g[(a * 6)..<(a * 6 + 2)].contains { $0 != 0 } }
  }

  func testMiningTakesThreeNegativesPerPositiveWithTiesAtTheCut() throws {
    // One positive → 3 negatives; the 3rd largest background CE is 0.7, tied three ways:
    // all of them are taken, with the 0.9, so 4 negatives.
    XCTAssertEqual(
      try chosen([5, 0.5, 0.9, 0.7, 0.7, 0.7, 0.2, 0.3], labels: [1, 0, 0, 0, 0, 0, 0, 0]),
      [0, 2, 3, 4, 5])
    // An image without objects still takes min_neg = 3 negatives.
    XCTAssertEqual(try chosen([0.1, 0.4, 0.3, 0.2, 0.5], labels: [0, 0, 0, 0, 0]), [1, 2, 4])
    // Two positives of three anchors: only one background anchor to take.
    XCTAssertEqual(try chosen([1, 1, 0.1], labels: [1, 1, 0]), [0, 1, 2])
  }

  func testMiningAgreesWithSortingWithManyTies() throws {
    // 544 anchors whose background CEs take 5 levels, so most are tied; from 0 to 150
    // positives, n runs from 3 to every background anchor.
    var g = RandomGenerator(seed: 11)
    let levels: [Double] = [0.2, 0.45, 0.7, 1.1, 2.3]
    for npos in [0, 1, 2, 7, 40, 100, 136, 150] {
      let na = 544
      let labels = (0..<na).map { $0 < npos ? Float(1) : 0 }
      let ce = (0..<na).map { _ in levels[Int(g.nextUniform() * 5)] }
      let background = (npos..<na).map { ce[$0] }.sorted(by: >)
      let n = Swift.min(background.count, Swift.max(3 * npos, 3))
      let expected = (0..<na).filter { $0 < npos || ce[$0] >= background[n - 1] }
      XCTAssertEqual(try chosen(ce, labels: labels), expected, "\(npos) positives")
    }
  }

  func testWithoutGradientsNothingIsRecorded() throws {
    let x = try Tensor.randn([2, 5, 7], seed: 1)
    x.requiresGrad = true
    let t = try Tensor(shape: [2, 5, 5], Self.targets(images: 2, anchors: 5, classes: 3, seed: 2))
    let tracked = try Tensor.multiboxLoss(output: x, targets: t)
    let plain = try withoutGrad { try Tensor.multiboxLoss(output: x, targets: t) }
    XCTAssertTrue(tracked.requiresGrad)
    XCTAssertFalse(plain.requiresGrad)
    XCTAssertEqual(plain.scalars, tracked.scalars)
  }

  func testBadShapesLabelsAndSettingsAreRefused() throws {
    func message(_ body: () throws -> Tensor) -> String {
      do {
        _ = try body()
        return "no error"
      } catch { return "\(error)" }
    }
    let x = try Tensor.zeros([1, 2, 6])
    XCTAssertEqual(
      message { try Tensor.multiboxLoss(output: x, targets: try Tensor.zeros([1, 3, 5])) },
      "multiboxLoss: expects outputs [B, A, C + 4] (C >= 1) and targets [B, A, 5], got "
        + "[1, 2, 6] and [1, 3, 5]")
    XCTAssertEqual(
      message { try Tensor.multiboxLoss(output: try Tensor.zeros([1, 2, 4]), targets: try Tensor.zeros([1, 2, 5])) },
      "multiboxLoss: expects outputs [B, A, C + 4] (C >= 1) and targets [B, A, 5], got "
        + "[1, 2, 4] and [1, 2, 5]")
    XCTAssertEqual(
      message {
        try Tensor.multiboxLoss(output: x, targets: Tensor(shape: [1, 2, 5], [0, 0, 0, 0, 0, 2, 0, 0, 0, 0]))
      },
      "multiboxLoss: label 2.0 of image 0, anchor 1 is not a class index in 0..<2")
    XCTAssertEqual(
      message {
        try Tensor.multiboxLoss(output: x, targets: Tensor(shape: [1, 2, 5], [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
      },
      "multiboxLoss: label 0.5 of image 0, anchor 0 is not a class index in 0..<2")
    XCTAssertEqual(
      message {
        try Tensor.multiboxLoss(output: x, targets: try Tensor.zeros([1, 2, 5]), negativeRatio: -1)
      },
      "multiboxLoss: negativeRatio and minNegatives must be >= 0, got -1 and 3")
  }
}
