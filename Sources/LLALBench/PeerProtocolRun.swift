import Foundation
import LLALActive

/// One cycle of a peer protocol's output: what the cycle measured and its JSON line.
protocol PeerCycleRow {
  var record: CycleRecord { get }
  var line: JSONLine { get }
}

/// One strategy's summary line over its seeds' cycles, with its wall and CPU time.
protocol PeerStrategySummary {
  associatedtype Row: PeerCycleRow
  init(strategy: String, seeds: [Int], rows: [[Row]], wall: Double, cpu: Double)
  func line(peakResidentMegabytes: Double?) -> JSONLine
}

/// The loop `al-pose` and `al-detect` share with their peers: strategy by strategy, so
/// that each has its own wall and CPU time, then seed by seed, one session stepped to its
/// end (the initial labels depend on the seed only, as in `Experiment.run`). Every row is
/// emitted as it comes, then each strategy's summary, then the `<bench>_total` line.
enum PeerProtocolRun {
  /// Runs `experiment`, summarising each strategy as `Summary`; `step` runs the session's
  /// next cycle and makes its row.
  static func run<Summary: PeerStrategySummary>(
    _ experiment: Experiment, bench: String, summary: Summary.Type, emit: (String) -> Void,
    step: (ActiveLearningSession) throws -> Summary.Row
  ) throws -> (result: ExperimentResult, summaries: [Summary], wall: Double) {
    let e = experiment
    var result = ExperimentResult(
      strategies: e.strategies.map(\.name), seeds: e.seeds, metricName: e.task.metricName)
    var summaries: [Summary] = []
    let start = ContinuousClock.now
    for strategy in e.strategies {
      let strategyStart = ContinuousClock.now
      let cpuStart = ProcessTime.cpuSeconds()
      var rows: [[Summary.Row]] = []
      for seed in e.seeds {
        let session = try ActiveLearningSession(
          model: e.model, task: e.task, pool: e.pool, strategy: strategy, budget: e.budget,
          training: e.training, seed: seed, test: e.test)
        var seedRows: [Summary.Row] = []
        while !session.isFinished {
          let row = try step(session)
          emit(row.line.text)
          seedRows.append(row)
          result.append(row.record)
        }
        rows.append(seedRows)
      }
      let summary = Summary(
        strategy: strategy.name, seeds: e.seeds, rows: rows,
        wall: ProcessTime.seconds(since: strategyStart),
        cpu: ProcessTime.cpuSeconds() - cpuStart)
      emit(summary.line(peakResidentMegabytes: ALDigitsBench.peakResidentMegabytes()).text)
      summaries.append(summary)
    }
    let wall = ProcessTime.seconds(since: start)
    var total = JSONLine()
    total["bench"] = .string(bench + "_total")
    total["wall_s"] = .double((wall * 100).rounded() / 100)
    emit(total.text)
    return (result, summaries, wall)
  }
}
