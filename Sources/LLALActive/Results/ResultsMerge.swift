/// Results of one experiment written in parts — one file per (strategy, seed) job, as an
/// exported PyTorch project writes them, or any split — merged into one result, as if the
/// experiment had run them all: strategies in order of first appearance, seeds ascending,
/// records ordered seed by seed, strategy by strategy, cycle by cycle.
///
/// The parts must measure the same metric, hold each run once, and share the cycle grid
/// (the labeled count of every cycle); a part that was cancelled may hold fewer cycles.
/// Each refusal is a `ResultFileError` about the part that disagrees, naming the other.
public enum ResultsMerge {
  /// One part: the file it came from and its result.
  public typealias Part = (path: String, result: ExperimentResult)

  /// The merged result of `parts` (at least one).
  public static func merge(_ parts: [Part]) throws -> ExperimentResult {
    var strategies: [String] = []
    var seeds = Set<Int>()
    var runs: [Run] = []
    var owner: [String: Run] = [:]
    for part in parts {
      let r = part.result
      for s in r.strategies where !strategies.contains(s) { strategies.append(s) }
      seeds.formUnion(r.seeds)
      if let first = runs.first, let record = r.records.first,
        record.metricName != first.records[0].metricName
      {
        throw ResultFileError(
          path: part.path,
          "measures \(record.metricName), but \(first.path) measures "
            + first.records[0].metricName)
      }
      for s in r.strategies {
        for seed in r.seeds {
          let records = r.records(strategy: s, seed: seed)
          guard !records.isEmpty else { continue }
          let run = Run(path: part.path, strategy: s, seed: seed, records: records,
            cancelled: r.cancelled)
          if let other = owner[run.key] {
            throw ResultFileError(
              path: part.path, "holds \(run.name), which \(other.path) holds too")
          }
          try run.checkCycles()
          owner[run.key] = run
          runs.append(run)
        }
      }
    }
    try checkGrid(runs)
    let seedList = seeds.sorted()
    let records = seedList.flatMap { seed in
      strategies.flatMap { s in owner["\(s)\u{0}\(seed)"]?.records ?? [] }
    }
    return ExperimentResult(
      strategies: strategies, seeds: seedList, records: records,
      cancelled: parts.contains { $0.result.cancelled },
      metricName: runs.first?.records[0].metricName ?? parts.first?.result.metricName
        ?? "accuracy")
  }

  /// Every run labels the same counts at the same cycles as the longest; only a
  /// cancelled run may stop early.
  private static func checkGrid(_ runs: [Run]) throws {
    guard let longest = runs.max(by: { $0.records.count < $1.records.count }) else { return }
    let grid = longest.labeled
    for run in runs {
      let mine = run.labeled
      guard Array(grid.prefix(mine.count)) == mine else {
        throw ResultFileError(
          path: run.path,
          "has another cycle grid: its \(run.name) labels \(list(mine)) at cycles 1–"
            + "\(mine.count), but \(longest.path)'s \(longest.name) labels \(list(grid))")
      }
      guard mine.count == grid.count || run.cancelled else {
        throw ResultFileError(
          path: run.path,
          "has another budget: its \(run.name) ran \(mine.count) cycles, but "
            + "\(longest.path)'s \(longest.name) ran \(grid.count)")
      }
    }
  }

  private static func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: ", ") }

  /// One run of a part.
  private struct Run {
    let path: String
    let strategy: String
    let seed: Int
    /// Its records, by cycle.
    let records: [CycleRecord]
    let cancelled: Bool

    var key: String { "\(strategy)\u{0}\(seed)" }
    var name: String { "\(strategy), seed \(seed)" }
    var labeled: [Int] { records.map(\.labeled) }

    /// Cycles 1, 2, … without a gap or a repeat.
    func checkCycles() throws {
      for (i, r) in records.enumerated() where r.cycle != i {
        throw ResultFileError(
          path: path,
          "holds cycles of \(name) that are not 1, 2, 3, …: cycle \(r.number) where cycle "
            + "\(i + 1) belongs")
      }
    }
  }
}
