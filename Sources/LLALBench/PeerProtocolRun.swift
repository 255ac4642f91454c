import Foundation
import LLALActive

/// One cycle of a peer protocol's output: what the cycle measured and its JSON line.
protocol PeerCycleRow {
  var record: CycleRecord { get }
  var line: JSONLine { get }
}

extension PeerCycleRow {
  /// The fields every peer's cycle line starts with: bench, strategy, seed, cycle, labeled.
  func lineHead(_ bench: String) -> JSONLine {
    var l = JSONLine()
    l["bench"] = .string(bench)
    l["strategy"] = .string(record.strategy)
    l["seed"] = .int(record.seed)
    l["cycle"] = .int(record.cycle)
    l["labeled"] = .int(record.labeled)
    return l
  }

  /// Adds `nonfinite: true` to `line` when the test metric, the test loss or the final
  /// training loss is not a finite number.
  func markNonfinite(_ line: inout JSONLine) {
    let finite = [record.testAccuracy, record.testLoss, record.finalTrainLoss].allSatisfy {
      $0?.isFinite ?? false
    }
    if !finite { line["nonfinite"] = .bool(true) }
  }
}

/// One strategy's summary line over its seeds' cycles, with its wall and CPU time.
protocol PeerStrategySummary {
  associatedtype Row: PeerCycleRow
  init(strategy: String, seeds: [Int], rows: [[Row]], wall: Double, cpu: Double)
  /// The strategy's name.
  var strategy: String { get }
  /// The seeds, in run order.
  var seeds: [Int] { get }
  /// Per seed, its cycles in order.
  var rows: [[Row]] { get }
  /// Seconds of wall time and of process CPU time for every seed of the strategy.
  var wall: Double { get }
  var cpu: Double { get }
  func line(peakResidentMegabytes: Double?) -> JSONLine
}

extension PeerStrategySummary {
  /// Labeled points per cycle.
  var labeled: [Int] { (rows.first ?? []).map(\.record.labeled) }

  /// For each cycle, the values of `field` over the seeds (nil values left out).
  func perCycle(_ field: KeyPath<Row, Double?>) -> [[Double]] {
    let cycles = rows.map(\.count).min() ?? 0
    return (0..<cycles).map { c in rows.compactMap { $0[c][keyPath: field] } }
  }

  /// The mean of `field` over the seeds per cycle, rounded to `digits` decimals.
  func meanPerCycle(_ field: KeyPath<Row, Double?>, digits: Int = 4) -> [Double?] {
    perCycle(field).map { PeerValues.rounded(PeerValues.mean($0), digits) }
  }

  /// The sample standard deviation of `field` over the seeds per cycle, rounded.
  func stdPerCycle(_ field: KeyPath<Row, Double?>, digits: Int = 4) -> [Double?] {
    perCycle(field).map { PeerValues.rounded(PeerValues.sampleStd($0), digits) }
  }

  /// The mean of `field` over every seed and cycle, rounded.
  func meanOverAll(_ field: KeyPath<Row, Double?>, digits: Int = 4) -> Double? {
    PeerValues.rounded(PeerValues.mean(perCycle(field).flatMap { $0 }), digits)
  }

  /// The fields every summary line starts with: bench, strategy, seeds, labeled.
  func lineHead(_ bench: String) -> JSONLine {
    var l = JSONLine()
    l["bench"] = .string(bench)
    l["strategy"] = .string(strategy)
    l["seeds"] = .array(seeds.map { .int($0) })
    l["labeled"] = .array(labeled.map { .int($0) })
    return l
  }

  /// The fields every summary line ends with: wall and CPU seconds, peak RSS.
  func appendTimes(to l: inout JSONLine, peakResidentMegabytes: Double?) {
    l["wall_s"] = PeerValues.number(PeerValues.rounded(wall, 2))
    l["wall_s_per_seed"] = PeerValues.number(
      PeerValues.rounded(wall / Double(max(1, seeds.count)), 2))
    l["cpu_s"] = PeerValues.number(PeerValues.rounded(cpu, 2))
    l["peak_rss_mb"] = PeerValues.number(peakResidentMegabytes)
  }

  /// The peers' first markdown table: per strategy the metric ×100 per cycle as
  /// mean±std over the seeds, then wall and CPU seconds.
  static func metricTable(
    _ title: String, _ summaries: [Self], mean: KeyPath<Self, [Double?]>,
    std: KeyPath<Self, [Double?]>
  ) -> [String] {
    guard let first = summaries.first else { return [] }
    let columns = first.labeled.map(String.init).joined(separator: " | ")
    var out = [
      "", title, "| strategy | \(columns) | wall s | cpu s |",
      String(repeating: "|---", count: first.labeled.count + 3) + "|",
    ]
    for s in summaries {
      let cells = zip(s[keyPath: mean], s[keyPath: std]).map { m, d in
        PeerValues.cell(m.map { 100 * $0 }, 1) + "±" + PeerValues.cell(d.map { 100 * $0 }, 1)
      }
      out.append(
        "| \(s.strategy) | " + cells.joined(separator: " | ")
          + " | \(PeerValues.cell(s.wall, 1)) | \(PeerValues.cell(s.cpu, 1)) |")
    }
    return out
  }

  /// The head of the peers' ranking-accuracy table, `scores` naming its first column.
  static func rankingTableHead(_ title: String, scores: String, _ summaries: [Self]) -> [String] {
    guard let first = summaries.first else { return [] }
    let columns = first.labeled.map(String.init).joined(separator: " | ")
    return [
      "", title, "| \(scores) | \(columns) | mean |",
      String(repeating: "|---", count: first.labeled.count + 2) + "|",
    ]
  }

  /// A row of the ranking-accuracy table: the values per cycle and their mean.
  static func rankingRow(_ label: String, _ values: [Double?]) -> String {
    "| \(label) | " + values.map { PeerValues.cell($0, 3) }.joined(separator: " | ")
      + " | \(PeerValues.cell(PeerValues.mean(values), 3)) |"
  }
}

/// The loop `al-pose` and `al-detect` share with their peers: strategy by strategy, so
/// that each has its own wall and CPU time, then seed by seed, one session stepped to its
/// end (the initial labels depend on the seed only, as in `Experiment.run`). Every row is
/// emitted as it comes, then each strategy's summary, then the `<bench>_total` line.
enum PeerProtocolRun {
  /// Runs `experiment`, summarising each strategy as `Summary`; `step` runs the session's
  /// next cycle and makes its row.
  static func run<Summary: PeerStrategySummary>(
    _ experiment: Experiment, bench: String, summary: Summary.Type, emit: (String) -> Void,
    step: (ActiveLearningSession) throws -> Summary.Row
  ) throws -> (result: ExperimentResult, summaries: [Summary], wall: Double) {
    let e = experiment
    var result = ExperimentResult(
      strategies: e.strategies.map(\.name), seeds: e.seeds, metricName: e.task.metricName)
    var summaries: [Summary] = []
    let start = ContinuousClock.now
    for strategy in e.strategies {
      let strategyStart = ContinuousClock.now
      let cpuStart = ProcessTime.cpuSeconds()
      var rows: [[Summary.Row]] = []
      for seed in e.seeds {
        let session = try ActiveLearningSession(
          model: e.model, task: e.task, pool: e.pool, strategy: strategy, budget: e.budget,
          training: e.training, seed: seed, test: e.test)
        var seedRows: [Summary.Row] = []
        while !session.isFinished {
          let row = try step(session)
          emit(row.line.text)
          seedRows.append(row)
          result.append(row.record)
        }
        rows.append(seedRows)
      }
      let summary = Summary(
        strategy: strategy.name, seeds: e.seeds, rows: rows,
        wall: ProcessTime.seconds(since: strategyStart),
        cpu: ProcessTime.cpuSeconds() - cpuStart)
      emit(summary.line(peakResidentMegabytes: ProcessTime.peakResidentMegabytes()).text)
      summaries.append(summary)
    }
    let wall = ProcessTime.seconds(since: start)
    var total = JSONLine()
    total["bench"] = .string(bench + "_total")
    total["wall_s"] = .double((wall * 100).rounded() / 100)
    emit(total.text)
    return (result, summaries, wall)
  }
}
