import Foundation
import LLALLanguage
import LLALRender

/// What a groups' `mean`, `std` or `count` returns: one row per group, the key values then
/// the statistic. Shows as a table; `plot` draws the statistic against the last key, one
/// line per value of the other keys (with ± std bands for a mean).
final class SummaryValue: ChartConvertible, Displayable {
  /// The key fields.
  let keys: [String]
  /// The statistic's column (`test_acc` for a mean, `std test_acc`, `count`).
  let column: String
  /// Each group's key values, statistic (nil where it has none) and, for a mean, the
  /// sample standard deviation.
  let rows: [(key: [Value], value: Double?, std: Double?)]

  init(keys: [String], column: String, rows: [(key: [Value], value: Double?, std: Double?)]) {
    self.keys = keys
    self.column = column
    self.rows = rows
  }

  var typeName: String { "summary" }

  /// The rows as a table: key columns, then the statistic (4 decimals; — for none).
  var table: Table {
    Table(
      headers: keys + [column],
      rows: rows.map { row in
        row.key.map(Self.text) + [Self.cell(row.value, count: column == "count")]
      })
  }

  var description: String { table.text(style: .box) }

  func terminalText(width: Int, color: Bool) -> String { TableValue.fitted(table, width: width) }

  func markdown() -> String? { table.markdown() }

  func rendering(_ format: DisplayFormat) -> String? { format == .html ? table.html() : nil }

  var memberNames: [String] { ["rows", "values", "table"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "rows":
      return .list(
        rows.map { row in
          .record(Record(zip(keys, row.key).map { ($0, $1) } + [(column, statistic(row.value))]))
        })
    case "values": return .list(rows.map { statistic($0.value) })
    case "table": return .host(TableValue(table))
    default: return nil
    }
  }

  /// The statistic against the last key: one series per value of the other keys.
  func chart() throws -> Chart {
    let x = keys[keys.count - 1]
    var series: [(name: String, points: [(x: Double, y: Double)], std: [Double])] = []
    for row in rows {
      guard let position = row.key[row.key.count - 1].asDouble,
        row.key[row.key.count - 1].kind != .bool
      else {
        throw RuntimeError(
          "is a summary whose last key '\(x)' holds \(row.key[row.key.count - 1].typeName) "
            + "values; plot draws against a numeric last key, "
            + "such as group(\"strategy\", \"cycle\")")
      }
      let name = row.key.dropLast().map(Self.text).joined(separator: ", ")
      let point = (x: position, y: row.value ?? .nan)
      if let i = series.firstIndex(where: { $0.name == name }) {
        series[i].points.append(point)
        series[i].std.append(row.std ?? 0)
      } else {
        series.append((name, [point], [row.std ?? 0]))
      }
    }
    let hasBands = rows.contains { $0.std != nil }
    return Chart(
      kind: .line, title: column + " by " + keys.joined(separator: ", "), xLabel: x,
      yLabel: column,
      series: series.map { Series(name: $0.name, points: $0.points, std: hasBands ? $0.std : nil) })
  }

  private func statistic(_ value: Double?) -> Value {
    guard let value else { return .none }
    return column == "count" ? .int(Int(value)) : .float(value)
  }

  /// A key as a cell or series name: strings bare, other values as printed.
  private static func text(_ value: Value) -> String {
    if case .string(let s) = value { return s }
    return ValueFormatter.display(value)
  }

  private static func cell(_ value: Double?, count: Bool) -> String {
    guard let value else { return "—" }
    return count ? String(Int(value)) : String(format: "%.4f", value)
  }
}
