import Foundation
import LLALActive

/// One cycle of `llal bench al-detect` as the peer `al_detect.py` prints it: its fields,
/// in its order and with its rounding.
struct ALDetectRow: PeerCycleRow {
  /// What the cycle measured.
  let record: CycleRecord

  /// mAP@0.5, rounded as printed.
  var map: Double? { PeerValues.rounded(record.testAccuracy, 4) }
  /// The loss module's ranking accuracy, rounded as printed.
  var lossModuleRanking: Double? { PeerValues.rounded(record.lossModuleRankingAccuracy, 4) }
  /// The entropy score's ranking accuracy, rounded as printed.
  var entropyRanking: Double? { PeerValues.rounded(record.entropyRankingAccuracy, 4) }
  /// The mean test loss, rounded as printed.
  var testLoss: Double? { PeerValues.rounded(record.testLoss, 4) }

  /// The `al_detect` line; `nonfinite: true` is added when mAP, the test loss or the
  /// final training loss is not a finite number.
  var line: JSONLine {
    var l = lineHead("al_detect")
    l["map"] = PeerValues.number(map)
    l["ap_per_class"] = .array(
      record.otherMetrics.filter { $0.name.hasPrefix("ap_c") }.map {
        PeerValues.number(PeerValues.rounded($0.value, 4))
      })
    l["test_loss"] = PeerValues.number(testLoss)
    l["rank_acc_lpm"] = PeerValues.number(lossModuleRanking)
    l["rank_acc_entropy"] = PeerValues.number(entropyRanking)
    l["final_train_loss"] = PeerValues.number(PeerValues.rounded(record.finalTrainLoss, 4))
    l["train_seconds"] = PeerValues.number(PeerValues.rounded(record.trainSeconds, 3))
    l["cycle_s"] = PeerValues.number(PeerValues.rounded(record.cycleSeconds, 3))
    markNonfinite(&l)
    return l
  }
}

/// One strategy's `al_detect_summary` line: per cycle the mean and sample standard
/// deviation of mAP over the seeds, the ranking accuracies (per cycle and over all
/// cycles), the mean test loss, and the strategy's wall and CPU time.
struct ALDetectSummary: PeerStrategySummary {
  let strategy: String
  let seeds: [Int]
  let rows: [[ALDetectRow]]
  let wall: Double, cpu: Double

  /// mAP per cycle: mean and sample standard deviation over the seeds.
  var mapMean: [Double?] { meanPerCycle(\.map) }
  var mapStd: [Double?] { stdPerCycle(\.map) }
  /// A ranking accuracy per cycle, mean over seeds; nil where no cycle measured it.
  func rankingMean(_ field: KeyPath<ALDetectRow, Double?>) -> [Double?]? {
    guard rows.first?.first?[keyPath: field] != nil else { return nil }
    return meanPerCycle(field)
  }

  /// The line, with `peak_rss_mb` last.
  func line(peakResidentMegabytes: Double?) -> JSONLine {
    var l = lineHead("al_detect_summary")
    l["map_mean"] = PeerValues.array(mapMean)
    l["map_std"] = PeerValues.array(mapStd)
    for (key, field) in [
      ("rank_acc_entropy", \ALDetectRow.entropyRanking), ("rank_acc_lpm", \.lossModuleRanking),
    ] {
      if let v = rankingMean(field) {
        l[key + "_mean"] = PeerValues.array(v)
        l[key + "_mean_all"] = PeerValues.number(meanOverAll(field))
      } else {
        l[key + "_mean"] = .null
        l[key + "_mean_all"] = .null
      }
    }
    l["test_loss_mean"] = PeerValues.array(meanPerCycle(\.testLoss))
    appendTimes(to: &l, peakResidentMegabytes: peakResidentMegabytes)
    return l
  }

  /// The peer's markdown tables: mAP ×100 per cycle with wall and CPU seconds; the loss
  /// module's and entropy's ranking accuracy per cycle and their mean.
  static func markdown(_ summaries: [ALDetectSummary]) -> String {
    guard !summaries.isEmpty else { return "" }
    var out = metricTable(
      "mAP@0.5 x100 on the test set, mean ± sample std over seeds", summaries,
      mean: \.mapMean, std: \.mapStd)
    out += rankingTableHead(
      "ranking accuracy vs the true per-image loss on the unlabeled pool (mean over seeds)",
      scores: "scores (model)", summaries)
    for (label, field) in [
      ("loss module", \ALDetectRow.lossModuleRanking), ("entropy", \.entropyRanking),
    ] {
      for s in summaries {
        guard let v = s.rankingMean(field) else { continue }
        out.append(rankingRow("\(label) (\(s.strategy))", v))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }
}
