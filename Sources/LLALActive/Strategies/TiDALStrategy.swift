import LLALNN
import LLALTensor

/// How TiDAL scores the class distribution its head predicts.
public enum TiDALScore: String, Sendable, Equatable, CaseIterable {
  /// `−Σ p log₂ p`, highest first (the paper's default).
  case entropy
  /// `p₍₁₎ − p₍₂₎`, lowest first.
  case margin
}

/// TiDAL (Kye et al., ICCV 2023): a head on tapped features of the model learns, jointly
/// with it and by KL divergence, each labeled sample's training dynamics — the running
/// mean of its softmax over the epochs, `p̄(x) = (1/T) Σ_t softmax(f_t(x))` — and the
/// query scores the head's prediction `softmax(h(x))` for the unlabeled points by its
/// entropy or margin.
///
/// The head is a loss-module layout with C outputs (the model's classes); training adds
/// `weight × mean KL(p̄ ‖ softmax(h))` to the model's loss.
public struct TiDALStrategy: ScoringStrategy {
  /// The head to train with the model.
  public let module: LossModuleRequest
  /// Entropy or margin of the predicted dynamics.
  public let score: TiDALScore

  /// A TiDAL strategy whose head has the parts of `layout` (its outputs the model's
  /// classes), its KL loss weighted by `weight`. A layout with one output is an error
  /// about `TiDALStrategy.layout`; a negative weight about `LearningLossConfig.weight`.
  public init(layout: LossModuleLayout, weight: Float = 1, score: TiDALScore = .entropy) throws {
    guard layout.outputs > 1 else {
      throw FieldError(
        "TiDALStrategy.layout",
        "predicts a class distribution, so its head needs one output per class (at least 2), "
          + "found \(layout.outputs)")
    }
    module = LossModuleRequest(
      layout: layout, training: try LearningLossConfig(weight: weight, target: .trainingDynamics))
    self.score = score
  }

  /// `"tidal"`.
  public var name: String { "tidal" }
  /// The head's outputs.
  public var requirements: InferenceRequest { InferenceRequest(predictedLoss: true) }
  /// The head.
  public var lossModule: LossModuleRequest? { module }
  /// It learns and scores class distributions.
  public var probabilityScorer: String? { "tidal" }
  /// Entropy highest first, margin lowest first.
  public var order: ScoreOrder { score == .entropy ? .highestFirst : .lowestFirst }

  /// The entropy or margin of the head's predicted distribution for each candidate.
  public func scores(_ context: QueryContext) throws -> [Float] {
    try Self.scores(predicted: try Rows.softmax(try context.moduleOutputs()), score)
  }

  /// `score` of each row of predicted distributions `[M, C]`.
  public static func scores(predicted p: Tensor, _ score: TiDALScore) throws -> [Float] {
    switch score {
    case .entropy: return try EntropyStrategy().scores(probabilities: p)
    case .margin: return try MarginStrategy().scores(probabilities: p)
    }
  }
}
