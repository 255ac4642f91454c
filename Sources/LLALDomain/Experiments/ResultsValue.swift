import Foundation
import LLALActive
import LLALLanguage
import LLALRender
import LLALTensor

/// The outcome of `experiment(...)`: per strategy, seed and cycle, the test accuracy and
/// the ranking accuracies on the unlabeled pool.
///
/// Displays as the accuracy table (cycle × strategy, mean ± std over seeds): box-drawn in
/// the terminal, an HTML table on a notebook page, a pipe table in Markdown. Members:
/// `ranking` (the loss module's ranking accuracy beside entropy's), `curves` (learning
/// curves), `accuracy` (a record of mean accuracies per strategy), `labeled`, `records`,
/// `strategies`, `seeds`, and `save(path)` to `.csv` or `.json`.
final class ResultsValue: ChartConvertible, Displayable {
  /// The experiment's result.
  let result: ExperimentResult
  /// The model's name, for titles.
  let modelName: String

  /// A results value.
  init(_ result: ExperimentResult, modelName: String) {
    self.result = result
    self.modelName = modelName
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

  /// Cycle × strategy, mean ± std of the test accuracy over seeds; `mean (n=1)` for a
  /// cycle one seed reached (an interrupted experiment), which has no spread.
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
    var footer = "\(modelName), \(counted(seeds, "seed"))"
    if result.cancelled {
      footer += "; interrupted: the last cycles are missing, n counts the seeds that reached one"
    }
    return Table(
      title: "Test accuracy" + (seeds > 1 ? " (mean ± std over \(seeds) seeds)" : ""),
      headers: ["cycle", "labeled"] + summaries.map(\.strategy), rows: rows,
      alignments: Array(repeating: .right, count: 2 + summaries.count), footer: footer)
  }

  /// The loss module's ranking accuracy per cycle beside entropy's.
  var rankingTable: Table {
    let ranking = result.ranking
    let rows = ranking.rows.map { row in
      ["\(row.scorer) (\(row.strategy))"] + row.values.map { $0.map { Self.format($0, 3) } ?? "—" }
    }
    return Table(
      title: "Ranking accuracy on the unlabeled pool (mean over seeds)",
      headers: ["scores (run)"] + ranking.labeled.map(String.init), rows: rows,
      footer: "the fraction of pairs of unlabeled points ordered as their true losses are")
  }

  /// The learning curves, what `plot(r)` draws.
  func chart() throws -> Chart { curves }

  /// Learning curves: mean test accuracy against labeled count, ± std bands (none where
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
      kind: .line, title: "Test accuracy, \(modelName)", xLabel: "labeled", yLabel: "accuracy",
      series: series)
  }

  var memberNames: [String] {
    ["ranking", "curves", "accuracy", "labeled", "records", "strategies", "seeds", "save"]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "ranking": return .host(TableValue(rankingTable, typeName: "ranking"))
    case "curves": return .host(ChartValue(curves))
    case "accuracy":
      return .record(
        Record(result.summaries.map { ($0.strategy, .list($0.accuracyMean.map { .float($0) })) }))
    case "labeled": return .list(labeled.map { .int($0) })
    case "records": return .list(result.records.map { .record(CycleRecords.record($0)) })
    case "strategies": return .list(result.strategies.map { .string($0) })
    case "seeds": return .list(result.seeds.map { .int($0) })
    case "save":
      return .function(FunctionValue(.method(ResultsValue.saveMethod, receiver: .host(self))))
    default: return nil
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
  /// The columns of the results CSV, in order.
  static let columns = [
    "strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss", "entropy_rank_acc",
    "margin_rank_acc", "lc_rank_acc", "lpm_rank_acc", "entropy_kendall_tau", "lpm_kendall_tau",
    "cycle_s", "train_s",
  ]

  /// The record's fields as the CSV has them (`none` where a value does not apply), with
  /// `chosen` as a list.
  static func record(_ r: CycleRecord) -> Record {
    let given = Dictionary(r.fields.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
    var fields: [(name: String, value: Value)] = columns.map { ($0, given[$0].map(value) ?? .none) }
    fields.append(("chosen", .list(r.chosen.map { .int($0) })))
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
