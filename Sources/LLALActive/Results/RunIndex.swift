/// The records of an experiment by run (strategy × seed) and cycle, for the paired
/// statistics: which seeds two strategies share, how far every run got, and one run's value
/// of a metric at a cycle.
struct RunIndex {
  private struct Run: Hashable {
    let strategy: String
    let seed: Int
  }

  private var byRun: [Run: [Int: CycleRecord]] = [:]
  /// Seeds in the experiment's order.
  private let seedOrder: [Int]

  /// The index of `result`'s records.
  init(_ result: ExperimentResult) {
    seedOrder = result.seeds
    for r in result.records {
      byRun[Run(strategy: r.strategy, seed: r.seed), default: [:]][r.cycle] = r
    }
  }

  /// The seeds with a run of every strategy in `strategies`, in the experiment's order.
  func sharedSeeds(_ strategies: [String]) -> [Int] {
    seedOrder.filter { seed in strategies.allSatisfy { byRun[Run(strategy: $0, seed: seed)] != nil }
    }
  }

  /// The last cycle c such that cycles 0…c are finished in every run of `strategies` over
  /// `seeds`; nil when some run has not finished cycle 0 (or there are no runs).
  func lastCommonCycle(_ strategies: [String], seeds: [Int]) -> Int? {
    var last: Int?
    for strategy in strategies {
      for seed in seeds {
        guard let cycles = byRun[Run(strategy: strategy, seed: seed)] else { return nil }
        var c = -1
        while cycles[c + 1] != nil { c += 1 }
        guard c >= 0 else { return nil }
        last = min(last ?? c, c)
      }
    }
    return last
  }

  /// The labeled counts of the first run of `strategies` at cycle 0 and at `last` (every
  /// run of an experiment follows the same budget).
  func labeledRange(_ strategies: [String], last: Int) -> ClosedRange<Int>? {
    for strategy in strategies {
      for seed in sharedSeeds([strategy]) {
        if let first = record(strategy, seed: seed, cycle: 0),
          let end = record(strategy, seed: seed, cycle: last), first.labeled <= end.labeled
        {
          return first.labeled...end.labeled
        }
      }
    }
    return nil
  }

  /// The record of one run at `cycle`.
  func record(_ strategy: String, seed: Int, cycle: Int) -> CycleRecord? {
    byRun[Run(strategy: strategy, seed: seed)]?[cycle]
  }

  /// `metric` of one run at `cycle`, if recorded and finite.
  func value(
    _ strategy: String, seed: Int, cycle: Int, metric: KeyPath<CycleRecord, Double?>
  ) -> Double? {
    guard let v = record(strategy, seed: seed, cycle: cycle)?[keyPath: metric], v.isFinite
    else { return nil }
    return v
  }

  /// One run's AUBC of `metric` over cycles 0…`last`; nil if a value is missing.
  func aubc(
    _ strategy: String, seed: Int, last: Int, metric: KeyPath<CycleRecord, Double?>
  ) -> Double? {
    var labeled: [Int] = []
    var values: [Double] = []
    for cycle in 0...last {
      guard let r = record(strategy, seed: seed, cycle: cycle),
        let v = value(strategy, seed: seed, cycle: cycle, metric: metric)
      else { return nil }
      labeled.append(r.labeled)
      values.append(v)
    }
    return BudgetCurve.area(labeled: labeled, values: values)
  }
}
