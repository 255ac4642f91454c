import LLALActive
import LLALLanguage
import LLALRender
import LLALTensor

/// A query's choice — pool indices in the order chosen and their scores — displayed as a
/// table of the first picks, and explained on the model it was asked of: `show()` (a
/// table of the picks with predicted class, true loss and rank under the plain
/// strategies), `overlap(q)` (Jaccard of the picked sets), `balance` (the picks' class
/// counts), `histogram` (the pool's scores with the picks marked) and `projection(node)`
/// (a PCA scatter of the pool, the labeled points and the picks) and `images` (the
/// picked images, for image pools).
final class QueryValue: Displayable {
  /// The selection.
  let selection: QuerySelection
  /// The strategy that chose.
  let strategy: any QueryStrategy
  /// The session whose model chose, and its cycle then: the explanation needs that model.
  private let session: ActiveLearningSession
  private let cycle: Int
  private var explained: QueryExplanation?

  /// A query value of `strategy`'s pick on `session`'s current model.
  init(_ selection: QuerySelection, strategy: any QueryStrategy, session: ActiveLearningSession) {
    self.selection = selection
    self.strategy = strategy
    self.session = session
    self.cycle = session.cycle
  }

  var typeName: String { "query" }

  /// A table of the first 20 picks.
  var table: Table {
    let shown = min(20, selection.indices.count)
    let rows = (0..<shown).map { i in
      [String(i + 1), String(selection.indices[i]), String(format: "%.4f", selection.scores[i])]
    }
    let more = selection.indices.count - shown
    return Table(
      title: "\(strategy.name) would query \(counted(selection.indices.count, "point"))",
      headers: ["rank", "index", "score"], rows: rows,
      footer: more > 0 ? "… \(more) more (q.indices, q.scores)" : nil)
  }

  var description: String { table.text(style: .box) }

  func terminalText(width: Int, color: Bool) -> String { TableValue.fitted(table, width: width) }

  func markdown() -> String? { table.markdown() }

  func rendering(_ format: DisplayFormat) -> String? { format == .html ? table.html() : nil }

  var memberNames: [String] {
    [
      "indices", "scores", "count", "show", "overlap", "balance", "histogram", "projection",
      "images", "save",
    ]
  }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "indices": return .list(selection.indices.map { .int($0) })
    case "scores": return .tensor(try Tensor(shape: [selection.scores.count], selection.scores))
    case "count": return .int(selection.indices.count)
    case "show": return method(QueryMethods.show)
    case "overlap": return method(QueryMethods.overlap)
    case "projection": return method(QueryMethods.projection)
    case "balance":
      guard let labels = try explanation().pickedLabels else {
        throw RuntimeError("the pool has no classes, so the picks have no class balance")
      }
      let classes = max(
        labels.max().map { $0 + 1 } ?? 0, try explanation().pool.probabilities?.shape[1] ?? 0)
      var counts = [Int](repeating: 0, count: classes)
      for l in labels { counts[l] += 1 }
      return .list(counts.map { .int($0) })
    case "histogram": return .host(ChartValue(try histogram()))
    case "images": return .host(try images())
    case "save": return method(QueryFiles.save)
    default: return nil
    }
  }

  private func method(_ builtin: Builtin) -> Value {
    .function(FunctionValue(.method(builtin, receiver: .host(self))))
  }

  /// The explanation, computed on first use; the session must not have stepped since.
  func explanation() throws -> QueryExplanation {
    try checkCurrent()
    if let explained { return explained }
    let e = try QueryExplanation(selection, strategy: strategy, session: session)
    explained = e
    return e
  }

  /// The session's model is still the one that chose.
  func checkCurrent() throws {
    guard session.cycle == cycle else {
      throw RuntimeError(
        "this query was asked at cycle \(cycle) and the session has stepped since; "
          + "query again to explain the current model's picks")
    }
  }

  /// The session the query was asked of.
  var asker: ActiveLearningSession { session }

  /// Counts of the pool's scores in 20 equal bins, with the picks' counts beside them.
  func histogram() throws -> Chart {
    guard let scores = try explanation().poolScores else {
      throw RuntimeError(
        "\(strategy.name) picks without a score per point, so there is no histogram of scores")
    }
    let position = Dictionary(
      uniqueKeysWithValues: try explanation().pool.indices.enumerated().map { ($1, $0) })
    let picked = selection.indices.compactMap { position[$0] }.map { scores[$0] }
    let finite = scores.filter(\.isFinite).map(Double.init)
    guard let lo = finite.min(), let hi = finite.max() else {
      throw RuntimeError("\(strategy.name)'s scores on the pool are not finite")
    }
    let bins = 20
    let width = hi > lo ? (hi - lo) / Double(bins) : 1
    func counts(_ values: [Float]) -> [(x: Double, y: Double)] {
      var c = [Double](repeating: 0, count: bins)
      for v in values where v.isFinite {
        c[min(bins - 1, Int((Double(v) - lo) / width))] += 1
      }
      return c.enumerated().map { (lo + (Double($0.offset) + 0.5) * width, $0.element) }
    }
    return Chart(
      kind: .line,
      title: "Scores of \(strategy.name) on \(scores.count) unlabeled points, picks marked",
      xLabel: "score (bin centre)", yLabel: "points",
      series: [
        Series(name: "pool (\(scores.count))", points: counts(scores)),
        Series(name: "picked (\(picked.count))", points: counts(picked)),
      ])
  }
}
