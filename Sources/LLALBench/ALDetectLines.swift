import Foundation
import LLALActive

/// One cycle of `llal bench al-detect` as the peer `al_detect.py` prints it: its fields,
/// in its order and with its rounding.
struct ALDetectRow: PeerCycleRow {
  /// What the cycle measured.
  let record: CycleRecord

  /// mAP@0.5, rounded as printed.
  var map: Double? { ALPoseRow.rounded(record.testAccuracy, 4) }
  /// The loss module's ranking accuracy, rounded as printed.
  var lossModuleRanking: Double? { ALPoseRow.rounded(record.lossModuleRankingAccuracy, 4) }
  /// The entropy score's ranking accuracy, rounded as printed.
  var entropyRanking: Double? { ALPoseRow.rounded(record.entropyRankingAccuracy, 4) }
  /// The mean test loss, rounded as printed.
  var testLoss: Double? { ALPoseRow.rounded(record.testLoss, 4) }

  /// The `al_detect` line; `nonfinite: true` is added when mAP, the test loss or the
  /// final training loss is not a finite number.
  var line: JSONLine {
    var l = JSONLine()
    l["bench"] = .string("al_detect")
    l["strategy"] = .string(record.strategy)
    l["seed"] = .int(record.seed)
    l["cycle"] = .int(record.cycle)
    l["labeled"] = .int(record.labeled)
    l["map"] = number(map)
    l["ap_per_class"] = .array(
      record.otherMetrics.filter { $0.name.hasPrefix("ap_c") }.map {
        number(ALPoseRow.rounded($0.value, 4))
      })
    l["test_loss"] = number(testLoss)
    l["rank_acc_lpm"] = number(lossModuleRanking)
    l["rank_acc_entropy"] = number(entropyRanking)
    l["final_train_loss"] = number(ALPoseRow.rounded(record.finalTrainLoss, 4))
    l["train_seconds"] = number(ALPoseRow.rounded(record.trainSeconds, 3))
    l["cycle_s"] = number(ALPoseRow.rounded(record.cycleSeconds, 3))
    let finite = [record.testAccuracy, record.testLoss, record.finalTrainLoss].allSatisfy {
      $0?.isFinite ?? false
    }
    if !finite { l["nonfinite"] = .bool(true) }
    return l
  }

  private func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
}

/// One strategy's `al_detect_summary` line: per cycle the mean and sample standard
/// deviation of mAP over the seeds, the ranking accuracies (per cycle and over all
/// cycles), the mean test loss, and the strategy's wall and CPU time.
struct ALDetectSummary: PeerStrategySummary {
  /// The strategy's name.
  let strategy: String
  /// The seeds, in run order.
  let seeds: [Int]
  /// Per seed, its cycles in order.
  let rows: [[ALDetectRow]]
  /// Seconds of wall time and of process CPU time for every seed of the strategy.
  let wall: Double, cpu: Double

  /// Labeled points per cycle.
  var labeled: [Int] { (rows.first ?? []).map(\.record.labeled) }
  /// mAP per cycle: mean and sample standard deviation over the seeds.
  var mapMean: [Double?] { perCycle(\.map).map { ALPoseRow.rounded(mean($0), 4) } }
  var mapStd: [Double?] { perCycle(\.map).map { ALPoseRow.rounded(sampleStd($0), 4) } }
  /// A ranking accuracy per cycle, mean over seeds; nil where no cycle measured it.
  func rankingMean(_ field: KeyPath<ALDetectRow, Double?>) -> [Double?]? {
    guard rows.first?.first?[keyPath: field] != nil else { return nil }
    return perCycle(field).map { ALPoseRow.rounded(mean($0), 4) }
  }

  /// The line, with `peak_rss_mb` last.
  func line(peakResidentMegabytes: Double?) -> JSONLine {
    var l = JSONLine()
    l["bench"] = .string("al_detect_summary")
    l["strategy"] = .string(strategy)
    l["seeds"] = .array(seeds.map { .int($0) })
    l["labeled"] = .array(labeled.map { .int($0) })
    l["map_mean"] = array(mapMean)
    l["map_std"] = array(mapStd)
    for (key, field) in [
      ("rank_acc_entropy", \ALDetectRow.entropyRanking), ("rank_acc_lpm", \.lossModuleRanking),
    ] {
      if let v = rankingMean(field) {
        l[key + "_mean"] = array(v)
        l[key + "_mean_all"] = number(ALPoseRow.rounded(mean(perCycle(field).flatMap { $0 }), 4))
      } else {
        l[key + "_mean"] = .null
        l[key + "_mean_all"] = .null
      }
    }
    l["test_loss_mean"] = array(perCycle(\.testLoss).map { ALPoseRow.rounded(mean($0), 4) })
    l["wall_s"] = number(ALPoseRow.rounded(wall, 2))
    l["wall_s_per_seed"] = number(ALPoseRow.rounded(wall / Double(max(1, seeds.count)), 2))
    l["cpu_s"] = number(ALPoseRow.rounded(cpu, 2))
    l["peak_rss_mb"] = number(peakResidentMegabytes)
    return l
  }

  /// The peer's markdown tables: mAP ×100 per cycle with wall and CPU seconds; the loss
  /// module's and entropy's ranking accuracy per cycle and their mean.
  static func markdown(_ summaries: [ALDetectSummary]) -> String {
    guard let first = summaries.first else { return "" }
    let columns = first.labeled.map(String.init).joined(separator: " | ")
    func f(_ v: Double?, _ digits: Int) -> String {
      v.map { String(format: "%.\(digits)f", $0) } ?? "—"
    }
    let mean: ([Double?]) -> Double? = { values in
      let known = values.compactMap { $0 }
      return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
    }
    var out = [
      "", "mAP@0.5 x100 on the test set, mean ± sample std over seeds",
      "| strategy | \(columns) | wall s | cpu s |",
      String(repeating: "|---", count: first.labeled.count + 3) + "|",
    ]
    for s in summaries {
      let cells = zip(s.mapMean, s.mapStd).map { m, d in
        "\(f(m.map { 100 * $0 }, 1))±\(f(d.map { 100 * $0 }, 1))"
      }
      out.append(
        "| \(s.strategy) | " + cells.joined(separator: " | ")
          + " | \(f(s.wall, 1)) | \(f(s.cpu, 1)) |")
    }
    out += [
      "", "ranking accuracy vs the true per-image loss on the unlabeled pool (mean over seeds)",
      "| scores (model) | \(columns) | mean |",
      String(repeating: "|---", count: first.labeled.count + 2) + "|",
    ]
    for (label, field) in [
      ("loss module", \ALDetectRow.lossModuleRanking), ("entropy", \.entropyRanking),
    ] {
      for s in summaries {
        guard let v = s.rankingMean(field) else { continue }
        out.append(
          "| \(label) (\(s.strategy)) | " + v.map { f($0, 3) }.joined(separator: " | ")
            + " | \(f(mean(v), 3)) |")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// For each cycle, the values of `field` over the seeds (nil values left out).
  private func perCycle(_ field: KeyPath<ALDetectRow, Double?>) -> [[Double]] {
    let cycles = rows.map(\.count).min() ?? 0
    return (0..<cycles).map { c in rows.compactMap { $0[c][keyPath: field] } }
  }

  private func mean(_ xs: [Double]) -> Double? {
    xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
  }

  /// The sample standard deviation (n − 1); 0 for a single seed, as the peer prints it.
  private func sampleStd(_ xs: [Double]) -> Double? {
    guard let m = mean(xs) else { return nil }
    guard xs.count > 1 else { return 0 }
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
  }

  private func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
  private func array(_ values: [Double?]) -> JSONValue { .array(values.map(number)) }
}
