import LLALTensor

/// What the loss prediction module is trained to do.
public enum LossPredictionObjective: String, Sendable, Equatable, CaseIterable {
  /// The paper's margin ranking loss over pairs of the mini-batch.
  case ranking
  /// The pairwise binary cross-entropy of RankNet, as TA-VAAL and TiDAL train the module:
  /// `BCE(σ(l̂ᵢ − l̂ⱼ), 1[lᵢ > lⱼ])` over pairs of the mini-batch.
  case bce
  /// Mean squared error against the true losses (the paper's ablation).
  case mse
  /// ListNet's top-1 cross-entropy between the batch's true and predicted loss
  /// distributions, `−Σᵢ softmax(l)ᵢ log softmax(l̂)ᵢ`.
  case listwise

  /// Whether the objective compares pairs of samples (and so uses a pairing).
  public var isPairwise: Bool { self == .ranking || self == .bce }
}

/// What the module learns to predict.
public enum ModuleTarget: Sendable, Equatable {
  /// Each sample's loss, under the config's objective (learning loss).
  case loss
  /// Each sample's training dynamics, the running mean of its softmax over the epochs,
  /// with a KL loss (TiDAL); the module's outputs are class logits.
  case trainingDynamics
}

/// How the loss prediction module is trained alongside the target model: the total loss
/// is `mean CE + weight · module loss`, with the true per-sample losses detached.
public struct LearningLossConfig: Sendable, Equatable {
  /// The ranking margin ξ (1.0 in the paper).
  public let margin: Float
  /// The weight λ of the module's loss (1.0 in the paper).
  public let weight: Float
  /// How samples are paired for the pairwise objectives (ranking, bce).
  public let pairing: RankingPairing
  /// From this (0-based) epoch on, the tapped features are detached, so that the module's
  /// gradient no longer reaches the target model; nil never detaches. The paper trains
  /// jointly for 120 of 200 epochs, i.e. `detachAfter: 120`.
  ///
  /// NOTE: the public reference code detaches when `epoch > 120`, one epoch later; llal
  /// follows the paper's count (epochs 0…119 are joint).
  public let detachAfter: Int?
  /// Ranking (the paper), BCE (RankNet), MSE (the paper's ablation) or listwise (ListNet).
  public let objective: LossPredictionObjective
  /// What the module predicts: the loss (learning loss) or the training dynamics (TiDAL).
  public let target: ModuleTarget

  /// A configuration; by default the paper's (margin 1, weight 1, halves pairing, never
  /// detached, ranking). A negative or non-finite margin or weight, or a negative
  /// `detachAfter`, is an error naming the field (`LearningLossConfig.margin`, …).
  public init(
    margin: Float = 1, weight: Float = 1, pairing: RankingPairing = .halves,
    detachAfter: Int? = nil, objective: LossPredictionObjective = .ranking,
    target: ModuleTarget = .loss
  ) throws {
    for (field, value) in [("margin", margin), ("weight", weight)]
    where !(value >= 0 && value.isFinite) {
      throw FieldError(
        "LearningLossConfig.\(field)", "must be a non-negative number, found \(value)")
    }
    if let detachAfter, detachAfter < 0 {
      throw FieldError(
        "LearningLossConfig.detachAfter", "must not be negative, found \(detachAfter)")
    }
    self.init(
      checked: margin, weight, pairing: pairing, detachAfter: detachAfter, objective: objective,
      target: target)
  }

  private init(
    checked margin: Float, _ weight: Float, pairing: RankingPairing, detachAfter: Int?,
    objective: LossPredictionObjective, target: ModuleTarget
  ) {
    self.margin = margin
    self.weight = weight
    self.pairing = pairing
    self.detachAfter = detachAfter
    self.objective = objective
    self.target = target
  }

  /// The paper's: margin 1, weight 1, halves pairing, never detached, ranking.
  public static let paper = LearningLossConfig(
    checked: 1, 1, pairing: .halves, detachAfter: nil, objective: .ranking, target: .loss)

  /// Whether features are detached during `epoch` (0-based).
  public func detaches(atEpoch epoch: Int) -> Bool {
    detachAfter.map { epoch >= $0 } ?? false
  }
}

extension LearningLossConfig {
  /// The module's loss for predicted losses `[B]` against the true per-sample losses
  /// `[B]` (detached here), under the objective, unweighted.
  public func moduleLoss(predicted: Tensor, trueLosses: Tensor) throws -> Tensor {
    switch objective {
    case .ranking:
      return try Losses.marginRanking(
        predicted: predicted, target: trueLosses, margin: margin, pairing: pairing)
    case .bce:
      return try Losses.pairwiseBCE(predicted: predicted, target: trueLosses, pairing: pairing)
    case .mse:
      return try Losses.meanSquaredError(predicted, trueLosses.detached())
    case .listwise:
      return try Losses.listwise(predicted: predicted, target: trueLosses)
    }
  }
}
