import LLALActive
import LLALLanguage
import LLALNN
import LLALRender

/// The training loop's per-epoch records of a run's cycles, as `s.log` and
/// `r.run(strategy, seed).log` return them. Displays as one row per cycle (epochs, first
/// and last target loss, last module loss, last training accuracy, the epoch the module
/// was detached from); `plot(log)` draws the target and module losses against the epoch
/// counted over all cycles; `records` holds one record per cycle and epoch.
final class TrainingLogValue: ChartConvertible, Displayable {
  /// Each cycle's number (from 1, as tables and records count cycles) and epochs, in
  /// cycle order.
  let cycles: [(number: Int, epochs: [EpochSummary])]
  /// Whose log it is (`"learning_loss, seed 0"`).
  let source: String

  /// The log of `records` (one run's cycles).
  init(_ records: [CycleRecord], source: String) {
    cycles = records.map { ($0.number, $0.log) }
    self.source = source
  }

  var typeName: String { "log" }

  /// The first epoch (0-based) whose module was detached, in a cycle's epochs.
  static func detachEpoch(_ epochs: [EpochSummary]) -> Int? { epochs.first(where: \.detached)?.epoch }

  var table: Table {
    let f = { (x: Double?) in x.map { ResultsValue.format($0, 3) } ?? "—" }
    let rows = cycles.map { c -> [String] in
      let e = c.epochs
      return [
        String(c.number), String(e.count), f(e.first?.classificationLoss),
        f(e.last?.classificationLoss), f(e.last?.moduleLoss ?? nil), f(e.last?.accuracy),
        e.last.map { String(format: "%.3g", Double($0.learningRate)) } ?? "—",
        Self.detachEpoch(e).map(String.init) ?? "—",
      ]
    }
    return Table(
      title: "Training log of \(source)",
      headers: [
        "cycle", "epochs", "first loss", "last loss", "module loss", "train acc", "last lr",
        "detached from",
      ], rows: rows,
      footer: "target loss: mean cross-entropy; epochs counted from 0; .records has every epoch")
  }

  var description: String { table.text(style: .box) }
  func terminalText(width: Int, color: Bool) -> String { TableValue.fitted(table, width: width) }
  func markdown() -> String? { table.markdown() }
  func rendering(_ format: DisplayFormat) -> String? { format == .html ? table.html() : nil }

  /// Target loss and module loss per epoch, the epochs of all cycles one after another.
  func chart() throws -> Chart {
    var target: [(x: Double, y: Double)] = [], module: [(x: Double, y: Double)] = []
    var x = 0.0
    for c in cycles {
      for e in c.epochs {
        target.append((x, e.classificationLoss))
        if let m = e.moduleLoss { module.append((x, m)) }
        x += 1
      }
    }
    var series = [Series(name: "target loss", points: target)]
    if !module.isEmpty { series.append(Series(name: "module loss", points: module)) }
    let detached = cycles.compactMap { Self.detachEpoch($0.epochs) }.first
    return Chart(
      kind: .line,
      title: "Training loss, \(source)"
        + (detached.map { " (module detached from epoch \($0) of each cycle)" } ?? ""),
      xLabel: "epoch (cycles one after another)", yLabel: "loss", series: series)
  }

  var memberNames: [String] { ["records", "detached_from"] }

  func member(_ name: String) throws -> Value? {
    switch name {
    case "records":
      return .list(
        cycles.flatMap { c in
          c.epochs.map { e in
            .record(
              Record([
                ("cycle", .int(c.number)), ("epoch", .int(e.epoch)),
                ("loss", .float(e.classificationLoss)),
                ("module_loss", e.moduleLoss.map { .float($0) } ?? .none),
                ("total_loss", .float(e.loss)), ("lr", .float(Double(e.learningRate))),
                ("train_acc", e.accuracy.map { .float($0) } ?? .none), ("detached", .bool(e.detached)),
              ]))
          }
        })
    case "detached_from":
      return .list(cycles.map { c in Self.detachEpoch(c.epochs).map { .int($0) } ?? .none })
    default: return nil
    }
  }
}
