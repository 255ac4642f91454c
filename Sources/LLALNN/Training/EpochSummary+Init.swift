extension EpochSummary {
  /// An epoch's means as given, for a record read back from a file (a checkpoint of an
  /// active-learning run); `Trainer.fit` makes the others.
  public init(
    epoch: Int, epochs: Int, loss: Double, classificationLoss: Double, moduleLoss: Double?,
    accuracy: Double?, learningRate: Float, detached: Bool
  ) {
    self.epoch = epoch
    self.epochs = epochs
    self.loss = loss
    self.classificationLoss = classificationLoss
    self.moduleLoss = moduleLoss
    self.accuracy = accuracy
    self.learningRate = learningRate
    self.detached = detached
  }
}
