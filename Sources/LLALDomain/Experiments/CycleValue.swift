import LLALLanguage
import LLALActive

/// One finished cycle of a session, as `s.step()` returns it: a one-line summary, with
/// every field of the results CSV as a member (`test_acc` or the task's metric, `pck`,
/// `lpm_rank_acc`, `chosen`, …).
final class CycleValue: HostObject {
  /// The cycle's record.
  let record: CycleRecord

  /// A cycle value.
  init(_ record: CycleRecord) { self.record = record }

  var typeName: String { "cycle" }

  var description: String {
    let r = record
    var text = "\(r.strategy) cycle \(r.cycle + 1): \(r.labeled) labeled"
    if let m = r.testAccuracy {
      let name = r.metricName == "accuracy" ? "acc" : r.metricName
      text += ", test \(name) \(ResultsValue.format(m, 4))"
    }
    text += ", train loss \(ResultsValue.format(r.finalTrainLoss, 3))"
    var ranking: [String] = []
    if let e = r.entropyRankingAccuracy { ranking.append("entropy \(ResultsValue.format(e, 3))") }
    if let m = r.lossModuleRankingAccuracy {
      ranking.append("loss module \(ResultsValue.format(m, 3))")
    }
    if !ranking.isEmpty { text += "; ranking accuracy " + ranking.joined(separator: ", ") }
    if !r.chosen.isEmpty { text += "; queried \(counted(r.chosen.count, "point"))" }
    for w in r.warnings { text += "; warning: \(w)" }
    return text
  }

  var memberNames: [String] { CycleRecords.record(record).names }

  func member(_ name: String) throws -> Value? { CycleRecords.record(record)[name] }
}
