import Foundation
import LLALTensor

/// The results of an experiment (strategies × seeds × cycles) as a value: the per-cycle
/// records, summaries per strategy, the ranking-accuracy table, and CSV / JSON export.
///
/// A cancelled experiment keeps every finished cycle; `cancelled` says it stopped early.
public struct ExperimentResult: Equatable, Sendable {
  /// Strategy names, in the order given.
  public let strategies: [String]
  /// Seeds, in the order given.
  public let seeds: [Int]
  /// Every finished cycle of every run.
  public private(set) var records: [CycleRecord]
  /// Whether the experiment was cancelled before all runs finished.
  public var cancelled: Bool
  /// The task's headline metric (`accuracy`, `rmse`, `pck`), which `testAccuracy` holds.
  public let metricName: String

  /// A result over `strategies` and `seeds` holding `records` whose headline metric is
  /// `metricName`.
  public init(
    strategies: [String], seeds: [Int], records: [CycleRecord] = [], cancelled: Bool = false,
    metricName: String = "accuracy"
  ) {
    self.strategies = strategies
    self.seeds = seeds
    self.metricName = metricName
    self.records = records
    self.cancelled = cancelled
  }

  /// Adds a finished cycle.
  public mutating func append(_ record: CycleRecord) { records.append(record) }

  /// The records of one run, by cycle.
  public func records(strategy: String, seed: Int) -> [CycleRecord] {
    records.filter { $0.strategy == strategy && $0.seed == seed }.sorted { $0.cycle < $1.cycle }
  }

  /// One summary per strategy that has records, in strategy order.
  public var summaries: [StrategySummary] {
    strategies.filter { s in records.contains { $0.strategy == s } }
      .map { StrategySummary(strategy: $0, records: records) }
  }

  /// The summary of `strategy`, if it has records.
  public func summary(_ strategy: String) -> StrategySummary? {
    summaries.first { $0.strategy == strategy }
  }

  /// Ranking accuracy, τ-b and ρ per cycle (mean and std over seeds): the loss module's
  /// for each strategy that trained one, then entropy's for every strategy.
  public var ranking: RankingTable { RankingTable(summaries, records: records) }

  /// Each distinct health warning with the runs and cycles that carry it, in order of
  /// first appearance (`"learning_loss seed 0 cycles 1, 2: …"`, cycles counted from 1).
  public var warnings: [String] {
    var order: [String] = []
    var sites: [String: [(run: String, cycle: Int)]] = [:]
    for r in records {
      for w in r.warnings {
        if sites[w] == nil { order.append(w) }
        sites[w, default: []].append(("\(r.strategy) seed \(r.seed)", r.cycle + 1))
      }
    }
    return order.map { w in
      var runs: [String] = []
      var cycles: [String: [Int]] = [:]
      for s in sites[w] ?? [] {
        if cycles[s.run] == nil { runs.append(s.run) }
        cycles[s.run, default: []].append(s.cycle)
      }
      let where_ = runs.map { run in
        let cs = cycles[run] ?? []
        return "\(run) cycle\(cs.count == 1 ? "" : "s") "
          + cs.map(String.init).joined(separator: ", ")
      }
      return where_.joined(separator: "; ") + ": " + w
    }
  }

  // MARK: Export

  /// The records as CSV: a header of the peer's field names, one row per cycle, and the
  /// chosen indices space-separated in the last column.
  public func csv() -> String {
    let columns = records.first?.columns ?? CycleRecord.classificationColumns
    var lines = [(columns + ["chosen"]).joined(separator: ",")]
    for r in records {
      let fields = Dictionary(r.fields, uniquingKeysWith: { a, _ in a })
      var cells = columns.map { key -> String in
        switch fields[key] {
        case .none, .some(.null): return ""
        case .some(.string(let s)): return Self.csvCell(s)
        case .some(let v): return v.text
        }
      }
      cells.append(r.chosen.map(String.init).joined(separator: " "))
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The whole result as one JSON document: strategies, seeds, whether cancelled, the
  /// records (with chosen indices) and the per-strategy summaries.
  public func json() -> String {
    ResultJSON.object([
      ("strategies", .array(strategies.map { .string($0) })),
      ("seeds", .array(seeds.map { .int($0) })),
      ("cancelled", .bool(cancelled)),
      ("records", .array(records.map(\.json))),
      ("summaries", .array(summaries.map { .object($0.fields) })),
    ]).text + "\n"
  }

  /// Writes CSV (a path ending in `.csv`) or JSON (`.json`) atomically (`AtomicFile`: a
  /// temporary file in the same folder renamed over `path`). Throws `ActiveLearningError`
  /// for another extension and `FileError` when the file cannot be written.
  public func save(to path: String) throws {
    let text: String
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "csv": text = csv()
    case "json": text = json()
    default:
      throw ActiveLearningError("save", "'\(path)' should end in .csv or .json")
    }
    try AtomicFile.write(text, to: path)
  }

  private static func csvCell(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Equal strategies, seeds, records and cancellation.
  public static func == (a: ExperimentResult, b: ExperimentResult) -> Bool {
    a.strategies == b.strategies && a.seeds == b.seeds && a.records == b.records
      && a.cancelled == b.cancelled && a.metricName == b.metricName
  }
}
