import LLALNN

/// A session's current weights as a safetensors file (`Checkpoint`'s names: the model's
/// parameters and buffers, the loss module's under `lossnet.`), the counterpart of
/// PyTorch's `torch.save(model.state_dict())` and `load_state_dict`.
extension ActiveLearningSession {
  /// Writes the current model's and loss module's weights to `path` (atomically). Needs a
  /// trained model (a finished cycle or loaded weights).
  public func saveWeights(to path: String) throws {
    guard trained else {
      throw ActiveLearningError("save", "no trained model yet: run a step first")
    }
    let learner = try RunCheckpoint.graphLearner(self)
    try Checkpoint.save(model: learner.model, lossModule: learner.lossModule, to: path)
  }

  /// Puts the weights saved at `path` into the model and loss module; `predict`, `pool`,
  /// `evaluate` and `query` then use them (the next cycle trains as usual). Every name
  /// must match and every shape agree, else nothing changes and the `CheckpointError`
  /// says what differs.
  public func loadWeights(from path: String) throws {
    let learner = try RunCheckpoint.graphLearner(self)
    try Checkpoint.load(into: learner.model, lossModule: learner.lossModule, from: path)
    trained = true
  }
}
