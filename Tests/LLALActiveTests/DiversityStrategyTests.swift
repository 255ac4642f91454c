import Foundation
import LLALTensor
import TestSupport
import XCTest

@testable import LLALActive

final class DiversityStrategyTests: XCTestCase {
  /// 200 points spread over the unit square from a fixed generator.
  func square(_ n: Int = 200, seed: UInt64 = 1) -> [[Float]] {
    var g = RandomGenerator(seed: seed)
    return (0..<n).map { _ in [g.nextUniform(), g.nextUniform()] }
  }

  /// The largest distance from any point to its nearest chosen point.
  func coveringRadius(_ points: [[Float]], _ chosen: [Int]) -> Float {
    points.map { p in
      chosen.map { c in
        let d = zip(p, points[c]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        return d.squareRoot()
      }.min() ?? .infinity
    }.max() ?? 0
  }

  func testKCenterCoversTheSpace() throws {
    let points = square()
    let model = FixedQueryModel(logits: points, features: points)
    let ten = try CoreSetStrategy(node: "f").select(context(model, step: 10, labeled: [0]))
    let forty = try CoreSetStrategy(node: "f").select(context(model, step: 40, labeled: [0]))
    // Greedy is deterministic: the first ten of forty are the ten.
    XCTAssertEqual(Array(forty.indices.prefix(10)), ten.indices)
    let r1 = coveringRadius(points, [0])
    let r10 = coveringRadius(points, [0] + ten.indices)
    let r40 = coveringRadius(points, [0] + forty.indices)
    XCTAssertLessThan(r10, r1)
    XCTAssertLessThan(r40, r10)
    // k-center greedy is a 2-approximation; 41 centres on a unit square cover it within
    // about 0.12, and any covering of 41 points has radius ≥ ~0.08.
    XCTAssertLessThan(r40, 0.25)
    // Each pick is the farthest point, so the recorded distances never increase.
    XCTAssertEqual(forty.scores, forty.scores.sorted(by: >))
    XCTAssertEqual(Set(forty.indices).count, 40)
    XCTAssertFalse(forty.indices.contains(0))
  }

  func testKCenterStartsFarFromTheLabeledSet() throws {
    // Points on a line 0…9, labeled {0}: the farthest point 9 comes first, then the middle.
    let points: [[Float]] = (0..<10).map { [Float($0)] }
    let model = FixedQueryModel(logits: points, features: points)
    let chosen = try CoreSetStrategy(node: "f").select(context(model, step: 2, labeled: [0]))
    XCTAssertEqual(chosen.indices.first, 9)
    XCTAssertTrue([4, 5].contains(chosen.indices[1]), "\(chosen.indices)")
    XCTAssertEqual(chosen.scores[0], 9, accuracy: 1e-5)
  }

  func testCoreSetNeedsTheNamedNode() {
    let model = FixedQueryModel(logits: [[0, 1], [1, 0]])
    XCTAssertThrowsError(try CoreSetStrategy(node: "missing").select(context(model, step: 1))) {
      XCTAssertTrue("\($0)".contains("missing"), "\($0)")
    }
  }

  /// Ten near-identical copies of the most uncertain point, plus spread-out points: entropy
  /// alone queries the copies; diversified entropy queries distinct points.
  func duplicatesModel() -> FixedQueryModel {
    var logits: [[Float]] = [], features: [[Float]] = []
    for k in 0..<10 {  // the copies: p ≈ [0.5, 0.5], features ≈ (0, 0)
      logits.append([0, 0.001 * Float(k)])
      features.append([0.0001 * Float(k), 0])
    }
    for k in 0..<30 {  // less uncertain, spread out on a circle
      let angle = Float(k) * 0.2
      logits.append([0, 0.2 + 0.01 * Float(k)])
      features.append([cos(angle) * 5, sin(angle) * 5])
    }
    return FixedQueryModel(logits: logits, features: features)
  }

  func testDiversifyAvoidsNearDuplicates() throws {
    let model = duplicatesModel()
    let alone = try EntropyStrategy().select(context(model, step: 5))
    XCTAssertTrue(alone.indices.allSatisfy { $0 < 10 }, "entropy alone takes the copies")
    for method in DiversityMethod.allCases {
      let diverse = try DiversifyStrategy(
        EntropyStrategy(), node: "f", method: method, poolFactor: 4
      ).select(context(model, step: 5))
      XCTAssertEqual(diverse.indices.first, alone.indices.first, "keeps the best point")
      XCTAssertEqual(diverse.indices.filter { $0 < 10 }.count, 1, "\(method): \(diverse.indices)")
      XCTAssertEqual(Set(diverse.indices).count, 5)
    }
  }

  func testDiversifyShortlistsByTheInnerScore() throws {
    // With a pool factor of 1 the shortlist is exactly the inner top-step.
    let model = duplicatesModel()
    let alone = try EntropyStrategy().select(context(model, step: 5))
    let diverse = try DiversifyStrategy(EntropyStrategy(), node: "f", poolFactor: 1)
      .select(context(model, step: 5))
    XCTAssertEqual(Set(diverse.indices), Set(alone.indices))
  }

  func testDiversifyNeedsAScoringInnerStrategy() {
    XCTAssertThrowsError(try DiversifyStrategy(CoreSetStrategy(node: "f"))) {
      XCTAssertTrue("\($0)".contains("core_set"), "\($0)")
    }
    XCTAssertThrowsError(try DiversifyStrategy(EntropyStrategy(), poolFactor: 0.5))
    // Issue 14: 1e300 × step did not convert to Int (a trap in the first query).
    XCTAssertThrowsError(try DiversifyStrategy(EntropyStrategy(), poolFactor: 1e300)) { e in
      XCTAssertEqual(
        e as? FieldError,
        FieldError("DiversifyStrategy.poolFactor", "must be at most 1073741824, found 1e+300"))
    }
  }

  func testTheLargestPoolFactorShortlistsEveryCandidate() throws {
    let model = duplicatesModel()
    let alone = try EntropyStrategy().select(context(model, step: 5))
    let widest = try DiversifyStrategy(
      EntropyStrategy(), node: "f", poolFactor: Double(SizeLimit.maximum)
    )
    .select(context(model, step: 5))
    XCTAssertEqual(Set(widest.indices).count, 5)
    XCTAssertEqual(widest.indices.first, alone.indices.first)
    XCTAssertEqual(widest.indices.filter { $0 < 10 }.count, 1, "\(widest.indices)")
  }

  func testBADGEIsSeededDistinctAndStartsAtTheLargestGradient() throws {
    let points = square(60)
    // Two-class logits from the points; point 7 made the least confident and far out.
    var logits = points.map { [$0[0] * 3, $0[1] * 3] }
    logits[7] = [0, 0.01]
    var features = points
    features[7] = [10, 10]
    let model = FixedQueryModel(logits: logits, features: features)
    let a = try BADGEStrategy().select(context(model, step: 12, seed: 5))
    let b = try BADGEStrategy().select(context(model, step: 12, seed: 5))
    XCTAssertEqual(a, b)
    XCTAssertEqual(a.indices.first, 7)
    XCTAssertEqual(Set(a.indices).count, 12)
  }

  func testBADGEDistancesMatchMaterialisedEmbeddings() throws {
    // g = (p − onehot(argmax p)) ⊗ h, checked against the explicit outer product.
    let p: [[Float]] = [[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]]
    let h: [[Float]] = [[1, 2, 0], [0, 1, 1], [3, 0, 1]]
    let space = try GradientEmbeddingPoints(
      probabilities: try Tensor(rows: p), embedding: try Tensor(rows: h), "badge")
    func g(_ i: Int) -> [Float] {
      let y = p[i][0] >= p[i][1] ? 0 : 1
      let a = p[i].enumerated().map { $0.offset == y ? $0.element - 1 : $0.element }
      return a.flatMap { ai in h[i].map { ai * $0 } }
    }
    var minimum = [Float](repeating: .infinity, count: 3)
    minimum.withUnsafeMutableBufferPointer { space.lowerMinimum($0.baseAddress!, towards: 1) }
    for i in 0..<3 {
      let d = zip(g(i), g(1)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
      XCTAssertEqual(minimum[i], d, accuracy: 1e-5)
      XCTAssertEqual(space.squaredNorms[i], g(i).map { $0 * $0 }.reduce(0, +), accuracy: 1e-5)
    }
  }

  func testBALDIsZeroForADeterministicModel() throws {
    let model = FixedQueryModel(logits: logitsOf([[0.2, 0.8], [0.5, 0.5], [0.9, 0.1]]))
    let scores = try BALDStrategy(passes: 7).scores(context(model, step: 1))
    for s in scores { XCTAssertEqual(s, 0, accuracy: 1e-6) }
  }

  func testBALDPrefersDisagreementOverUncertainty() throws {
    // Point 0: every pass says [0.5, 0.5] (uncertain, no disagreement); point 1: the passes
    // alternate between confident opposite answers (disagreement: 1 bit minus their entropy).
    let model = FixedQueryModel(logits: [[0, 0], [0, 0]]) { point, pass in
      point == 0 ? [0, 0] : (pass % 2 == 0 ? [5, -5] : [-5, 5])
    }
    let bald = try BALDStrategy(passes: 4)
    let scores = try bald.scores(context(model, step: 1))
    XCTAssertEqual(scores[0], 0, accuracy: 1e-6)
    XCTAssertGreaterThan(scores[1], 0.9)
    XCTAssertEqual(try bald.select(context(model, step: 1)).indices, [1])
    XCTAssertThrowsError(try BALDStrategy(passes: 0))
  }

  func testUserScoreFunction() throws {
    let p: [[Float]] = [[0.20, 0.60, 0.20], [0.90, 0.05, 0.05], [0.05, 0.30, 0.65]]
    let model = FixedQueryModel(logits: logitsOf(p))
    // 1 − max p written as a closure: the same choice as least confidence.
    let mine = ScoreFunctionStrategy(name: "mine") { args in
      let q = try XCTUnwrap(args.probabilities)
      return Tensor((0..<3).map { i in 1 - (0..<3).map { q.scalars[i * 3 + $0] }.max()! })
    }
    let chosen = try mine.select(context(model, step: 2))
    XCTAssertEqual(chosen.indices, [0, 2])
    assertClose(chosen.scores, [0.40, 0.35], tolerance: 5e-4)

    let wrong = ScoreFunctionStrategy(name: "wrong") { _ in Tensor([1, 2]) }
    XCTAssertThrowsError(try wrong.select(context(model, step: 1))) {
      XCTAssertEqual(
        "\($0)",
        "wrong: the score function must return one score per candidate, a tensor [3], but "
          + "returned shape [2]")
    }
    // Issue 14: a column [M, 1] was taken as M scores.
    let column = ScoreFunctionStrategy(name: "column") { _ in
      try Tensor(shape: [3, 1], [1, 2, 3])
    }
    XCTAssertThrowsError(try column.select(context(model, step: 1))) {
      XCTAssertEqual(
        "\($0)",
        "column: the score function must return one score per candidate, a tensor [3], but "
          + "returned shape [3, 1]")
    }
    let nan = ScoreFunctionStrategy(name: "nan") { _ in Tensor([1, .nan, 0]) }
    XCTAssertThrowsError(try nan.select(context(model, step: 1))) {
      XCTAssertEqual(
        "\($0)",
        "nan: the score function returned nan for candidate 1; scores must be finite numbers")
    }
  }

  func testOneInferencePassServesEveryPart() throws {
    let model = duplicatesModel()
    let strategy = try DiversifyStrategy(EntropyStrategy(), node: "f")
    let ctx = try context(model, step: 3)
    try ctx.prefetch(strategy.requirements)
    _ = try strategy.select(ctx)
    XCTAssertEqual(model.inferCalls, 1)
  }
}
