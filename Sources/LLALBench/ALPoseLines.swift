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

  /// The peer's rounding of `value` to `digits` decimals, nil when not finite.
  static func rounded(_ value: Double?, _ digits: Int) -> Double? {
    guard let value, value.isFinite else { return nil }
    let scale = Foundation.pow(10.0, Double(digits))
    return (value * scale).rounded() / scale
  }

  /// PCK, rounded as printed.
  var pck: Double? { Self.rounded(record.testAccuracy, 4) }
  /// The mean test loss, rounded as printed.
  var testLoss: Double? { Self.rounded(record.testLoss, 6) }
  /// The loss module's ranking accuracy, rounded as printed.
  var lossModuleRanking: Double? { Self.rounded(record.lossModuleRankingAccuracy, 4) }
  /// The heatmap-peak score's ranking accuracy, rounded as printed.
  var peakRanking: Double? { Self.rounded(peakRankingAccuracy, 4) }

  /// The `al_pose` line; `nonfinite: true` is added when PCK, the test loss or the final
  /// training loss is not a finite number.
  var line: JSONLine {
    var l = JSONLine()
    l["bench"] = .string("al_pose")
    l["strategy"] = .string(record.strategy)
    l["seed"] = .int(record.seed)
    l["cycle"] = .int(record.cycle)
    l["labeled"] = .int(record.labeled)
    l["pck"] = number(pck)
    l["test_loss"] = number(testLoss)
    l["rank_acc_lpm"] = number(lossModuleRanking)
    l["rank_acc_peak"] = number(peakRanking)
    l["final_train_loss"] = number(Self.rounded(record.finalTrainLoss, 6))
    l["train_seconds"] = number(Self.rounded(record.trainSeconds, 3))
    l["cycle_seconds"] = number(Self.rounded(record.cycleSeconds + extraSeconds, 3))
    let finite = [record.testAccuracy, record.testLoss, record.finalTrainLoss].allSatisfy {
      $0?.isFinite ?? false
    }
    if !finite { l["nonfinite"] = .bool(true) }
    return l
  }

  private func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
}

/// One strategy's `al_pose_summary` line: per cycle the mean and sample standard
/// deviation of PCK over the seeds, the mean test loss and ranking accuracies, and the
/// strategy's wall and CPU time. Means are taken over the rounded per-cycle values, as
/// the peer takes them.
struct ALPoseSummary: PeerStrategySummary {
  /// The strategy's name.
  let strategy: String
  /// The seeds, in run order.
  let seeds: [Int]
  /// Per seed, its cycles in order.
  let rows: [[ALPoseRow]]
  /// Seconds of wall time and of process CPU time for every seed of the strategy.
  let wall: Double, cpu: Double

  /// Labeled points per cycle.
  var labeled: [Int] { (rows.first ?? []).map(\.record.labeled) }
  /// PCK per cycle: mean and sample standard deviation over the seeds.
  var pckMean: [Double?] { perCycle(\.pck).map { ALPoseRow.rounded(mean($0), 4) } }
  var pckStd: [Double?] { perCycle(\.pck).map { ALPoseRow.rounded(sampleStd($0), 4) } }
  /// The loss module's ranking accuracy per cycle, mean over seeds; nil without a module.
  var lossModuleRankingMean: [Double?]? {
    guard rows.first?.first?.lossModuleRanking != nil else { return nil }
    return perCycle(\.lossModuleRanking).map { ALPoseRow.rounded(mean($0), 4) }
  }
  /// The heatmap-peak score's ranking accuracy per cycle, mean over seeds.
  var peakRankingMean: [Double?] {
    perCycle(\.peakRanking).map { ALPoseRow.rounded(mean($0), 4) }
  }

  /// The line, with `peak_rss_mb` last.
  func line(peakResidentMegabytes: Double?) -> JSONLine {
    var l = JSONLine()
    l["bench"] = .string("al_pose_summary")
    l["strategy"] = .string(strategy)
    l["seeds"] = .array(seeds.map { .int($0) })
    l["labeled"] = .array(labeled.map { .int($0) })
    l["pck_mean"] = array(pckMean)
    l["pck_std"] = array(pckStd)
    l["test_loss_mean"] = array(perCycle(\.testLoss).map { ALPoseRow.rounded(mean($0), 6) })
    if let ranking = lossModuleRankingMean {
      l["rank_acc_lpm_mean"] = array(ranking)
      let all = perCycle(\.lossModuleRanking).flatMap { $0 }
      l["rank_acc_lpm_mean_all"] = number(ALPoseRow.rounded(mean(all), 4))
    } else {
      l["rank_acc_lpm_mean"] = .null
      l["rank_acc_lpm_mean_all"] = .null
    }
    l["rank_acc_peak_mean"] = array(peakRankingMean)
    l["wall_s"] = number(ALPoseRow.rounded(wall, 2))
    l["wall_s_per_seed"] = number(ALPoseRow.rounded(wall / Double(max(1, seeds.count)), 2))
    l["cpu_s"] = number(ALPoseRow.rounded(cpu, 2))
    l["peak_rss_mb"] = number(peakResidentMegabytes)
    return l
  }

  /// The peer's markdown tables (PCK in percent per cycle with wall and CPU seconds; the
  /// loss module's and the heatmap peak's ranking accuracy per cycle and their mean).
  static func markdown(_ summaries: [ALPoseSummary], threshold: Double) -> String {
    guard let first = summaries.first else { return "" }
    let seeds = first.seeds.map(String.init).joined(separator: ",")
    let columns = first.labeled.map(String.init).joined(separator: " | ")
    func f(_ v: Double?, _ digits: Int) -> String {
      v.map { String(format: "%.\(digits)f", $0) } ?? "—"
    }
    let mean: ([Double?]) -> Double? = { values in
      let known = values.compactMap { $0 }
      return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
    }
    var out = [
      "", "test PCK@\(String(format: "%g", threshold))px (%, mean±std over seeds \(seeds))",
      "| strategy | \(columns) | wall s | cpu s |",
      String(repeating: "|---", count: first.labeled.count + 3) + "|",
    ]
    for s in summaries {
      let cells = zip(s.pckMean, s.pckStd).map { m, d in
        "\(f(m.map { 100 * $0 }, 1))±\(f(d.map { 100 * $0 }, 1))"
      }
      out.append(
        "| \(s.strategy) | " + cells.joined(separator: " | ")
          + " | \(f(s.wall, 1)) | \(f(s.cpu, 1)) |")
    }
    out += [
      "", "ranking accuracy vs true per-sample MSE on the unlabeled pool (mean over seeds)",
      "| scores (run) | \(columns) | mean |",
      String(repeating: "|---", count: first.labeled.count + 2) + "|",
    ]
    for s in summaries {
      guard let v = s.lossModuleRankingMean else { continue }
      out.append(
        "| loss module (\(s.strategy)) | " + v.map { f($0, 3) }.joined(separator: " | ")
          + " | \(f(mean(v), 3)) |")
    }
    for s in summaries {
      let v = s.peakRankingMean
      out.append(
        "| -heatmap peak (\(s.strategy)) | " + v.map { f($0, 3) }.joined(separator: " | ")
          + " | \(f(mean(v), 3)) |")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// For each cycle, the values of `field` over the seeds (nil values left out).
  private func perCycle(_ field: KeyPath<ALPoseRow, Double?>) -> [[Double]] {
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

/// Wall-clock and process CPU time for the benchmarks' summaries.
enum ProcessTime {
  /// Seconds since `start`.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// User plus system CPU seconds of this process so far (all threads), as Python's
  /// `time.process_time()`.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
  }
}
