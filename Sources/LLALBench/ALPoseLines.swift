import Foundation
import LLALActive

/// One cycle of `llal bench al-pose` as the peer `al_pose.py` prints it: its fields, in
/// its order and with its rounding.
struct ALPoseRow: PeerCycleRow {
  /// What the cycle measured.
  let record: CycleRecord
  /// The ranking accuracy of minus the mean heatmap maximum (`rank_acc_peak`).
  let peakRankingAccuracy: Double?
  /// Seconds spent measuring `rank_acc_peak` after the session's cycle (counted in
  /// `cycle_seconds`, as the peer's cycle time holds its own measurement).
  let extraSeconds: Double

  /// PCK, rounded as printed.
  var pck: Double? { PeerValues.rounded(record.testAccuracy, 4) }
  /// The mean test loss, rounded as printed.
  var testLoss: Double? { PeerValues.rounded(record.testLoss, 6) }
  /// The loss module's ranking accuracy, rounded as printed.
  var lossModuleRanking: Double? { PeerValues.rounded(record.lossModuleRankingAccuracy, 4) }
  /// The heatmap-peak score's ranking accuracy, rounded as printed.
  var peakRanking: Double? { PeerValues.rounded(peakRankingAccuracy, 4) }

  /// The `al_pose` line; `nonfinite: true` is added when PCK, the test loss or the final
  /// training loss is not a finite number.
  var line: JSONLine {
    var l = lineHead("al_pose")
    l["pck"] = PeerValues.number(pck)
    l["test_loss"] = PeerValues.number(testLoss)
    l["rank_acc_lpm"] = PeerValues.number(lossModuleRanking)
    l["rank_acc_peak"] = PeerValues.number(peakRanking)
    l["final_train_loss"] = PeerValues.number(PeerValues.rounded(record.finalTrainLoss, 6))
    l["train_seconds"] = PeerValues.number(PeerValues.rounded(record.trainSeconds, 3))
    l["cycle_seconds"] = PeerValues.number(
      PeerValues.rounded(record.cycleSeconds + extraSeconds, 3))
    markNonfinite(&l)
    return l
  }
}

/// One strategy's `al_pose_summary` line: per cycle the mean and sample standard
/// deviation of PCK over the seeds, the mean test loss and ranking accuracies, and the
/// strategy's wall and CPU time. Means are taken over the rounded per-cycle values, as
/// the peer takes them.
struct ALPoseSummary: PeerStrategySummary {
  let strategy: String
  let seeds: [Int]
  let rows: [[ALPoseRow]]
  let wall: Double, cpu: Double

  /// PCK per cycle: mean and sample standard deviation over the seeds.
  var pckMean: [Double?] { meanPerCycle(\.pck) }
  var pckStd: [Double?] { stdPerCycle(\.pck) }
  /// The loss module's ranking accuracy per cycle, mean over seeds; nil without a module.
  var lossModuleRankingMean: [Double?]? {
    guard rows.first?.first?.lossModuleRanking != nil else { return nil }
    return meanPerCycle(\.lossModuleRanking)
  }
  /// The heatmap-peak score's ranking accuracy per cycle, mean over seeds.
  var peakRankingMean: [Double?] { meanPerCycle(\.peakRanking) }

  /// The line, with `peak_rss_mb` last.
  func line(peakResidentMegabytes: Double?) -> JSONLine {
    var l = lineHead("al_pose_summary")
    l["pck_mean"] = PeerValues.array(pckMean)
    l["pck_std"] = PeerValues.array(pckStd)
    l["test_loss_mean"] = PeerValues.array(meanPerCycle(\.testLoss, digits: 6))
    if let ranking = lossModuleRankingMean {
      l["rank_acc_lpm_mean"] = PeerValues.array(ranking)
      l["rank_acc_lpm_mean_all"] = PeerValues.number(meanOverAll(\.lossModuleRanking))
    } else {
      l["rank_acc_lpm_mean"] = .null
      l["rank_acc_lpm_mean_all"] = .null
    }
    l["rank_acc_peak_mean"] = PeerValues.array(peakRankingMean)
    appendTimes(to: &l, peakResidentMegabytes: peakResidentMegabytes)
    return l
  }

  /// The peer's markdown tables (PCK in percent per cycle with wall and CPU seconds; the
  /// loss module's and the heatmap peak's ranking accuracy per cycle and their mean).
  static func markdown(_ summaries: [ALPoseSummary], threshold: Double) -> String {
    guard let first = summaries.first else { return "" }
    let seeds = first.seeds.map(String.init).joined(separator: ",")
    var out = metricTable(
      "test PCK@\(String(format: "%g", threshold))px (%, mean±std over seeds \(seeds))",
      summaries, mean: \.pckMean, std: \.pckStd)
    out += rankingTableHead(
      "ranking accuracy vs true per-sample MSE on the unlabeled pool (mean over seeds)",
      scores: "scores (run)", summaries)
    for s in summaries {
      guard let v = s.lossModuleRankingMean else { continue }
      out.append(rankingRow("loss module (\(s.strategy))", v))
    }
    for s in summaries {
      out.append(rankingRow("-heatmap peak (\(s.strategy))", s.peakRankingMean))
    }
    return out.joined(separator: "\n") + "\n"
  }
}
