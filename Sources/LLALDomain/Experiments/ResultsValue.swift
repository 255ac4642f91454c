import Foundation
import LLALActive
import LLALLanguage
import LLALRender
import LLALTensor

/// The outcome of `experiment(...)`: per strategy, seed and cycle, the task's test metric
/// (accuracy, PCK, RMSE) and the ranking accuracies on the unlabeled pool.
///
/// Displays as the metric table (cycle × strategy, mean ± std over seeds): box-drawn in
/// the terminal, an HTML table on a notebook page, a pipe table in Markdown. Members:
/// `ranking` (the loss module's ranking accuracy beside entropy's), `curves` (learning
/// curves), `metric` (a record of the mean metric per strategy; `accuracy` for
/// classification), `labeled`, `records`, `strategies`, `seeds`, `save(path)` to `.csv`
/// or `.json`, and the comparisons `aubc`, `compare(a, b)` and `penalty`
/// (ResultsStatistics.swift).
final class ResultsValue: ChartConvertible, Displayable {
  /// The experiment's result.
  let result: ExperimentResult
  /// The model's name, for titles.
  let modelName: String
  /// The strategy the footer measures the others against; nil for none.
  let baseline: String?
  /// The experiment and its kept weights, for `run(strategy, seed)`; nil for none.
  var runs: FinishedRuns?

  /// A results value whose footer measures strategies against `baseline`.
  init(_ result: ExperimentResult, modelName: String, baseline: String? = "random") {
    self.result = result
    self.modelName = modelName
    self.baseline = baseline
  }

  var typeName: String { "results" }

  var description: String { accuracyTable.text(style: .box) }

  func rendering(_ format: DisplayFormat) -> String? {
    format == .html ? accuracyTable.html() : nil
  }

  func terminalText(width: Int, color: Bool) -> String {
    TableValue.fitted(accuracyTable, width: width)
  }

  func markdown() -> String? { accuracyTable.markdown() }

  /// The labeled count of each cycle.
  var labeled: [Int] { result.summaries.first?.labeled ?? [] }

  /// Cycle × strategy, mean ± std of the test metric over seeds; `mean (n=1)` for a cycle
  /// one seed reached (an interrupted experiment), which has no spread.
  var accuracyTable: Table {
    let summaries = result.summaries
    let seeds = result.seeds.count
    var rows: [[String]] = []
    for (c, n) in labeled.enumerated() {
      var row = [String(c + 1), String(n)]
      for s in summaries {
        guard c < s.accuracyMean.count else {
          row.append("")
          continue
        }
        let mean = Self.format(s.accuracyMean[c], 3)
        guard seeds > 1 else {
          row.append(mean)
          continue
        }
        // A cycle only some seeds reached (an interrupted run) may have no spread.
        row.append(
          s.spread(atCycle: c).map { "\(mean) ± \(Self.format($0, 3))" }
            ?? "\(mean) (n=\(s.seedsPerCycle[c]))")
      }
      rows.append(row)
    }
    if !rows.isEmpty { rows.append(aubcRow) }
    var footer = "\(modelName), \(counted(seeds, "seed"))"
    if result.cancelled {
      footer += "; interrupted: the last cycles are missing, n counts the seeds that reached one"
    }
    // One line each: the model and seeds, every health warning, the comparisons.
    footer = ([footer] + result.warnings.map { "warning: " + $0 }
      + (result.stoppingNote.map { [$0] } ?? []) + statisticsFooter)
      .joined(separator: "\n")
    return Table(
      title: "Test \(result.metricName)" + (seeds > 1 ? " (mean ± std over \(seeds) seeds)" : ""),
      headers: ["cycle", "labeled"] + summaries.map(\.strategy), rows: rows,
      alignments: Array(repeating: .right, count: 2 + summaries.count), footer: footer)
  }

  /// The learning curves, what `plot(r)` draws.
  func chart() throws -> Chart { curves }

  /// Learning curves: the mean test metric against labeled count, ± std bands (none where
  /// one seed reached the cycle).
  var curves: Chart {
    let series = result.summaries.map { s in
      Series(
        name: s.strategy,
        points: zip(s.labeled, s.accuracyMean).map { (x: Double($0), y: $1) },
        std: result.seeds.count > 1
          ? s.accuracyMean.indices.map { s.spread(atCycle: $0) ?? 0 } : nil)
    }
    return Chart(
      kind: .line, title: "Test \(result.metricName), \(modelName)", xLabel: "labeled",
      yLabel: result.metricName, series: series)
  }

  /// One learning curve per strategy and seed (in the mean curves' order), what
  /// `plot(r, seeds: true)` draws.
  var seedCurves: Chart {
    let series = result.summaries.flatMap { summary in
      result.seeds.map { seed in
        Series(
          name: "\(summary.strategy) seed \(seed)",
          points: result.records(strategy: summary.strategy, seed: seed).map {
            (x: Double($0.labeled), y: $0.testAccuracy ?? .nan)
          })
      }
    }
    return Chart(
      kind: .line, title: "Test \(result.metricName) per seed, \(modelName)",
      xLabel: "labeled", yLabel: result.metricName, series: series)
  }

  var memberNames: [String] {
    ["ranking", "curves"] + (result.metricName == "accuracy" ? ["accuracy"] : [])
      + ["metric", "labeled", "records", "strategies", "seeds", "run", "save"]
      + Self.statisticsMembers
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "ranking": return .host(RankingValue(result))
    case "curves": return .host(ChartValue(curves))
    case "accuracy" where result.metricName == "accuracy", "metric":
      return .record(
        Record(result.summaries.map { ($0.strategy, .list($0.accuracyMean.map { .float($0) })) }))
    case "labeled": return .list(labeled.map { .int($0) })
    case "records": return .list(result.records.map { .record(CycleRecords.record($0)) })
    case "strategies": return .list(result.strategies.map { .string($0) })
    case "seeds": return .list(result.seeds.map { .int($0) })
    case "save":
      return .function(FunctionValue(.method(ResultsValue.saveMethod, receiver: .host(self))))
    case "run":
      return .function(FunctionValue(.method(ResultsValue.runMethod, receiver: .host(self))))
    default: return statisticsMember(name)
    }
  }

  /// `r.save("results.csv")`.
  static let saveMethod = Builtin(
    "save", [.init("path", .string)], returns: "none", receiver: "results",
    doc: """
      Writes the results to path: a .csv file with one row per strategy, seed and cycle \
      (the columns of the PyTorch peer al_digits.py), or a .json file with the records \
      and the per-strategy summaries.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let r = h as? ResultsValue else {
      throw RuntimeError("save needs results")
    }
    let path = try args.string("path")
    let ext = (path as NSString).pathExtension.lowercased()
    guard ext == "csv" || ext == "json" else {
      throw args.error("path", "must end in .csv or .json, found \"\(path)\"")
    }
    do {
      try r.result.save(to: path)
    } catch let error as FileError {
      var failure = args.error("path", "could not be written: \(error.reason)")
      failure.isIOError = true
      throw failure
    }
    return .none
  }

  /// `x` with `digits` decimals.
  static func format(_ x: Double, _ digits: Int) -> String {
    x.isFinite ? String(format: "%.\(digits)f", x) : "—"
  }
}

/// Cycle records as language records.
enum CycleRecords {
  /// The record's fields as the CSV has them (`none` where a value does not apply), then
  /// Spearman's ρ, `chosen` and `warnings` as lists.
  static func record(_ r: CycleRecord) -> Record {
    let given = Dictionary(
      (r.fields + r.extraFields).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
    var fields: [(name: String, value: Value)] = (r.columns + r.extraFields.map(\.0)).map {
      ($0, given[$0].map(value) ?? .none)
    }
    fields.append(("chosen", .list(r.chosen.map { .int($0) })))
    fields.append(("warnings", .list(r.warnings.map { .string($0) })))
    return Record(fields)
  }

  private static func value(_ json: ResultJSON) -> Value {
    switch json {
    case .null: return .none
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .number(let d): return .float(d)
    case .string(let s): return .string(s)
    case .array(let items): return .list(items.map(value))
    case .object(let fields): return .record(Record(fields.map { ($0.0, value($0.1)) }))
    }
  }
}
