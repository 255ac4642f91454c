extension ExperimentResult {
  /// Where the budget's stopping rule fired in each run, as one line under the results
  /// table, or nil when the runs had no rule: `stabilizing predictions would stop: entropy
  /// at cycle 4 (40 labeled); random at cycles 3, — (seeds 0, 1)`, a dash for a seed whose
  /// run spent its budget (or stopped early) before the rule fired.
  public var stoppingNote: String? {
    guard records.contains(where: { $0.wouldStop != nil }) else { return nil }
    let parts = strategies.map { strategy -> String in
      let stops = seeds.map { seed in
        records(strategy: strategy, seed: seed).first { $0.wouldStop == true }
      }
      if stops.allSatisfy({ $0 == nil }) { return "\(strategy) not within the budget" }
      if seeds.count == 1, let stop = stops[0] {
        return "\(strategy) at cycle \(stop.number) (\(stop.labeled) labeled)"
      }
      return "\(strategy) at cycles "
        + stops.map { $0.map { String($0.number) } ?? "—" }.joined(separator: ", ")
        + " (seeds \(seeds.map(String.init).joined(separator: ", ")))"
    }
    return "stabilizing predictions would stop: " + parts.joined(separator: "; ")
  }
}
