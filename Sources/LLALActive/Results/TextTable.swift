/// Plain-text tables with aligned columns, for results printed at a terminal.
struct TextTable {
  let header: [String]
  var rows: [[String]] = []

  /// The table: the first column left-aligned, the others right-aligned, a rule under the
  /// header.
  var text: String {
    let all = [header] + rows
    let widths = header.indices.map { c in
      all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return c == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }
}

extension ExperimentResult: CustomStringConvertible {
  /// The metric's table (cycle columns by labeled count, `mean±std`, accuracy in percent;
  /// one row per strategy, wall seconds last; `mean (n=1)` where one seed reached a
  /// cycle), then the ranking table.
  public var description: String {
    let summaries = self.summaries
    guard let first = summaries.first else { return "no finished cycles" }
    var accuracy = TextTable(header: ["strategy"] + first.labeled.map(String.init) + ["wall s"])
    // Accuracy reads in percent; another task's metric (PCK, RMSE) as it is.
    let percent = metricName == "accuracy"
    func number(_ x: Double) -> String { percent ? Self.fixed(100 * x, 1) : Self.fixed(x, 3) }
    for s in summaries {
      let cells = s.accuracyMean.indices.map { c in
        number(s.accuracyMean[c])
          + (s.spread(atCycle: c).map { "±" + number($0) } ?? " (n=\(s.seedsPerCycle[c]))")
      }
      accuracy.rows.append([s.strategy] + cells + [Self.fixed(s.wallSeconds, 1)])
    }
    var text =
      "test \(percent ? "accuracy (%)" : metricName), mean±std over seeds "
      + seeds.map(String.init).joined(separator: ",")
    if cancelled { text += " — cancelled, finished cycles only" }
    return text + "\n" + accuracy.text + "\n\n" + ranking.description
  }

  /// `value` with `digits` decimals.
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "—" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (abs(value) * scale).rounded()
    let whole = Int(r / scale), frac = Int(r) - whole * Int(scale)
    let sign = value < 0 && r > 0 ? "-" : ""
    guard digits > 0 else { return sign + String(whole) }
    let f = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
  }
}

extension RankingTable: CustomStringConvertible {
  /// The rows with three decimals per cycle.
  public var description: String {
    var table = TextTable(header: ["ranking accuracy"] + labeled.map(String.init))
    for row in rows where row.measure == .rankingAccuracy {
      table.rows.append(
        ["\(row.scorer) (\(row.strategy))"]
          + row.values.map { $0.map { ExperimentResult.fixed($0, 3) } ?? "—" })
    }
    return "ranking accuracy on the unlabeled pool, mean over seeds (\(RankingAgreement.tieRule))\n"
      + table.text
  }
}
