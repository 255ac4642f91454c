import LLALActive
import LLALLanguage
import LLALRender

/// `r.ranking`: how well the loss module and entropy ranked the unlabeled pool by true
/// loss, per cycle — ranking accuracy, Kendall's τ-b and Spearman's ρ, mean ± std over
/// seeds — with the tie rule and the runs' warnings in its footer. `plot(r.ranking)`
/// draws the ranking accuracy against the labeled count, ± std bands.
final class RankingValue: ChartConvertible, Displayable {
  /// The measurements.
  let ranking: RankingTable
  /// The results' health warnings.
  let warnings: [String]
  /// The number of seeds.
  let seeds: Int

  /// The ranking of `result`.
  init(_ result: ExperimentResult) {
    ranking = result.ranking
    warnings = result.warnings
    seeds = result.seeds.count
  }

  var typeName: String { "ranking" }

  var table: Table {
    let rows = ranking.rows.map { row -> [String] in
      let cells = zip(row.values, row.std).map { mean, std -> String in
        guard let mean else { return "—" }
        let m = ResultsValue.format(mean, 3)
        return std.map { "\(m) ± \(ResultsValue.format($0, 3))" } ?? m
      }
      return ["\(row.scorer) (\(row.strategy))", row.measure.rawValue] + cells
    }
    return Table(
      title: "Ranking on the unlabeled pool (mean"
        + (seeds > 1 ? " ± std over \(seeds) seeds)" : ", 1 seed)"),
      headers: ["scores (run)", "measure"] + ranking.labeled.map(String.init), rows: rows,
      footer: ([RankingTable.legend] + warnings.map { "warning: " + $0 }).joined(separator: "; "))
  }

  var description: String { table.text(style: .box) }
  func terminalText(width: Int, color: Bool) -> String { TableValue.fitted(table, width: width) }
  func markdown() -> String? { table.markdown() }
  func rendering(_ format: DisplayFormat) -> String? { format == .html ? table.html() : nil }

  /// Ranking accuracy per cycle, one line per (scorer, run), ± std bands.
  func chart() throws -> Chart {
    let series = ranking.rows.filter { $0.measure == .rankingAccuracy }.map { row in
      let points = zip(ranking.labeled, zip(row.values, row.std)).compactMap {
        n, v -> (x: Double, y: Double, std: Double)? in
        v.0.map { (Double(n), $0, v.1 ?? 0) }
      }
      return Series(
        name: "\(row.scorer) (\(row.strategy))", points: points.map { (x: $0.x, y: $0.y) },
        std: seeds > 1 ? points.map(\.std) : nil)
    }
    return Chart(
      kind: .line, title: "Ranking accuracy on the unlabeled pool (\(RankingAgreement.tieRule))",
      xLabel: "labeled", yLabel: "ranking accuracy", series: series)
  }

  var memberNames: [String] { ["headers", "rows", "title"] }

  func member(_ name: String) throws -> Value? {
    try TableValue(table, typeName: typeName).member(name)
  }
}
