extension ExperimentResult {
  /// Fewer seeds than this earn the results a warning line.
  public static let recommendedSeeds = 5

  /// One line for under the results when fewer than `recommendedSeeds` seeds have records,
  /// saying how many and what that means; nil with enough seeds or no records.
  public var fewSeedsNote: String? {
    let n = Set(records.map(\.seed)).count
    guard n > 0, n < Self.recommendedSeeds else { return nil }
    let wilcoxon = WilcoxonSignedRank.minimumSampleSize(alpha: 0.05)
    let advice =
      "use \(Self.recommendedSeeds) or more (\(wilcoxon) before a Wilcoxon test can reach "
      + "p < 0.05)"
    if n == 1 {
      return "only 1 seed: no seed-to-seed spread is measured, so no difference can be "
        + "tested; " + advice
    }
    return "only \(n) seeds: differences smaller than the seed-to-seed spread cannot be told "
      + "from noise; " + advice
  }
}
