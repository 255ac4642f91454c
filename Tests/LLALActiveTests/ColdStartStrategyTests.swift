import Foundation
import LLALTensor
import XCTest

@testable import LLALActive

/// TypiClust and ProbCover on small generated sets, with their defining behaviour: one
/// typical point per dense cluster, and greedy coverage of the δ-ball graph.
final class ColdStartStrategyTests: XCTestCase {
  static let centres: [[Float]] = [[0, 0], [10, 0], [0, 10], [10, 10]]

  /// Four dense blobs of 30 points (σ = 0.3) at `centres`, then 8 sparse points spread
  /// over the square around them; the blob of point i is i / 30 for i < 120.
  func blobs() -> [[Float]] {
    var g = RandomGenerator(seed: 3)
    var points: [[Float]] = []
    for c in Self.centres {
      for _ in 0..<30 {
        points.append([c[0] + 0.3 * g.nextNormal(), c[1] + 0.3 * g.nextNormal()])
      }
    }
    for _ in 0..<8 { points.append([-2 + 14 * g.nextUniform(), -2 + 14 * g.nextUniform()]) }
    return points
  }

  func testTypiClustPicksOneTypicalPointPerDenseCluster() throws {
    let points = blobs()
    let model = FixedQueryModel(logits: points, features: points)
    let strategy = try TypiClustStrategy(features: .node("f"))
    let chosen = try strategy.select(context(model, step: 4))
    XCTAssertEqual(chosen.indices.count, 4)
    // One pick per blob, none of the sparse points, each near its blob's centre.
    XCTAssertEqual(Set(chosen.indices.map { $0 / 30 }), [0, 1, 2, 3], "\(chosen.indices)")
    for i in chosen.indices {
      let c = Self.centres[i / 30]
      let d = zip(points[i], c).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
      XCTAssertLessThan(d, 0.5, "pick \(i) at \(points[i])")
    }
    // Deterministic for one seed; the inputs give the same points here.
    XCTAssertEqual(try strategy.select(context(model, step: 4)), chosen)
    let onInputs = try TypiClustStrategy(features: .inputs).select(context(model, step: 4))
    XCTAssertEqual(onInputs, chosen)
  }

  func testTypiClustTakesTheLeastCoveredClustersFirst() throws {
    // A labeled point in blob 0: with K = 1 + 3 = 4 clusters the three picks are the
    // other blobs.
    let points = blobs()
    let model = FixedQueryModel(logits: points, features: points)
    let chosen = try TypiClustStrategy(features: .node("f")).select(
      context(model, step: 3, labeled: [5]))
    XCTAssertEqual(Set(chosen.indices.map { $0 / 30 }), [1, 2, 3], "\(chosen.indices)")
  }

  func testTypicalityByHand() {
    // Values 0, 1, 2, 4: k = min(20, 4/2) = 2 neighbours.
    // 0: distances 1, 2, 4 → mean of the two nearest 1.5; 1: 1, 1, 3 → 1;
    // 2: 2, 1, 2 → 1.5; 4: 4, 3, 2 → 2.5. typicality = 1 / (mean + 1e-5).
    let t = TypiClustStrategy.typicality(of: [0, 1, 2, 3], [0, 1, 2, 4], 1)
    let expected: [Float] = [1.5, 1, 1.5, 2.5].map { 1 / ($0 + 1e-5) }
    for (a, b) in zip(t, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    XCTAssertEqual(TypiClustStrategy.typicality(of: [0], [3], 1), [0])
  }

  func testTypiClustRefusesNoClusters() {
    XCTAssertThrowsError(try TypiClustStrategy(features: .inputs, maxClusters: 0)) {
      XCTAssertEqual(
        "\($0)", "TypiClustStrategy.maxClusters must be at least 1, found 0")
    }
  }

  /// Points on a line: 0 1 2 3 | 10 11 | 20, δ = 1.5, so the balls are {0,1}, {0,1,2},
  /// {1,2,3}, {2,3}, {10,11}, {10,11}, {20}.
  let line: [[Float]] = [[0], [1], [2], [3], [10], [11], [20]]

  /// The fraction of `points` within δ of a chosen point.
  func coverage(_ points: [[Float]], _ chosen: [Int], _ delta: Float) -> Double {
    let covered = points.filter { p in chosen.contains { abs(points[$0][0] - p[0]) < delta } }
    return Double(covered.count) / Double(points.count)
  }

  func testProbCoverIsGreedyMaximumCoverage() throws {
    let model = FixedQueryModel(logits: line, features: line)
    let strategy = try ProbCoverStrategy(features: .node("f"), delta: 1.5)
    // Greedy by hand: 1 covers {0,1,2} (3 points; 2 ties and comes later), then 10
    // covers {10,11} (2), then 2 covers {3} (1; ties with 3 and 20).
    let three = try strategy.select(context(model, step: 3))
    XCTAssertEqual(three.indices, [1, 4, 2])
    XCTAssertEqual(three.scores, [3, 2, 1])
    // Three balls cover at most 6 of 7 points (0…3 needs two balls, 10–11 and 20 one
    // each), so greedy reaches the optimum 6/7 here.
    XCTAssertEqual(coverage(line, three.indices, 1.5), 6.0 / 7.0, accuracy: 1e-12)
    let four = try strategy.select(context(model, step: 4))
    XCTAssertEqual(four.indices, [1, 4, 2, 6])
    XCTAssertEqual(coverage(line, four.indices, 1.5), 1)
  }

  func testProbCoverStartsFromWhatTheLabeledPointsCover() throws {
    // Labeled 0 covers {0, 1}: candidate 2's ball {1,2,3} has 2 uncovered points, as do
    // 3, 10 and 11; 2 comes first.
    let model = FixedQueryModel(logits: line, features: line)
    let chosen = try ProbCoverStrategy(features: .inputs, delta: 1.5).select(
      context(model, step: 1, labeled: [0]))
    XCTAssertEqual(chosen.indices, [2])
    XCTAssertEqual(chosen.scores, [2])
  }

  func testProbCoverFallsBackToASeededDrawWhenAllIsCovered() throws {
    let model = FixedQueryModel(logits: line, features: line)
    let strategy = try ProbCoverStrategy(features: .node("f"), delta: 1.5)
    let six = try strategy.select(context(model, step: 6, seed: 11))
    XCTAssertEqual(Array(six.indices.prefix(4)), [1, 4, 2, 6])
    XCTAssertEqual(six.scores, [3, 2, 1, 1, 0, 0])
    // The last two are drawn from {0, 3, 5} with the context's seed.
    XCTAssertEqual(Set(six.indices).count, 6)
    XCTAssertTrue(Set(six.indices.suffix(2)).isSubset(of: [0, 3, 5]), "\(six.indices)")
    XCTAssertEqual(try strategy.select(context(model, step: 6, seed: 11)), six)
  }

  func testProbCoverRefusesABadRadius() {
    for bad in [0, -1, Double.nan, .infinity] {
      XCTAssertThrowsError(try ProbCoverStrategy(features: .inputs, delta: bad)) {
        XCTAssertEqual(
          "\($0)",
          "ProbCoverStrategy.delta must be a positive finite number, found \(describeNumber(bad))")
      }
    }
  }
}
