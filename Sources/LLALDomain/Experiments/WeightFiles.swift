import LLALActive
import LLALLanguage
import LLALNN

/// `save(path)` and `load(path)` of the values that hold weights: a model (as built), a
/// session's current model and a finished run's cycle model. The file is safetensors with
/// `Checkpoint`'s names (PyTorch's `load_state_dict(safetensors.torch.load_file(path))`
/// reads it), written atomically; its errors are located at the `path` argument.
enum WeightFiles {
  private static let path = Builtin.Parameter("path", .string)

  static let modelSave = Builtin(
    "save", [path], returns: "none", receiver: "model",
    doc: """
      Writes the model's parameters and buffers as built (before any training) to a \
      safetensors file.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let m = h as? ModelValue else {
      throw RuntimeError("save needs a model")
    }
    try write(args) { try Checkpoint.save(model: m.graph, to: $0) }
    return .none
  }

  static let sessionSave = Builtin(
    "save", [path], returns: "none", receiver: "session",
    doc: """
      Writes the session's current model and loss module (the weights after the last \
      step, or loaded ones) to a safetensors file; s.load(path) reads it back.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let s = h as? SessionValue else {
      throw RuntimeError("save needs a session")
    }
    try write(args) { try s.session.saveWeights(to: $0) }
    return .none
  }

  static let sessionLoad = Builtin(
    "load", [path], returns: "none", receiver: "session",
    doc: """
      Puts the weights of a safetensors file (saved by save, or by PyTorch with llal's \
      names) into the session's model and loss module, as PyTorch's load_state_dict \
      does: every name must match and every shape agree. predict, pool, evaluate and \
      query then use them; the next step trains as usual.
      """
  ) { args in
    guard case .host(let h)? = args.receiver, let s = h as? SessionValue else {
      throw RuntimeError("load needs a session")
    }
    let file = try args.string("path")
    do {
      try s.session.loadWeights(from: file)
    } catch let error as CheckpointError {
      var failure = args.error("path", "could not be loaded from \(error.path): \(error.message)")
      failure.isIOError = error.isIOError
      throw failure
    }
    return .none
  }

  static let cycleSave = Builtin(
    "save", [path], returns: "none", receiver: "cycle_model",
    doc: "Writes this cycle's model and loss module to a safetensors file."
  ) { args in
    guard case .host(let h)? = args.receiver, let m = h as? CycleModelValue else {
      throw RuntimeError("save needs a cycle's model")
    }
    try write(args) { file in
      let learner = try m.learner()
      try Checkpoint.save(model: learner.model, lossModule: learner.lossModule, to: file)
    }
    return .none
  }

  /// Runs `save` on the call's path; a failure is an error at `path`.
  private static func write(_ args: Arguments, _ save: (String) throws -> Void) throws {
    let file = try args.string("path")
    do {
      try save(file)
    } catch let error as CheckpointError {
      var failure = args.error("path", "could not be written to \(error.path): \(error.message)")
      failure.isIOError = error.isIOError
      throw failure
    }
  }
}
