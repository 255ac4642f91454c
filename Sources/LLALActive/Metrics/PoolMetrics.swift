import LLALNN
import LLALTensor

/// How well each score ranks the unlabeled pool by the task's true loss after one cycle:
/// entropy, margin and least confidence when the task has class probabilities (entropy
/// alone when it has a sample entropy, as detection), the loss module's predictions when
/// there is one.
struct PoolMetrics {
  var entropy: RankingAgreement?
  var margin: RankingAgreement?
  var leastConfidence: RankingAgreement?
  var lossModule: RankingAgreement?
  /// Health warnings about the scores (a constant loss module).
  var warnings: [String] = []

  /// No measurements.
  init() {}

  /// The agreements over the points of `inference` (outputs and, if present, predicted
  /// losses) whose true per-sample losses `truth` gives from the outputs.
  init(
    _ inference: QueryInference, task: any ModelTask, truth losses: (Tensor) throws -> [Float]
  ) throws {
    guard let logits = inference.logits, inference.count > 0 else { return }
    let truth = try losses(logits)
    if let predicted = inference.predictedLoss {
      lossModule = try RankingAgreement(scores: predicted.scalars, truth: truth)
      if let w = CycleHealth.constantPredictions(predicted.scalars, agreement: lossModule) {
        warnings.append(w)
      }
    }
    guard task.hasClassProbabilities else {
      if let h = try task.sampleEntropy(output: logits) {
        entropy = try RankingAgreement(scores: h.map(Float.init), truth: truth)
      }
      return
    }
    let p = try Rows.softmax(logits)
    entropy = try RankingAgreement(
      scores: try EntropyStrategy().scores(probabilities: p), truth: truth)
    // Small margins and high confidence deficits mean large expected loss.
    let margins = try MarginStrategy().scores(probabilities: p).map { -$0 }
    margin = try RankingAgreement(scores: margins, truth: truth)
    leastConfidence = try RankingAgreement(
      scores: try LeastConfidenceStrategy().scores(probabilities: p), truth: truth)
  }

  /// Copies the measurements into `record`.
  func fill(_ record: inout CycleRecord) {
    record.entropyRankingAccuracy = entropy?.rankingAccuracy
    record.entropyKendallTau = entropy?.kendallTau
    record.entropySpearman = entropy?.spearman
    record.lossModuleSpearman = lossModule?.spearman
    record.warnings += warnings
    record.marginRankingAccuracy = margin?.rankingAccuracy
    record.leastConfidenceRankingAccuracy = leastConfidence?.rankingAccuracy
    record.lossModuleRankingAccuracy = lossModule?.rankingAccuracy
    record.lossModuleKendallTau = lossModule?.kendallTau
  }
}
