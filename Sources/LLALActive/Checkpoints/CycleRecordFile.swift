import LLALNN

/// A `CycleRecord` as a checkpoint stores it: every field at full precision (a Double's
/// shortest text that reads back to the same bits, a Float widened to a Double, which
/// holds it exactly), so that a resumed run's records equal those of a run that went
/// straight through.
struct CycleRecordFile: Codable, Equatable {
  /// One epoch of the training log.
  struct Epoch: Codable, Equatable {
    var epoch: Int, epochs: Int
    var loss: Double, classificationLoss: Double
    var moduleLoss: Double?, accuracy: Double?
    /// The Float learning rate, widened.
    var learningRate: Double
    var detached: Bool
  }

  /// One of the task's other metrics.
  struct Metric: Codable, Equatable {
    var name: String
    var value: Double
  }

  var strategy: String
  var seed: Int
  var cycle: Int
  var labeled: Int
  var metricName: String
  var testAccuracy: Double?
  var otherMetrics: [Metric]
  var testLoss: Double?
  var finalTrainLoss: Double
  var entropyRankingAccuracy: Double?
  var marginRankingAccuracy: Double?
  var leastConfidenceRankingAccuracy: Double?
  var lossModuleRankingAccuracy: Double?
  var entropyKendallTau: Double?
  var lossModuleKendallTau: Double?
  var entropySpearman: Double?
  var lossModuleSpearman: Double?
  var log: [Epoch]
  var warnings: [String]
  var trainSeconds: Double
  var cycleSeconds: Double
  var chosen: [Int]
  // Absent in files of runs without a stopping rule.
  var stopKappa: Double?
  var wouldStop: Bool?

  /// The file form of `r`.
  init(_ r: CycleRecord) {
    strategy = r.strategy
    seed = r.seed
    cycle = r.cycle
    labeled = r.labeled
    metricName = r.metricName
    testAccuracy = r.testAccuracy
    otherMetrics = r.otherMetrics.map { Metric(name: $0.name, value: $0.value) }
    testLoss = r.testLoss
    finalTrainLoss = r.finalTrainLoss
    entropyRankingAccuracy = r.entropyRankingAccuracy
    marginRankingAccuracy = r.marginRankingAccuracy
    leastConfidenceRankingAccuracy = r.leastConfidenceRankingAccuracy
    lossModuleRankingAccuracy = r.lossModuleRankingAccuracy
    entropyKendallTau = r.entropyKendallTau
    lossModuleKendallTau = r.lossModuleKendallTau
    entropySpearman = r.entropySpearman
    lossModuleSpearman = r.lossModuleSpearman
    log = r.log.map {
      Epoch(
        epoch: $0.epoch, epochs: $0.epochs, loss: $0.loss,
        classificationLoss: $0.classificationLoss, moduleLoss: $0.moduleLoss,
        accuracy: $0.accuracy, learningRate: Double($0.learningRate), detached: $0.detached)
    }
    warnings = r.warnings
    trainSeconds = r.trainSeconds
    cycleSeconds = r.cycleSeconds
    chosen = r.chosen
    stopKappa = r.stopKappa
    wouldStop = r.wouldStop
  }

  /// The record this file holds.
  var record: CycleRecord {
    var r = CycleRecord(
      strategy: strategy, seed: seed, cycle: cycle, labeled: labeled,
      testAccuracy: testAccuracy, finalTrainLoss: finalTrainLoss, trainSeconds: trainSeconds,
      cycleSeconds: cycleSeconds, chosen: chosen)
    r.metricName = metricName
    r.otherMetrics = otherMetrics.map { TaskMetric($0.name, $0.value) }
    r.testLoss = testLoss
    r.entropyRankingAccuracy = entropyRankingAccuracy
    r.marginRankingAccuracy = marginRankingAccuracy
    r.leastConfidenceRankingAccuracy = leastConfidenceRankingAccuracy
    r.lossModuleRankingAccuracy = lossModuleRankingAccuracy
    r.entropyKendallTau = entropyKendallTau
    r.lossModuleKendallTau = lossModuleKendallTau
    r.entropySpearman = entropySpearman
    r.lossModuleSpearman = lossModuleSpearman
    r.log = log.map {
      EpochSummary(
        epoch: $0.epoch, epochs: $0.epochs, loss: $0.loss,
        classificationLoss: $0.classificationLoss, moduleLoss: $0.moduleLoss,
        accuracy: $0.accuracy, learningRate: Float($0.learningRate), detached: $0.detached)
    }
    r.warnings = warnings
    r.stopKappa = stopKappa
    r.wouldStop = wouldStop
    return r
  }
}
