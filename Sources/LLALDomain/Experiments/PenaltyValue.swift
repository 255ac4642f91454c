import LLALActive
import LLALLanguage
import LLALRender

/// `r.penalty`: the pairwise penalty matrix (`ExperimentResult.penaltyMatrix()`): for each
/// cycle and ordered pair of strategies a paired t-test over seeds at α = 0.05; a cell
/// counts the cycles where the row strategy beat the column strategy.
///
/// A table in the terminal, a coloured SVG heatmap on a notebook page. Members:
/// `strategies`, `wins` (the matrix as lists), `lost` (the column means by strategy:
/// lower is better), `svg`.
final class PenaltyValue: Displayable {
  /// The matrix.
  let matrix: PenaltyMatrix

  /// The penalty matrix of `result`'s test accuracy.
  init(_ result: ExperimentResult) { matrix = result.penaltyMatrix() }

  var typeName: String { "penalty" }

  var description: String { heatmap.table().text(style: .box) }

  func terminalText(width: Int, color: Bool) -> String {
    TableValue.fitted(heatmap.table(), width: width)
  }

  func markdown() -> String? { heatmap.table().markdown() }

  func rendering(_ format: DisplayFormat) -> String? {
    switch format {
    case .svg: return heatmap.svg()
    case .html: return heatmap.table().html()
    }
  }

  /// The matrix with an empty diagonal, the column means under it, coloured from 0 to
  /// the number of cycles.
  var heatmap: Heatmap {
    let m = matrix
    let rows = m.strategies.indices.map { i in
      Heatmap.Row(
        label: m.strategies[i],
        values: m.strategies.indices.map { j in i == j ? nil : Double(m.wins[i][j]) })
    }
    return Heatmap(
      title: "Penalty matrix: cycles where the row beat the column", corner: "beats →",
      columns: m.strategies, rows: rows,
      summary: .init(label: "mean (lost)", values: m.columnMeans),
      scale: 0...Double(max(m.labeled.count, 1)), footer: footer)
  }

  /// How the cells were counted, and what too few seeds mean.
  var footer: String {
    let m = matrix
    let cycles = counted(m.labeled.count, "cycle")
    guard m.minimumSeeds > 0 else {
      return "no cycle had 2 paired seeds: nothing was tested (\(cycles))"
    }
    let alpha = ResultsValue.format(m.alpha, 2)
    return "paired t-test per cycle at α = \(alpha) over \(m.minimumSeeds)+ seeds, \(cycles); "
      + "a column's mean counts its losses: lower is better"
  }

  var memberNames: [String] { ["strategies", "wins", "lost", "svg"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "strategies": return .list(matrix.strategies.map { .string($0) })
    case "wins": return .list(matrix.wins.map { .list($0.map { .int($0) }) })
    case "lost":
      return .record(Record(zip(matrix.strategies, matrix.columnMeans).map { ($0, .float($1)) }))
    case "svg": return .string(heatmap.svg())
    default: return nil
    }
  }
}
