/// The pairwise penalty matrix of Ash et al. (BADGE, ICLR 2020), as Zhan et al. use it in
/// "A comparative survey of deep active learning" (DeepAL+, 2022).
///
/// For every cycle and every ordered pair (i, j) of strategies, the metric's differences
/// dₛ = mᵢ(s) − mⱼ(s) over the seeds s where both runs reached the cycle go through a
/// two-sided paired t-test. Strategy i *beats* j at that cycle when the test rejects at α
/// (p < α, 0.05 by default) and the mean difference is positive. `wins[i][j]` counts the
/// cycles where row i beat column j, so the matrix reads by rows ("how often this strategy
/// won") and by columns ("how often it lost"); `columnMeans[j]`, the mean of column j over
/// all rows with the diagonal as 0 (as BADGE's script plots it), is lower for better
/// strategies.
///
/// Differences from the BADGE script: every cycle is tested (BADGE stops once random
/// reaches 99% of its final accuracy), all paired seeds are used (BADGE keeps at most 5),
/// and a cell counts cycles instead of adding 1 / (number of cycles) per win — divide by
/// `testedCycles` for that normalisation. A cycle where fewer than 2 seeds pair is not
/// tested. Cycle 0 normally adds nothing: every strategy trains the same initial labels
/// from the same weights per seed, so the differences are all zero and p = 1.
public struct PenaltyMatrix: Equatable, Sendable {
  /// The strategies, in the order of rows and columns.
  public let strategies: [String]
  /// The significance level of each test.
  public let alpha: Double
  /// Labeled points per cycle, for the cycles considered (0 through the last cycle any run
  /// finished).
  public let labeled: [Int]
  /// `wins[i][j]`: the cycles where strategy i beat strategy j; 0 on the diagonal.
  public let wins: [[Int]]
  /// `testedCycles[i][j]`: the cycles where i and j had at least 2 paired seeds.
  public let testedCycles: [[Int]]
  /// The fewest paired seeds in any tested cycle and pair; 0 when nothing was tested.
  public let minimumSeeds: Int

  /// The mean of each column over all rows (diagonal included as 0): how often the column
  /// strategy lost, per opponent. Lower is better.
  public var columnMeans: [Double] {
    let k = Double(max(strategies.count, 1))
    return strategies.indices.map { j in Double(wins.reduce(0) { $0 + $1[j] }) / k }
  }

  /// The cycles where row `i` beat column `j`, by name; nil for an unknown name.
  public func wins(_ i: String, over j: String) -> Int? {
    guard let r = strategies.firstIndex(of: i), let c = strategies.firstIndex(of: j) else {
      return nil
    }
    return wins[r][c]
  }
}

extension ExperimentResult {
  /// The penalty matrix of `metric` (test accuracy by default) over the strategies that
  /// have records, at significance level `alpha`.
  public func penaltyMatrix(
    metric: KeyPath<CycleRecord, Double?> = \.testAccuracy, alpha: Double = 0.05
  ) -> PenaltyMatrix {
    let index = RunIndex(self)
    let names = strategies.filter { s in records.contains { $0.strategy == s } }
    let cycles = (records.map(\.cycle).max() ?? -1) + 1
    let labeled = (0..<cycles).map { c in records.first { $0.cycle == c }?.labeled ?? 0 }
    let k = names.count
    var wins = Array(repeating: Array(repeating: 0, count: k), count: k)
    var tested = wins
    var fewest: Int?
    for cycle in 0..<cycles {
      for i in 0..<k {
        for j in 0..<k where i != j {
          var d: [Double] = []
          for seed in index.sharedSeeds([names[i], names[j]]) {
            if let a = index.value(names[i], seed: seed, cycle: cycle, metric: metric),
              let b = index.value(names[j], seed: seed, cycle: cycle, metric: metric)
            {
              d.append(a - b)
            }
          }
          let test = PairedTTest(differences: d)
          guard let p = test.pValue else { continue }
          tested[i][j] += 1
          fewest = min(fewest ?? test.n, test.n)
          if p < alpha && test.meanDifference > 0 { wins[i][j] += 1 }
        }
      }
    }
    return PenaltyMatrix(
      strategies: names, alpha: alpha, labeled: labeled, wins: wins, testedCycles: tested,
      minimumSeeds: fewest ?? 0)
  }
}
