import LLALActive
import LLALLanguage
import LLALRender

/// `r.aubc`: the area under the budget curve of every run, per strategy and seed, with the
/// mean ± std over seeds (`ExperimentResult.aubc()`).
///
/// Displays as a table (a row per strategy, a column per seed, mean ± std last). Members:
/// `mean` and `std` (records by strategy), `values` (a record of per-seed lists),
/// `strategies`, `seeds`.
final class AUBCValue: Displayable {
  /// The areas.
  let areas: AUBCTable
  /// The experiment's seeds, the table's columns.
  let seeds: [Int]

  /// The AUBC of `result`'s test accuracy.
  init(_ result: ExperimentResult) {
    areas = result.aubc()
    seeds = result.seeds
  }

  var typeName: String { "aubc" }

  var description: String { table.text(style: .box) }

  func terminalText(width: Int, color: Bool) -> String { TableValue.fitted(table, width: width) }

  func markdown() -> String? { table.markdown() }

  func rendering(_ format: DisplayFormat) -> String? { format == .html ? table.html() : nil }

  /// A row per strategy: the area of each seed's run, then mean ± std.
  var table: Table {
    let rows = areas.rows.map { row -> [String] in
      let bySeed = Dictionary(uniqueKeysWithValues: zip(row.seeds, row.values))
      return [row.strategy] + seeds.map { bySeed[$0].map { ResultsValue.format($0, 4) } ?? "—" }
        + [Self.meanStd(row)]
    }
    return Table(
      title: "Area under the budget curve (test accuracy)",
      headers: ["strategy"] + seeds.map { "seed \($0)" } + ["mean ± std"], rows: rows,
      footer: span(areas))
  }

  /// `0.7123 ± 0.0100` (`digits` decimals), or the mean alone for one seed.
  static func meanStd(_ row: AUBCTable.Row, digits: Int = 4) -> String {
    let mean = ResultsValue.format(row.mean, digits)
    guard row.seeds.count > 1 else { return mean }
    return "\(mean) ± \(ResultsValue.format(row.standardDeviation, digits))"
  }

  /// What the areas span: `mean height of each accuracy curve over labeled 20–60 …`.
  func span(_ areas: AUBCTable) -> String {
    guard let labeled = areas.labeled else { return "no run has finished its first cycle" }
    return "mean height of each accuracy curve over labeled \(labeled.lowerBound)–"
      + "\(labeled.upperBound) (trapezoid rule), the same cycles for every run"
  }

  var memberNames: [String] { ["mean", "std", "values", "strategies", "seeds"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "mean": return .record(Record(areas.rows.map { ($0.strategy, .float($0.mean)) }))
    case "std":
      return .record(Record(areas.rows.map { ($0.strategy, .float($0.standardDeviation)) }))
    case "values":
      return .record(Record(areas.rows.map { ($0.strategy, .list($0.values.map { .float($0) })) }))
    case "strategies": return .list(areas.rows.map { .string($0.strategy) })
    case "seeds": return .list(seeds.map { .int($0) })
    default: return nil
    }
  }
}
