import LLALTensor

/// Saving and loading a model (and its loss module) as a safetensors checkpoint.
///
/// Names are the graph's (`c1.weight`, `c1.running_mean`, …) and, for the module,
/// `lossnet.` followed by the PyTorch reference's names (`lossnet.fcs.0.weight`). BN's
/// `num_batches_tracked` counter is not stored (llal does not use it; PyTorch loads such a
/// file with `strict=False`).
public enum Checkpoint {
  /// The prefix of the loss module's tensors.
  public static let lossModulePrefix = "lossnet."

  /// The tensors a checkpoint of `model` (and `lossModule`) holds, named.
  public static func tensors(model: ModelGraph, lossModule: LossPredictionModule? = nil)
    -> [NamedTensor]
  {
    model.parameters + model.buffers
      + (lossModule?.parameters.map { NamedTensor(lossModulePrefix + $0.name, $0.tensor) } ?? [])
  }

  /// Writes the model's (and module's) parameters and buffers to `path` (atomically).
  public static func save(
    model: ModelGraph, lossModule: LossPredictionModule? = nil, to path: String
  ) throws {
    try SafeTensors.write(
      tensors(model: model, lossModule: lossModule),
      metadata: ["format": "llal", "model": model.name], to: path)
  }

  /// Loads `path` into the model (and module). Every name must match and every shape
  /// agree; otherwise nothing is changed and the error lists what differs.
  public static func load(
    into model: ModelGraph, lossModule: LossPredictionModule? = nil, from path: String
  ) throws {
    let file = try SafeTensors.read(from: path).tensors
    let expected = tensors(model: model, lossModule: lossModule)
    let found = Dictionary(file.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    let wanted = Set(expected.map(\.name))
    let missing = expected.map(\.name).filter { found[$0] == nil }
    let unexpected = file.map(\.name).filter { !wanted.contains($0) }
    if !missing.isEmpty || !unexpected.isEmpty {
      var parts: [String] = []
      if !missing.isEmpty { parts.append("missing " + list(missing)) }
      if !unexpected.isEmpty { parts.append("unexpected " + list(unexpected)) }
      throw CheckpointError(
        path: path,
        "does not match model '\(model.name)': " + parts.joined(separator: "; "))
    }
    for e in expected {
      // Every expected name was found above.
      guard let t = found[e.name] else { continue }
      guard t.shape == e.tensor.shape else {
        throw CheckpointError(
          path: path,
          "tensor '\(e.name)' has shape \(describeShape(t.shape)) in the file but "
            + "\(describeShape(e.tensor.shape)) in model '\(model.name)'")
      }
    }
    for e in expected {
      guard let t = found[e.name] else { continue }
      try e.tensor.assign(t)
    }
  }

  /// Up to five names, quoted, and how many more there are.
  private static func list(_ names: [String]) -> String {
    let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > 5 ? "\(shown) and \(names.count - 5) more" : shown
  }
}
